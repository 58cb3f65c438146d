//! `cix uncertainty`: rank intervals under other choices, with a progress bar on a terminal for
//! runs that take over a second.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{emit, prepare, status, Stopped, USAGE_ERROR};
use crate::codes;
use crate::diag::Diag;
use crate::robust;

/// The most replications one command runs.
pub const MAX_RUNS: usize = crate::check::uncertainty::MAX_RUNS;

/// The options of `cix uncertainty` and `cix sensitivity`; `None`: as the spec's `uncertainty`
/// block says, else the default.
pub struct Options<'a> {
    pub data: Option<&'a Path>,
    pub runs: Option<usize>,
    pub seed: Option<u64>,
    /// `--top N`: only the units ranked N or better.
    pub top: Option<u32>,
    /// `--vary-weights P%` as written.
    pub vary: Option<&'a str>,
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

/// The loaded spec and what the command varies.
struct Setup {
    loaded: crate::project::Loaded,
    format: super::Format,
    r: robust::setup::Setup,
}

fn setup(spec: &Path, o: &Options, default_runs: usize) -> Result<Setup, Stopped> {
    if let Some(r) = o.runs {
        check_runs(r).map_err(usage)?;
    }
    let vary = o.vary.map(percent).transpose().map_err(usage)?;
    let (format, l) = prepare(spec, o.data, o.format)?;
    let asked = robust::setup::Asked {
        runs: o.runs,
        seed: o.seed,
        vary,
        default_runs,
    };
    let r = robust::setup::Setup::new(&l.model, &l.dataset, &l.results, &l.scoring, asked)
        .map_err(super::fail)?;
    Ok(Setup {
        loaded: l,
        format,
        r,
    })
}

fn run_uncertainty(spec: &Path, o: &Options) -> Result<(), Stopped> {
    let s = setup(spec, o, 1000)?;
    let bar = Bar::new(s.r.runs);
    let mut stats =
        robust::rank_intervals(&s.r.plan, &s.r.design, s.r.runs, s.r.seed, &|n| bar.add(n));
    bar.finish();
    if let Some(n) = o.top {
        stats.retain(|x| x.nominal <= n);
    }
    let out = robust::table::rank_intervals(
        &s.loaded.model,
        &s.r.plan.keys,
        &stats,
        &s.r.what,
        s.r.runs,
        s.r.seed,
    );
    emit(&[("uncertainty".to_string(), out)], s.format, None)
}

/// `cix sensitivity SPEC`: Sobol indices of each assumption (the spec's, or each parent's
/// weights varied ±P%) on the mean absolute rank shift, then "remove one".
pub fn sensitivity(spec: &Path, o: &Options) -> u8 {
    status(run_sensitivity(spec, o))
}

fn run_sensitivity(spec: &Path, o: &Options) -> Result<(), Stopped> {
    let s = setup(spec, o, 500)?;
    let l = &s.loaded;
    let indices = robust::sensitivity::sobol_indices(&s.r.plan, &s.r.design, s.r.runs, s.r.seed);
    let removed = robust::sensitivity::remove_one(&s.r.plan, &l.model);
    let mut first = robust::table::sobol(&s.r.design, &indices, s.r.runs);
    first
        .notes
        .push(t!("cli.assumptions", what = s.r.what, seed = s.r.seed).into_owned());
    let outputs = [
        ("sobol".to_string(), first),
        (
            "remove-one".to_string(),
            robust::table::removed(&l.model, &removed),
        ),
    ];
    emit(&outputs, s.format, None)
}

/// `cix coherence SPEC`: Cronbach's α, PCA and correlation flags of every parent's children.
pub fn coherence(spec: &Path, data: Option<&Path>, format: &str) -> u8 {
    status(prepare(spec, data, format).and_then(|(format, l)| {
        let all = robust::coherence::coherence(&l.model, &l.results);
        let out = robust::table::coherence(&l.model, &all);
        emit(&[("coherence".to_string(), out)], format, None)
    }))
}

/// `--runs N`: 1 to [`MAX_RUNS`] (E801).
pub fn check_runs(runs: usize) -> Result<usize, Diag> {
    if (1..=MAX_RUNS).contains(&runs) {
        Ok(runs)
    } else {
        Err(Diag::error(
            codes::E801,
            t!("cli.runs_out_of_range", runs = runs, max = MAX_RUNS),
        )
        .help(t!("cli.runs_help")))
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
        _ => {
            Err(Diag::error(codes::E802, t!("cli.bad_vary", text = text))
                .help(t!("cli.bad_vary_help")))
        }
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
        let template = format!(
            "{{bar:40}} {{pos}}/{{len}} {}, {{eta}} {}",
            t!("cli.replications"),
            t!("cli.left")
        );
        if let Ok(style) = ProgressStyle::with_template(&template) {
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
