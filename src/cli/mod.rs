//! The commands behind the binary, as functions returning an exit code. They print results to
//! stdout and diagnostics to stderr, through [`io`], so that a closed pipe or a full disk ends a
//! command with a message instead of a panic.

use std::path::Path;

pub mod audit;
pub mod edition;
pub mod io;

pub use io::print_diags;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::Model;
use crate::output::Output;
use crate::report::{render, Format};
use io::Stopped;

pub const OK: u8 = 0;
pub const USER_ERROR: u8 = 1;
pub const USAGE_ERROR: u8 = 2;

/// Print the diagnostics of a failed command (and how many errors, when more than one); the
/// status to stop with.
pub(crate) fn fail(diags: Diags) -> Stopped {
    print_diags(&diags.0);
    let n = diags.error_count();
    if n > 1 {
        io::err(&format!("{n} errors\n"));
    }
    USER_ERROR
}

/// The exit code of a command that ran to its end or stopped.
pub fn status(r: Result<(), Stopped>) -> u8 {
    match r {
        Ok(()) => OK,
        Err(code) => code,
    }
}

/// A usage error from the argument parser (clap's text) as E704: its first line the message
/// (the user's words in backticks), the rest the help. The status to exit with (2).
pub fn usage_error(clap_text: &str) -> u8 {
    let mut lines = clap_text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or_default();
    let message = first
        .strip_prefix("error: ")
        .unwrap_or(first)
        .replace('\'', "`");
    let mut help: Vec<String> = lines
        .filter(|l| !l.starts_with("For more information"))
        .map(|l| {
            let l = l.strip_prefix("tip: ").unwrap_or(l);
            let l = l.trim_start_matches('[').trim_end_matches(']');
            l.replacen("Usage:", "usage:", 1).replace('\'', "`")
        })
        .collect();
    help.push("`cix --help` lists the commands, `cix COMMAND --help` their options".to_string());
    print_diags(&[Diag::error(codes::E704, message).help(help.join("; "))]);
    USAGE_ERROR
}

/// A format named on the command line (clap only lets the four names through).
fn format_of(format: &str) -> Result<Format, Stopped> {
    Format::parse(format).ok_or_else(|| {
        print_diags(&[
            Diag::error(codes::E703, format!("unknown format `{format}`"))
                .help("use `--format table`, `csv`, `json` or `md`"),
        ]);
        USAGE_ERROR
    })
}

/// The common start of `run`, `query` and `explain`: the format, and the spec loaded with its
/// data (warnings printed), or the exit code to stop with.
pub(crate) fn prepare(
    spec: &Path,
    data: Option<&Path>,
    format: &str,
) -> Result<(Format, crate::Loaded), Stopped> {
    let format = format_of(format)?;
    let loaded = crate::load(spec, data).map_err(fail)?;
    print_diags(&loaded.warnings);
    Ok((format, loaded))
}

/// `cix check SPEC [--data FILE]`.
pub fn check(spec: &Path, data: Option<&Path>) -> u8 {
    status(check_spec(spec, data))
}

fn check_spec(spec: &Path, data: Option<&Path>) -> Result<(), Stopped> {
    match crate::load_spec(spec) {
        // A spec whose hierarchy is declared but not yet named checks without data.
        Ok((m, warnings)) if m.incomplete.is_some() => {
            print_diags(&warnings.0);
            let why = m.incomplete.as_ref().map(|w| w.node.as_str()).unwrap_or("");
            return io::out(&format!(
                "ok, not yet runnable: {} — {} indicators named; {why}\n",
                m.name,
                indicator_count(&m),
            ));
        }
        // A spec without data (an edition rebuilt from its report) is checked alone.
        Ok((m, warnings)) if data.is_none() && m.data.is_none() => {
            print_diags(&warnings.0);
            return io::out(&edition::spec_only_summary(&m));
        }
        // Its errors alone: there are no data to check.
        Err(diags) if data.is_none() && !names_data(spec) => return Err(fail(diags)),
        _ => {}
    }
    // Errors in the spec still go on to the data's, so that every problem shows at once.
    let l = crate::load(spec, data).map_err(fail)?;
    print_diags(&l.warnings);
    let m = &l.model;
    let edition = m
        .edition
        .as_ref()
        .map(|e| {
            let ordinal = e
                .ordinal
                .as_ref()
                .map(|o| format!(" {o}"))
                .unwrap_or_default();
            format!(" ({}{ordinal})", e.year)
        })
        .unwrap_or_default();
    let total = match m.scale {
        crate::rules::Scale::Points => format!("= {} points", total_max(m)),
        crate::rules::Scale::Range(hi) => format!("on 0–{}", hi.normalize()),
    };
    io::out(&format!(
        "ok: {}{edition} — {} indicators ({} leaves), total {} {total}; {} units from {} ({})\n{}",
        m.name,
        indicator_count(m),
        m.leaves().count(),
        m.total_name(),
        l.dataset.units.len(),
        l.dataset.table.source.name(),
        l.dataset.table.encoding,
        edition::inferred_lines(m),
    ))
}

/// Whether a spec (with the specs it extends) has a `data` line.
fn names_data(spec: &Path) -> bool {
    crate::edition::resolve(spec).is_ok_and(|r| {
        r.spec
            .items
            .iter()
            .any(|i| matches!(i, crate::syntax::ast::Item::Data { .. }))
    })
}

/// How many indicators a model names (its nodes but the total).
fn indicator_count(m: &Model) -> usize {
    m.nodes.len().saturating_sub(1)
}

/// The total's maximum, as written in a summary.
fn total_max(m: &Model) -> String {
    m.nodes
        .get(m.total)
        .map(|n| n.max.normalize().to_string())
        .unwrap_or_default()
}

/// `cix run SPEC [REPORT…]`.
pub fn run(
    spec: &Path,
    reports: &[String],
    data: Option<&Path>,
    format: &str,
    out: Option<&Path>,
) -> u8 {
    status(prepare(spec, data, format).and_then(|(format, loaded)| {
        let outputs = crate::project::run_reports(&loaded, reports).map_err(fail)?;
        emit(&outputs, format, out)
    }))
}

/// `cix query SPEC QUERY`.
pub fn query(spec: &Path, text: &str, data: Option<&Path>, format: &str) -> u8 {
    status(prepare(spec, data, format).and_then(|(format, loaded)| {
        let o = crate::project::query(&loaded, text).map_err(fail)?;
        emit(&[("query".to_string(), o)], format, None)
    }))
}

/// `cix explain SPEC UNIT [INDICATOR]`.
pub fn explain(
    spec: &Path,
    unit: &str,
    indicator: Option<&str>,
    data: Option<&Path>,
    format: &str,
) -> u8 {
    status(prepare(spec, data, format).and_then(|(format, loaded)| {
        let o = crate::explain::explain(
            &loaded.model,
            &loaded.results,
            &loaded.scoring,
            unit,
            indicator,
        )
        .map_err(fail)?;
        emit(&[(unit.to_string(), o)], format, None)
    }))
}

/// Print named outputs to stdout (notes to stderr in csv and json), or write each to
/// `out_dir/NAME.EXT`.
pub fn emit(
    outputs: &[(String, Output)],
    format: Format,
    out_dir: Option<&Path>,
) -> Result<(), Stopped> {
    if let Some(dir) = out_dir {
        return write_outputs(outputs, format, dir);
    }
    for (i, (_, o)) in outputs.iter().enumerate() {
        let blank_line = i > 0 && (format.notes_inline() || format == Format::Csv);
        let text = render(o, format);
        io::out(&if blank_line {
            format!("\n{text}")
        } else {
            text
        })?;
        if !format.notes_inline() {
            notes(None, &o.notes);
        }
    }
    Ok(())
}

/// `--out DIR`: each output to `DIR/NAME.EXT`.
fn write_outputs(outputs: &[(String, Output)], format: Format, dir: &Path) -> Result<(), Stopped> {
    let stop = |d: Diag| fail(Diags::from(d));
    io::create_dir(dir).map_err(stop)?;
    let ext = match format {
        Format::Table => "txt",
        Format::Csv => "csv",
        Format::Json => "json",
        Format::Md => "md",
    };
    for (name, o) in outputs {
        let path = dir.join(format!("{name}.{ext}"));
        io::write_file(&path, render(o, format)).map_err(stop)?;
        notes(Some(name), &o.notes);
        io::err(&format!("wrote {}\n", path.display()));
    }
    Ok(())
}

/// An output's notes on stderr, each under its output's name when there are several files.
fn notes(name: Option<&str>, notes: &[String]) {
    for n in notes {
        match name {
            Some(name) => io::err(&format!("note: {name}: {n}\n")),
            None => io::err(&format!("note: {n}\n")),
        }
    }
}
