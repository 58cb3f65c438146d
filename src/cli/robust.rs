//! `cix uncertainty`: rank intervals under other choices, with a progress bar on a terminal for
//! runs that take over a second.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{emit, prepare, status, Stopped, USAGE_ERROR};
use crate::codes;
use crate::diag::Diag;
use crate::robust::{self, Design, Plan};

/// The most replications one command runs.
pub const MAX_RUNS: usize = 10_000_000;

/// The options of `cix uncertainty`.
pub struct Options<'a> {
    pub data: Option<&'a Path>,
    pub runs: usize,
    pub seed: u64,
    /// `--top N`: only the units ranked N or better.
    pub top: Option<u32>,
    /// `--vary-weights P%` as written.
    pub vary: &'a str,
    pub format: &'a str,
}

/// `cix uncertainty SPEC`.
pub fn uncertainty(spec: &Path, o: &Options) -> u8 {
    status(run_uncertainty(spec, o))
}

fn usage(d: Diag) -> Stopped {
    super::print_diags(&[d]);
    USAGE_ERROR
}

fn run_uncertainty(spec: &Path, o: &Options) -> Result<(), Stopped> {
    let runs = check_runs(o.runs).map_err(usage)?;
    let pct = percent(o.vary).map_err(usage)?;
    let (format, l) = prepare(spec, o.data, o.format)?;
    let plan = Plan::build(&l.model, &l.results, &l.scoring);
    let design = Design::vary_all_weights(&plan, &l.model, pct / 100.0);
    let bar = Bar::new(runs);
    let mut stats = robust::rank_intervals(&plan, &design, runs, o.seed, &|n| bar.add(n));
    bar.finish();
    if let Some(n) = o.top {
        stats.retain(|s| s.nominal <= n);
    }
    let what = format!(
        "every weight varied uniformly ±{}% and renormalised within its parent",
        trim(pct)
    );
    let out = robust::table::rank_intervals(&l.model, &plan.keys, &stats, &what, runs, o.seed);
    emit(&[("uncertainty".to_string(), out)], format, None)
}

/// `cix sensitivity SPEC`: Sobol indices of each parent's weights (varied ±P%) on the mean
/// absolute rank shift, then "remove one".
pub fn sensitivity(spec: &Path, o: &Options) -> u8 {
    status(run_sensitivity(spec, o))
}

fn run_sensitivity(spec: &Path, o: &Options) -> Result<(), Stopped> {
    let rows = check_runs(o.runs).map_err(usage)?;
    let pct = percent(o.vary).map_err(usage)?;
    let (format, l) = prepare(spec, o.data, o.format)?;
    let plan = Plan::build(&l.model, &l.results, &l.scoring);
    let design = Design::vary_all_weights(&plan, &l.model, pct / 100.0);
    let indices = robust::sensitivity::sobol_indices(&plan, &design, rows, o.seed);
    let removed = robust::sensitivity::remove_one(&plan, &l.model);
    let mut first = robust::table::sobol(&design, &indices, rows);
    first.notes.push(format!(
        "each assumption: the weights of one parent's children, varied uniformly ±{}% (seed {})",
        trim(pct),
        o.seed
    ));
    let outputs = [
        ("sobol".to_string(), first),
        (
            "remove-one".to_string(),
            robust::table::removed(&l.model, &removed),
        ),
    ];
    emit(&outputs, format, None)
}

/// `cix coherence SPEC`: Cronbach's α, PCA and correlation flags of every parent's children.
pub fn coherence(spec: &Path, data: Option<&Path>, format: &str) -> u8 {
    status(prepare(spec, data, format).and_then(|(format, l)| {
        let all = robust::coherence::coherence(&l.model, &l.results);
        let out = robust::table::coherence(&l.model, &all);
        emit(&[("coherence".to_string(), out)], format, None)
    }))
}

/// A number without trailing zeros (25, 12.5).
fn trim(x: f64) -> String {
    let s = format!("{x:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `--runs N`: 1 to [`MAX_RUNS`] (E801).
pub fn check_runs(runs: usize) -> Result<usize, Diag> {
    if (1..=MAX_RUNS).contains(&runs) {
        Ok(runs)
    } else {
        Err(Diag::error(
            codes::E801,
            format!("`--runs {runs}` is not between 1 and {MAX_RUNS}"),
        )
        .help("1,000 replications give rank intervals within a rank or two; 10,000 settle them"))
    }
}

/// `--vary-weights 25%` (or `25`): a percentage above 0 and below 100 (E802).
pub fn percent(text: &str) -> Result<f64, Diag> {
    let t = text.trim();
    let t = t
        .strip_suffix('%')
        .or_else(|| t.strip_suffix('％'))
        .unwrap_or(t);
    match t.trim().parse::<f64>() {
        Ok(p) if p > 0.0 && p < 100.0 => Ok(p),
        _ => Err(Diag::error(
            codes::E802,
            format!("`{text}` is not a weight variation between 0% and 100%"),
        )
        .help("write a percentage such as `--vary-weights 25%`: every weight drawn between 75% and 125% of its declared value")),
    }
}

/// A progress bar on stderr, drawn only on a terminal and only once a second has passed.
struct Bar {
    bar: ProgressBar,
    start: Instant,
    tty: bool,
}

impl Bar {
    fn new(runs: usize) -> Bar {
        let bar = ProgressBar::with_draw_target(Some(runs as u64), ProgressDrawTarget::hidden());
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {pos}/{len} replications, {eta} left")
        {
            bar.set_style(style);
        }
        Bar {
            bar,
            start: Instant::now(),
            tty: std::io::stderr().is_terminal(),
        }
    }

    fn add(&self, n: u64) {
        self.bar.inc(n);
        if self.tty && self.bar.is_hidden() && self.start.elapsed().as_secs() >= 1 {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
