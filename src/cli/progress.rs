//! A progress line on the terminal for work over a second: a spinner naming the stage running
//! (reading, scoring, evaluating …). Drawn only when stderr is a terminal and the work has lasted
//! a second, so pipes, files and quick runs see nothing. With the environment variable
//! `CIX_TIMINGS` set, each stage's wall time is printed to stderr when it ends (for measuring);
//! `CIX_PROGRESS_AFTER_MS` changes the second to another delay (tests use 0). Used by `cix run`,
//! `report`, `query`, `explain` (reading, scoring, writing) and the REPL (loading, `:reload`,
//! the first `uncertainty`).

use std::cell::RefCell;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A spinner that shows itself after a second on a terminal; cleared when dropped.
pub struct Progress {
    bar: ProgressBar,
    /// The stage running and when it started, when timings are asked for.
    timing: Option<RefCell<(String, Instant)>>,
}

impl Progress {
    pub fn start() -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        if std::io::stderr().is_terminal() {
            let later = bar.clone();
            let after = std::env::var("CIX_PROGRESS_AFTER_MS")
                .ok()
                .and_then(|ms| ms.parse().ok())
                .map_or(Duration::from_secs(1), Duration::from_millis);
            std::thread::spawn(move || {
                std::thread::sleep(after);
                if !later.is_finished() {
                    later.set_draw_target(ProgressDrawTarget::stderr());
                    later.enable_steady_tick(Duration::from_millis(120));
                }
            });
        }
        let timing =
            std::env::var_os("CIX_TIMINGS").map(|_| RefCell::new((String::new(), Instant::now())));
        Progress { bar, timing }
    }

    /// Name the stage now running.
    pub fn stage(&self, what: &str) {
        self.bar.set_message(what.to_string());
        if let Some(t) = &self.timing {
            let mut t = t.borrow_mut();
            report(&t.0, t.1);
            *t = (what.to_string(), Instant::now());
        }
    }
}

/// `timing: STAGE 1.234 s` on stderr.
fn report(stage: &str, since: Instant) {
    if !stage.is_empty() {
        eprintln!("timing: {stage} {:.3} s", since.elapsed().as_secs_f64());
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
        if let Some(t) = &self.timing {
            let t = t.borrow();
            report(&t.0, t.1);
        }
    }
}
