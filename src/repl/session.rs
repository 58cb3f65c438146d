//! The REPL backend: a session holding a loaded spec, evaluating one input at a time. No
//! terminal here, so tests drive it directly. An error never ends the session.

use std::path::{Path, PathBuf};

use super::command::{self, help_text, Command};
use super::complete::Vocabulary;
use crate::diag::{render_with, Diag};
use crate::project::{self, Loaded};
use crate::report::{render, Format};

/// What one input produced: text for stdout, text for stderr, whether it failed, and whether
/// to stop.
#[derive(Debug, Default, PartialEq)]
pub struct Reply {
    pub out: String,
    pub err: String,
    pub failed: bool,
    pub quit: bool,
}

impl Reply {
    fn out(s: impl Into<String>) -> Reply {
        Reply {
            out: s.into(),
            ..Reply::default()
        }
    }
    fn err(s: impl Into<String>) -> Reply {
        Reply {
            err: s.into(),
            failed: true,
            ..Reply::default()
        }
    }
}

pub struct Session {
    pub spec_path: PathBuf,
    pub data_path: Option<PathBuf>,
    pub loaded: Option<Loaded>,
    pub format: Format,
    /// Colour in diagnostics (a terminal frontend sets it).
    pub color: bool,
    /// The line the next input starts on, for locating errors (`repl:LINE:COLUMN`).
    pub next_line: usize,
    /// Rank intervals of the loaded spec, computed by the first `uncertainty …` and kept until
    /// the spec or data is loaded again.
    pub intervals: Option<crate::robust::setup::Intervals>,
    /// How many times this session computed them (once per load).
    pub intervals_computed: usize,
    /// How many times a spec was loaded (the frontend rebuilds its completion words only when
    /// this changes: at a million units they take a moment).
    pub loads: usize,
}

impl Session {
    /// Open a session; problems loading are returned as diagnostics and leave the session
    /// usable (`:load`, `:reload`).
    pub fn open(spec: &Path, data: Option<&Path>) -> (Session, Vec<Diag>) {
        let mut s = Session {
            spec_path: spec.to_path_buf(),
            data_path: data.map(Path::to_path_buf),
            loaded: None,
            format: Format::Table,
            color: false,
            next_line: 1,
            intervals: None,
            intervals_computed: 0,
            loads: 0,
        };
        let diags = s.reload();
        (s, diags)
    }

    /// Re-read spec and data. On failure the previous state is kept.
    pub fn reload(&mut self) -> Vec<Diag> {
        // A progress line on a terminal when loading lasts over a second.
        let progress = crate::cli::progress::Progress::start();
        let loaded = project::load_staged(
            &self.spec_path,
            self.data_path.as_deref(),
            None,
            &|stage| progress.stage(stage),
            project::Bounded::Yes,
            project::Keep::Inputs,
        );
        drop(progress);
        match loaded {
            Ok(l) => {
                let w = l.warnings.clone();
                self.loaded = Some(l);
                self.intervals = None;
                self.loads = self.loads.saturating_add(1);
                w
            }
            Err(d) => d.0,
        }
    }

    fn render_diags(&self, diags: &[Diag]) -> String {
        render_with(diags, self.color)
    }

    /// Evaluate one input: a `:command`, `why`, or a query. It may span lines; errors are
    /// located from [`Session::next_line`], which moves past the input.
    pub fn eval(&mut self, input: &str) -> Reply {
        let line = self.next_line;
        let lines = input.split('\n').count();
        self.next_line = self.next_line.saturating_add(lines);
        match command::parse(input, line) {
            Ok(c) => self.run(c),
            Err(d) => Reply::err(self.render_diags(&[d])),
        }
    }

    /// Run a parsed command.
    pub fn run(&mut self, command: Command) -> Reply {
        match command {
            Command::Nothing => Reply::default(),
            Command::Quit => Reply {
                quit: true,
                ..Reply::default()
            },
            Command::Help => Reply::out(help_text()),
            Command::Reload => self.reload_reply(),
            Command::Load(path) => self.load(path),
            Command::Data(path) => self.data(path),
            Command::Format(f) => {
                self.format = f;
                Reply::out(format!("format: {}\n", format_name(f)))
            }
            Command::Reports => self.with_loaded(|_, l| {
                Reply::out(
                    l.model
                        .reports
                        .iter()
                        .map(|r| match &r.title {
                            Some(t) => format!("{}  {}\n", r.name.node, t.node),
                            None => format!("{}\n", r.name.node),
                        })
                        .collect::<String>(),
                )
            }),
            Command::Run(report) => {
                self.with_loaded(|s, l| match project::run_reports(l, &[report]) {
                    Ok(outs) => Reply::out(
                        outs.iter()
                            .map(|(_, o)| render(o, s.format))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    ),
                    Err(d) => Reply::err(s.render_diags(&d.0)),
                })
            }
            Command::Why { unit, indicator } => self.with_loaded(|s, l| {
                let indicator = indicator.as_ref().map(|i| i.node.as_str());
                match crate::project::explain(l, &unit.node, indicator) {
                    Ok(o) => s.answer(o),
                    Err(d) => Reply::err(s.render_diags(&d.0)),
                }
            }),
            Command::Query(q, source) => self.with_loaded(|s, l| {
                // Checked once into a plan, then run, over the level, year or blend it names
                // with `at` (language chapter 7).
                let answer = l
                    .scope_of(&q.node, &source)
                    .map_err(crate::diag::Diags::from)
                    .and_then(|(model, results)| l.answer(model, results, &q, &source));
                match answer {
                    Ok(o) => s.answer(o),
                    Err(d) => Reply::err(s.render_diags(&d.0)),
                }
            }),
            Command::Uncertainty(ask, source) => self.uncertainty(&ask, &source),
            Command::Check(claim, source) => self.with_loaded(|s, l| {
                let c =
                    crate::audit::check(&l.model, &l.results, l.bounds.as_ref(), *claim, &source);
                match &c.error {
                    Some(d) => Reply::err(s.render_diags(&d.0)),
                    None => s.answer(crate::audit::table(std::slice::from_ref(&c))),
                }
            }),
        }
    }

    /// `uncertainty of …` / `uncertainty top N`: the rank intervals, computed on first use.
    fn uncertainty(
        &mut self,
        ask: &crate::syntax::uncertainty::Ask,
        source: &crate::source::Source,
    ) -> Reply {
        let Some(l) = &self.loaded else {
            return self.with_loaded(|_, _| Reply::default());
        };
        if self.intervals.is_none() {
            use crate::robust::setup::Intervals;
            let progress = crate::cli::progress::Progress::start();
            let what = t!("repl.stage_intervals");
            progress.stage(&what);
            let computed = Intervals::compute(&l.model, &l.dataset, &l.results, &l.scoring);
            drop(progress);
            match computed {
                Ok(i) => {
                    self.intervals = Some(i);
                    self.intervals_computed = self.intervals_computed.saturating_add(1);
                }
                Err(d) => return Reply::err(self.render_diags(&d.0)),
            }
        }
        let answer = self
            .intervals
            .as_ref()
            .map(|i| i.answer(&l.model, ask, source));
        match answer {
            Some(Ok(o)) => self.answer(o),
            Some(Err(d)) => Reply::err(self.render_diags(&d.0)),
            None => Reply::default(),
        }
    }

    /// Run `f` on the loaded spec, or say that none is.
    fn with_loaded(&self, f: impl FnOnce(&Session, &Loaded) -> Reply) -> Reply {
        match &self.loaded {
            Some(l) => f(self, l),
            None => {
                Reply::err(
                    self.render_diags(&[Diag::error(crate::codes::E012, t!("repl.no_spec"))
                        .help(t!("repl.no_spec_help"))]),
                )
            }
        }
    }

    /// An answer in the session's format; notes to stderr in machine formats.
    fn answer(&self, o: crate::output::Output) -> Reply {
        let mut r = Reply::out(render(&o, self.format));
        if !self.format.notes_inline() {
            r.err = o.notes.iter().map(|n| format!("note: {n}\n")).collect();
        }
        r
    }

    fn load(&mut self, path: PathBuf) -> Reply {
        let old = std::mem::replace(&mut self.spec_path, path);
        let r = self.reload_reply();
        if self
            .loaded
            .as_ref()
            .is_none_or(|l| l.spec_path != self.spec_path)
        {
            self.spec_path = old;
        }
        r
    }

    fn data(&mut self, path: PathBuf) -> Reply {
        let old = self.data_path.replace(path);
        let name = |s: &Session| {
            s.loaded
                .as_ref()
                .map(|l| l.dataset.table.source.name().to_string())
        };
        let before = name(self);
        let r = self.reload_reply();
        if before == name(self) && r.failed {
            self.data_path = old;
        }
        r
    }

    fn reload_reply(&mut self) -> Reply {
        let diags = self.reload();
        let mut r = Reply {
            failed: diags.iter().any(Diag::is_error),
            ..Reply::default()
        };
        if !diags.is_empty() {
            r.err = self.render_diags(&diags);
        }
        match &self.loaded {
            Some(l) if l.spec_path == self.spec_path && !diags.iter().any(Diag::is_error) => {
                let line = t!(
                    "repl.loaded",
                    name = l.model.name,
                    units = l.dataset.units.len(),
                    file = l.dataset.table.source.name()
                );
                r.out = format!("{line}\n");
            }
            Some(_) => {
                r.failed = true;
                r.err.push_str(&format!("{}\n", t!("repl.kept_previous")));
            }
            None => r.failed = true,
        }
        r
    }

    /// The names this session knows, for completion.
    pub fn vocabulary(&self) -> Vocabulary {
        Vocabulary::of(self.loaded.as_ref())
    }
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Table => "table",
        Format::Csv => "csv",
        Format::Json => "json",
        Format::Md => "md",
    }
}
