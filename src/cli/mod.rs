//! The commands behind the binary, as functions returning an exit code. They print results to
//! stdout and diagnostics to stderr.
// Not yet free of panicking operations (issue 8): remove this line once the file is.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::io::IsTerminal;
use std::path::Path;

pub mod edition;

use crate::codes;
use crate::diag::{render_with, Diag, Diags};
use crate::output::Output;
use crate::report::{render, Format};

pub const OK: u8 = 0;
pub const USER_ERROR: u8 = 1;
pub const USAGE_ERROR: u8 = 2;

/// Print diagnostics to stderr, coloured on a terminal.
pub fn print_diags(diags: &[Diag]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    eprint!("{}", render_with(diags, color));
}

fn fail(diags: Diags) -> u8 {
    print_diags(&diags.0);
    let n = diags.error_count();
    if n > 1 {
        eprintln!("{n} errors");
    }
    USER_ERROR
}

/// The common start of `run`, `query` and `explain`: the format, and the spec loaded with its
/// data (warnings printed), or the exit code to stop with.
fn prepare(spec: &Path, data: Option<&Path>, format: &str) -> Result<(Format, crate::Loaded), u8> {
    let Some(format) = Format::parse(format) else {
        eprintln!("error: unknown format `{format}`; use table, csv, json or md");
        return Err(USAGE_ERROR);
    };
    let loaded = crate::load(spec, data).map_err(fail)?;
    print_diags(&loaded.warnings);
    Ok((format, loaded))
}

pub fn check(spec: &Path, data: Option<&Path>) -> u8 {
    // A spec whose hierarchy is declared but not yet named checks without data.
    if let Ok((m, diags)) = crate::load_spec(spec) {
        if let Some(why) = &m.incomplete {
            print_diags(&diags.0);
            println!(
                "ok, not yet runnable: {} — {} indicators named; {}",
                m.name,
                m.nodes.len() - 1,
                why.node
            );
            return OK;
        }
    }
    match crate::load(spec, data) {
        // A spec without data (an edition rebuilt from its report) is checked alone.
        Err(d)
            if data.is_none()
                && d.error_count() == 1
                && d.errors().all(|e| e.code == codes::E106) =>
        {
            crate::cli::edition::check_spec_only(spec)
        }
        Ok(l) => {
            print_diags(&l.warnings);
            let m = &l.model;
            let edition = m
                .edition
                .as_ref()
                .map(|e| {
                    format!(
                        " ({}{})",
                        e.year,
                        e.ordinal
                            .as_ref()
                            .map(|o| format!(" {o}"))
                            .unwrap_or_default()
                    )
                })
                .unwrap_or_default();
            println!(
                "ok: {}{edition} — {} indicators ({} leaves), total {} {}; {} units from {} ({})",
                m.name,
                m.nodes.len() - 1,
                m.leaves().count(),
                m.total_name(),
                match m.scale {
                    crate::rules::Scale::Points =>
                        format!("= {} points", m.nodes[m.total].max.normalize()),
                    crate::rules::Scale::Range(hi) => format!("on 0–{}", hi.normalize()),
                },
                l.dataset.units.len(),
                l.dataset.table.source.name(),
                l.dataset.table.encoding,
            );
            crate::cli::edition::print_inferred(m);
            OK
        }
        Err(d) => fail(d),
    }
}

pub fn run(
    spec: &Path,
    reports: &[String],
    data: Option<&Path>,
    format: &str,
    out: Option<&Path>,
) -> u8 {
    let (format, loaded) = match prepare(spec, data, format) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let outputs = match crate::project::run_reports(&loaded, reports) {
        Ok(o) => o,
        Err(d) => return fail(d),
    };
    emit(&outputs, format, out)
}

pub fn query(spec: &Path, text: &str, data: Option<&Path>, format: &str) -> u8 {
    let (format, loaded) = match prepare(spec, data, format) {
        Ok(p) => p,
        Err(code) => return code,
    };
    match crate::project::query(&loaded, text) {
        Ok(o) => emit(&[("query".to_string(), o)], format, None),
        Err(d) => fail(d),
    }
}

/// Print (or write to `out_dir`) named outputs.
pub fn emit(outputs: &[(String, Output)], format: Format, out_dir: Option<&Path>) -> u8 {
    if let Some(dir) = out_dir {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("error: cannot create `{}`: {e}", dir.display());
            return USER_ERROR;
        }
        let ext = match format {
            Format::Table => "txt",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Md => "md",
        };
        for (name, o) in outputs {
            let path = dir.join(format!("{name}.{ext}"));
            if let Err(e) = std::fs::write(&path, render(o, format)) {
                eprintln!("error: cannot write `{}`: {e}", path.display());
                return USER_ERROR;
            }
            for n in &o.notes {
                eprintln!("note: {name}: {n}");
            }
            eprintln!("wrote {}", path.display());
        }
        return OK;
    }
    let many = outputs.len() > 1;
    for (i, (_, o)) in outputs.iter().enumerate() {
        if format.notes_inline() {
            if i > 0 {
                println!();
            }
            print!("{}", render(o, format));
        } else {
            if many && format == Format::Csv && i > 0 {
                println!();
            }
            print!("{}", render(o, format));
            for n in &o.notes {
                eprintln!("note: {n}");
            }
        }
    }
    OK
}

/// `cix explain SPEC UNIT [INDICATOR]`.
pub fn explain(
    spec: &Path,
    unit: &str,
    indicator: Option<&str>,
    data: Option<&Path>,
    format: &str,
) -> u8 {
    let (format, loaded) = match prepare(spec, data, format) {
        Ok(p) => p,
        Err(code) => return code,
    };
    match crate::explain::explain(&loaded, unit, indicator) {
        Ok(o) => emit(&[(unit.to_string(), o)], format, None),
        Err(d) => fail(d),
    }
}
