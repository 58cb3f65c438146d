//! The commands behind the binary, as functions returning an exit code. They print results to
//! stdout and diagnostics to stderr, through [`io`], so that a closed pipe or a full disk ends a
//! command with a message instead of a panic.

use std::path::Path;

pub mod audit;
pub mod edition;
pub mod help;
pub mod io;
pub(crate) mod progress;
pub mod publish;
pub mod robust;
pub mod sql;

pub use io::print_diags;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::Model;
use crate::output::{Output, Table};
use crate::project::{Bounded, Keep};
use crate::report::Format;
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
        io::err(&format!("{}\n", t!("cli.n_errors", n = n)));
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
/// (the user's words in backticks), the rest the help. `said`: the message in the session's
/// language (then clap's English tips are left out, its usage line kept). The status to exit
/// with (2).
pub fn usage_error(clap_text: &str, said: Option<String>) -> u8 {
    let mut lines = clap_text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or_default();
    let translated = said.is_some();
    let message = said.unwrap_or_else(|| {
        first
            .strip_prefix("error: ")
            .unwrap_or(first)
            .replace('\'', "`")
    });
    let mut help: Vec<String> = lines
        .filter(|l| !l.starts_with("For more information"))
        .filter(|l| !translated || l.starts_with("Usage:"))
        .map(|l| {
            let l = l.strip_prefix("tip: ").unwrap_or(l);
            let l = l.trim_start_matches('[').trim_end_matches(']');
            l.replacen("Usage: ", &t!("cli.usage_word"), 1)
                .replace('\'', "`")
        })
        .collect();
    help.push(t!("cli.usage_help").into_owned());
    print_diags(&[Diag::error(codes::E704, message).help(help.join("; "))]);
    USAGE_ERROR
}

/// A format named on the command line (clap only lets the four names through).
fn format_of(format: &str) -> Result<Format, Stopped> {
    Format::parse(format).ok_or_else(|| {
        print_diags(&[
            Diag::error(codes::E703, t!("cli.unknown_format", format = format))
                .help(t!("cli.unknown_format_help")),
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
    prepare_sheet(spec, data, None, format, (Bounded::No, Keep::Inputs))
}

/// [`prepare`], with the data's rounding intervals evaluated too (`cix audit`).
pub(crate) fn prepare_bounded(
    spec: &Path,
    data: Option<&Path>,
    format: &str,
) -> Result<(Format, crate::Loaded), Stopped> {
    prepare_sheet(spec, data, None, format, (Bounded::Yes, Keep::Inputs))
}

/// [`prepare`], reading the sheet `sheet` (`--sheet`) when the data are a workbook, with the
/// input bounds or not and keeping the inputs or not (`cix run` lets them go).
fn prepare_sheet(
    spec: &Path,
    data: Option<&Path>,
    sheet: Option<&str>,
    format: &str,
    needs: (Bounded, Keep),
) -> Result<(Format, crate::Loaded), Stopped> {
    let format = format_of(format)?;
    Ok((format, load_staged(spec, data, sheet, needs)?))
}

/// Load with a progress line (and `CIX_TIMINGS`), the warnings printed.
fn load_staged(
    spec: &Path,
    data: Option<&Path>,
    sheet: Option<&str>,
    (bounded, keep): (Bounded, Keep),
) -> Result<crate::Loaded, Stopped> {
    let progress = progress::Progress::start();
    let stage = |what: &str| progress.stage(what);
    let loaded = crate::project::load_staged(spec, data, sheet, &stage, bounded, keep);
    drop(progress);
    let loaded = loaded.map_err(fail)?;
    print_diags(&loaded.warnings);
    Ok(loaded)
}

/// `cix check SPEC [--data FILE] [--sheet NAME]`.
pub fn check(spec: &Path, data: Option<&Path>, sheet: Option<&str>) -> u8 {
    status(check_spec(spec, data, sheet))
}

fn check_spec(spec: &Path, data: Option<&Path>, sheet: Option<&str>) -> Result<(), Stopped> {
    match crate::load_spec(spec) {
        // A spec whose hierarchy is declared but not yet named checks without data.
        Ok((m, warnings)) if m.incomplete.is_some() => {
            print_diags(&warnings.0);
            let why = m.incomplete.as_ref().map(|w| w.node.as_str()).unwrap_or("");
            let line = t!(
                "cli.ok_incomplete",
                name = m.name,
                indicators = indicator_count(&m),
                why = why
            );
            return io::out(&format!("{line}\n"));
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
    let l = crate::project::load_with(spec, data, sheet).map_err(fail)?;
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
    let scale = match m.scale {
        crate::rules::Scale::Points => t!("cli.scale_points", max = total_max(m)),
        crate::rules::Scale::Range(hi) => t!("cli.scale_range", hi = hi.normalize()),
    };
    let line = t!(
        "cli.ok",
        name = m.name,
        edition = edition,
        indicators = indicator_count(m),
        leaves = m.leaves().count(),
        total = m.total_name(),
        scale = scale,
        units = l.dataset.units.len(),
        file = l.dataset.table.source.name(),
        encoding = l.dataset.table.encoding
    );
    io::out(&format!("{line}\n{}", edition::inferred_lines(m)))
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

/// `cix run SPEC [REPORT…]`; `excel` (`--excel`) writes CSV for Excel.
pub fn run(
    spec: &Path,
    reports: &[String],
    data: Option<&Path>,
    sheet: Option<&str>,
    format: &str,
    out: Option<&Path>,
    excel: bool,
) -> u8 {
    if format == XLSX {
        return status(run_xlsx(spec, reports, data, sheet, out, excel));
    }
    // The reports read the results alone: the inputs go once they exist.
    let needs = (Bounded::No, Keep::Answers);
    status(
        prepare_sheet(spec, data, sheet, format, needs).and_then(|(format, loaded)| {
            excel_needs_csv(format, excel)?;
            let progress = progress::Progress::start();
            progress.stage(&t!("cli.stage_ranking"));
            let answers = crate::project::answer_reports(&loaded, reports).map_err(fail)?;
            let written = emit_as(&answers, format, excel, out);
            drop(answers);
            // The command ends here: freeing a loaded index unit by unit (a million units:
            // millions of small allocations, a fifth of a second) would only delay the exit
            // that returns the memory to the system at once.
            std::mem::forget(loaded);
            written
        }),
    )
}

/// The format that writes a workbook (`--format xlsx --out FILE.xlsx`).
const XLSX: &str = "xlsx";

/// `cix run SPEC [REPORT…] --format xlsx --out FILE.xlsx`: the reports as one workbook, a
/// sheet each.
fn run_xlsx(
    spec: &Path,
    reports: &[String],
    data: Option<&Path>,
    sheet: Option<&str>,
    out: Option<&Path>,
    excel: bool,
) -> Result<(), Stopped> {
    let Some(file) = out else {
        print_diags(&[
            Diag::error(codes::E711, t!("cli.xlsx_needs_out")).help(t!("cli.xlsx_needs_out_help"))
        ]);
        return Err(USAGE_ERROR);
    };
    if excel {
        print_diags(&[Diag::error(codes::E710, t!("cli.excel_with_xlsx"))
            .help(t!("cli.excel_with_xlsx_help"))]);
        return Err(USAGE_ERROR);
    }
    let loaded = load_staged(spec, data, sheet, (Bounded::No, Keep::Answers))?;
    let outputs = crate::project::run_reports(&loaded, reports).map_err(fail)?;
    crate::publish::xlsx::write(&outputs, file).map_err(|d| fail(Diags::from(d)))?;
    let file = file.display();
    let wrote = match outputs.len() {
        1 => t!("cli.wrote_sheet", file = file),
        n => t!("cli.wrote_sheets", file = file, n = n),
    };
    io::err(&format!("{wrote}\n"));
    Ok(())
}

/// `cix query SPEC QUERY`; `excel` (`--excel`) writes CSV for Excel.
pub fn query(
    spec: &Path,
    text: &str,
    data: Option<&Path>,
    sheet: Option<&str>,
    format: &str,
    excel: bool,
) -> u8 {
    let needs = (Bounded::Yes, Keep::Inputs);
    status(
        prepare_sheet(spec, data, sheet, format, needs).and_then(|(format, loaded)| {
            excel_needs_csv(format, excel)?;
            let progress = progress::Progress::start();
            progress.stage(&t!("cli.stage_answering"));
            let o = crate::project::query(&loaded, text).map_err(fail)?;
            emit_as(&[("query".to_string(), o)], format, excel, None)
        }),
    )
}

/// `--excel` shapes CSV alone: with another format it is a usage error (E710).
fn excel_needs_csv(format: Format, excel: bool) -> Result<(), Stopped> {
    if !excel || format == Format::Csv {
        return Ok(());
    }
    print_diags(&[
        Diag::error(codes::E710, t!("cli.excel_needs_csv")).help(t!("cli.excel_needs_csv_help"))
    ]);
    Err(USAGE_ERROR)
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
        let progress = progress::Progress::start();
        progress.stage(&t!("cli.stage_explaining"));
        let o = crate::project::explain(&loaded, unit, indicator).map_err(fail)?;
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
    emit_as(outputs, format, false, out_dir)
}

/// [`emit`], with `excel` asking for CSV that Excel opens as UTF-8 (a byte-order mark, CRLF).
/// Several reports on stdout: one JSON document, or CSV tables apart by an empty line
/// ([`crate::report::render_many`]).
pub fn emit_as<T: Table>(
    outputs: &[(String, T)],
    format: Format,
    excel: bool,
    out_dir: Option<&Path>,
) -> Result<(), Stopped> {
    if let Some(dir) = out_dir {
        return write_outputs(outputs, format, excel, dir);
    }
    if format == Format::Table && io::paints() && outputs.len() == 1 {
        // A dashboard's colours painted on a terminal (language chapter 7).
        for (_, o) in outputs {
            io::out(&crate::report::render_painted(o))?;
        }
    } else {
        io::out_with(|w| crate::report::write_many(w, outputs, format, excel))?;
    }
    if !format.notes_inline() {
        for (_, o) in outputs {
            notes(None, o.notes());
        }
    }
    Ok(())
}

/// `--out DIR`: each output to `DIR/NAME.EXT`.
fn write_outputs<T: Table>(
    outputs: &[(String, T)],
    format: Format,
    excel: bool,
    dir: &Path,
) -> Result<(), Stopped> {
    let stop = |d: Diag| fail(Diags::from(d));
    io::create_dir(dir).map_err(stop)?;
    let ext = match format {
        Format::Table => "txt",
        Format::Csv => "csv",
        Format::Json => "json",
        Format::Md => "md",
    };
    for (name, o) in outputs {
        let path = dir.join(format!("{}.{ext}", crate::report::file_name(name)));
        io::write_file_with(&path, |w| {
            if excel && format == Format::Csv {
                crate::report::write_excel_csv(w, o)
            } else {
                crate::report::write(w, o, format)
            }
        })
        .map_err(stop)?;
        notes(Some(name), o.notes());
        io::err(&format!("{}\n", t!("cli.wrote", file = path.display())));
    }
    Ok(())
}

/// An output's notes on stderr, each under its output's name when there are several files.
fn notes(name: Option<&str>, notes: &[String]) {
    for n in notes {
        match name {
            Some(name) => io::err(&format!("{}\n", t!("cli.note_of", name = name, note = n))),
            None => io::err(&format!("{}\n", t!("cli.note", note = n))),
        }
    }
}
