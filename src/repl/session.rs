//! The REPL backend: a session holding a loaded spec, evaluating one input at a time. No
//! terminal here, so tests drive it directly. An error never ends the session.
// Not yet free of panicking operations (issue 8): remove this line once the file is.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::path::{Path, PathBuf};

use crate::diag::{render_with, Diag};
use crate::project::{self, Loaded};
use crate::report::{render, Format};

/// What one input produced: text for stdout, text for stderr, and whether to stop.
#[derive(Debug, Default, PartialEq)]
pub struct Reply {
    pub out: String,
    pub err: String,
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
}

/// The REPL's commands, for `:help` and completion.
pub const COMMANDS: &[(&str, &str)] = &[
    (":help", "this list (also :h, :?)"),
    (":load SPEC", "load another spec (and its data)"),
    (
        ":reload",
        "re-read the spec and data after editing them (also :r)",
    ),
    (":data FILE", "run the spec over another data file"),
    (
        ":format table|csv|json|md",
        "how answers are printed (also :f)",
    ),
    (":reports", "list the spec's reports"),
    (":run REPORT", "print one of the spec's reports"),
    (":quit", "leave (also :q, Ctrl-D)"),
];

/// Query forms, for `:help`.
pub const QUERY_HELP: &[&str] = &[
    "top 10 by 智慧服务 in 华南        top ten by 总分 per 区域        bottom 10 by 总分",
    "rank by 总分 per 区域 show 总分, 得分率        rank of 杭州        show 杭州",
    "compare 杭州, 宁波, 深圳        mean 总分 by 区域        stats 智慧基础设施 by 区域",
    "mean 总分 by 省份 where 行政级别 != 直辖市        mean 总分 by 行政级别 top 50",
    "count by 行政级别        histogram 总分 step 10        histogram 总分 edges 20, 30, 40",
    "corr 智慧管理, 智慧服务, 智慧经济 [with p]",
    "where 区域 = 华东 and 智慧服务 >= 10 sort 总分 desc",
    "why 杭州 [INDICATOR]        how a unit's score was built (raw value → normalised → weighted → summed)",
    "clauses after a query: in GROUP, where COND, per ATTRIBUTE, show COLS, sort COL [asc|desc], top N, quartiles exc|inc",
];

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
        };
        let diags = s.reload();
        (s, diags)
    }

    /// Re-read spec and data. On failure the previous state is kept.
    pub fn reload(&mut self) -> Vec<Diag> {
        match crate::load(&self.spec_path, self.data_path.as_deref()) {
            Ok(l) => {
                let w = l.warnings.clone();
                self.loaded = Some(l);
                w
            }
            Err(d) => d.0,
        }
    }

    fn render_diags(&self, diags: &[Diag]) -> String {
        render_with(diags, self.color)
    }

    /// Evaluate one input: a `:command` or a query.
    pub fn eval(&mut self, input: &str) -> Reply {
        let line = input.trim();
        if line.is_empty() || line.starts_with('#') {
            return Reply::default();
        }
        if let Some(cmd) = line.strip_prefix(':').or_else(|| line.strip_prefix('：')) {
            return self.command(cmd.trim());
        }
        if matches!(line, "quit" | "exit" | "help") {
            return self.command(line);
        }
        let Some(loaded) = &self.loaded else {
            return Reply::err(
                "no spec is loaded; fix the errors above and `:reload`, or `:load SPEC`\n",
            );
        };
        if let Some(rest) = line
            .strip_prefix("why ")
            .or_else(|| line.strip_prefix("explain "))
        {
            let mut words = rest.split_whitespace();
            let unit = words.next().unwrap_or("");
            let indicator = words.next();
            return match crate::explain::explain(loaded, unit, indicator) {
                Ok(o) => self.answer(o),
                Err(d) => Reply::err(self.render_diags(&d.0)),
            };
        }
        match project::query(loaded, line) {
            Ok(o) => self.answer(o),
            Err(d) => Reply::err(self.render_diags(&d.0)),
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

    fn command(&mut self, cmd: &str) -> Reply {
        let (name, arg) = match cmd.split_once(char::is_whitespace) {
            Some((n, a)) => (n, a.trim()),
            None => (cmd, ""),
        };
        match name {
            "q" | "quit" | "exit" => Reply {
                quit: true,
                ..Reply::default()
            },
            "h" | "?" | "help" => Reply::out(help_text()),
            "r" | "reload" => self.reload_reply(),
            "load" | "l" => {
                if arg.is_empty() {
                    return Reply::err("usage: :load SPEC\n");
                }
                let old = std::mem::replace(&mut self.spec_path, PathBuf::from(arg));
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
            "data" => {
                if arg.is_empty() {
                    return Reply::err("usage: :data FILE\n");
                }
                let old = self.data_path.replace(PathBuf::from(arg));
                let before = self
                    .loaded
                    .as_ref()
                    .map(|l| l.dataset.table.source.name().to_string());
                let r = self.reload_reply();
                let after = self
                    .loaded
                    .as_ref()
                    .map(|l| l.dataset.table.source.name().to_string());
                if before == after && !r.err.is_empty() {
                    self.data_path = old;
                }
                r
            }
            "f" | "format" => match Format::parse(arg) {
                Some(f) => {
                    self.format = f;
                    Reply::out(format!("format: {arg}\n"))
                }
                None => Reply::err(format!(
                    "unknown format `{arg}`; use table, csv, json or md\n"
                )),
            },
            "reports" => match &self.loaded {
                Some(l) => Reply::out(
                    l.model
                        .reports
                        .iter()
                        .map(|r| match &r.title {
                            Some(t) => format!("{}  {}\n", r.name.node, t.node),
                            None => format!("{}\n", r.name.node),
                        })
                        .collect::<String>(),
                ),
                None => Reply::err("no spec is loaded\n"),
            },
            "run" => match &self.loaded {
                Some(l) => match project::run_reports(l, &[arg.to_string()]) {
                    Ok(outs) => Reply::out(
                        outs.iter()
                            .map(|(_, o)| render(o, self.format))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    ),
                    Err(d) => Reply::err(self.render_diags(&d.0)),
                },
                None => Reply::err("no spec is loaded\n"),
            },
            other => {
                let names = COMMANDS.iter().map(|(c, _)| {
                    c.split_whitespace()
                        .next()
                        .unwrap_or(c)
                        .trim_start_matches(':')
                });
                let hint = crate::suggest::did_you_mean(other, names)
                    .map(|s| format!("; {s}"))
                    .unwrap_or_default();
                Reply::err(format!(
                    "unknown command `:{other}`{hint} (`:help` lists them)\n"
                ))
            }
        }
    }

    fn reload_reply(&mut self) -> Reply {
        let diags = self.reload();
        let mut r = Reply::default();
        if !diags.is_empty() {
            r.err = self.render_diags(&diags);
        }
        match &self.loaded {
            Some(l) if l.spec_path == self.spec_path && !diags.iter().any(Diag::is_error) => {
                r.out = format!(
                    "loaded {}: {} units from {}\n",
                    l.model.name,
                    l.dataset.units.len(),
                    l.dataset.table.source.name()
                );
            }
            Some(_) => r.err.push_str("kept the previous version\n"),
            None => {}
        }
        r
    }

    /// Words for completion: keywords, commands, and every name the spec and data know.
    pub fn completions(&self) -> Vec<String> {
        let mut words: Vec<String> = KEYWORDS.iter().map(|s| s.to_string()).collect();
        words.extend(
            COMMANDS
                .iter()
                .filter_map(|(c, _)| c.split_whitespace().next())
                .map(str::to_string),
        );
        if let Some(l) = &self.loaded {
            let m = &l.model;
            words.extend(m.names().into_iter().map(str::to_string));
            words.push(crate::query::RATE.to_string());
            words.extend(m.reports.iter().map(|r| r.name.node.clone()));
            for u in &l.results.units {
                words.push(u.key.clone());
                words.extend(u.attributes.iter().cloned());
            }
        }
        words.sort();
        words.dedup();
        words
    }
}

/// Query keywords, for completion.
pub const KEYWORDS: &[&str] = &[
    "top",
    "bottom",
    "rank",
    "by",
    "of",
    "in",
    "per",
    "show",
    "where",
    "and",
    "or",
    "not",
    "sort",
    "asc",
    "desc",
    "compare",
    "mean",
    "median",
    "min",
    "max",
    "sd",
    "qd",
    "range",
    "stats",
    "count",
    "histogram",
    "step",
    "edges",
    "corr",
    "with",
    "quartiles",
    "exc",
    "inc",
    "why",
];

fn help_text() -> String {
    let mut s = String::from("queries:\n");
    for l in QUERY_HELP {
        s.push_str(&format!("  {l}\n"));
    }
    s.push_str("commands:\n");
    for (c, what) in COMMANDS {
        s.push_str(&format!("  {c:<28} {what}\n"));
    }
    s
}

/// Whether an input needs another line: open brackets, or a trailing comma or `and`/`or`.
pub fn incomplete(text: &str) -> bool {
    let mut depth = 0i32;
    let mut in_str = false;
    for c in text.chars() {
        match c {
            '"' => in_str = !in_str,
            '“' if !in_str => in_str = true,
            '”' if in_str => in_str = false,
            '[' | '【' | '(' | '（' | '{' | '｛' if !in_str => depth += 1,
            ']' | '】' | ')' | '）' | '}' | '｝' if !in_str => depth -= 1,
            _ => {}
        }
    }
    let t = text.trim_end();
    depth > 0
        || in_str
        || t.ends_with([',', '，', '、'])
        || t.ends_with(" and")
        || t.ends_with(" or")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incomplete_lines() {
        assert!(incomplete("compare 杭州,"));
        assert!(incomplete("where 区域 = 华东 and"));
        assert!(incomplete("corr 智慧管理、"));
        assert!(!incomplete("top 10 by 总分"));
    }
}
