//! The edition commands behind the binary: `cix diff`, `cix fmt`, `cix run --compare`, and
//! the spec-only `cix check`. Results to stdout, diagnostics to stderr.
// Not yet free of panicking operations (issue 8): remove this line once the file is.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::path::Path;

use super::{emit, print_diags, OK, USAGE_ERROR, USER_ERROR};
use crate::diag::Diags;
use crate::model::Model;
use crate::report::{render, Format};

fn fail(diags: &Diags) -> u8 {
    print_diags(&diags.0);
    let n = diags.error_count();
    if n > 1 {
        eprintln!("{n} errors");
    }
    USER_ERROR
}

fn format_of(format: &str) -> Option<Format> {
    let f = Format::parse(format);
    if f.is_none() {
        eprintln!("error: unknown format `{format}`; use table, csv, json or md");
    }
    f
}

/// Provenance marks in a check summary: every weight that is inferred, not published.
pub fn print_inferred(m: &Model) {
    for n in &m.nodes {
        if let Some(why) = &n.inferred {
            let why = if why.is_empty() {
                "no reason given"
            } else {
                why
            };
            println!("  inferred: {} {} — {why}", n.name, n.max.normalize());
        }
    }
}

fn without_no_data(mut d: Diags) -> Diags {
    d.0.retain(|d| d.code != crate::codes::E106);
    d
}

/// `cix check` on a spec that names no data file: the spec alone.
pub fn check_spec_only(spec: &Path) -> u8 {
    match crate::edition::load_model(spec) {
        Ok((m, warnings, _)) => {
            print_diags(&without_no_data(warnings).0);
            println!(
                "ok: {}{} — {} indicators ({} leaves), total {} = {} points; no data (spec checked alone)",
                m.name,
                m.edition
                    .as_ref()
                    .map(|e| format!(" ({})", e.year))
                    .unwrap_or_default(),
                m.nodes.len() - 1,
                m.leaves().count(),
                m.total_name(),
                m.nodes[m.total].max.normalize(),
            );
            print_inferred(&m);
            OK
        }
        Err(d) => fail(&d),
    }
}

/// `cix diff OLD NEW`
pub fn diff(old: &Path, new: &Path, format: &str) -> u8 {
    let Some(format) = format_of(format) else {
        return USAGE_ERROR;
    };
    let mut diags = Diags::new();
    let o = crate::edition::load_model(old)
        .map_err(|d| diags.extend(d))
        .ok();
    let n = crate::edition::load_model(new)
        .map_err(|d| diags.extend(d))
        .ok();
    let (Some((om, ow, _)), Some((nm, nw, log))) = (o, n) else {
        return fail(&diags);
    };
    // A diff needs no data: a spec that names none is fine here.
    print_diags(&without_no_data(ow).0);
    print_diags(&without_no_data(nw).0);
    let rows = crate::edition::diff::changes(&om, &nm, &log);
    let human = matches!(format, Format::Table | Format::Md);
    let out = crate::edition::diff::output(&om, &nm, &rows, human);
    print!("{}", render(&out, format));
    if !format.notes_inline() {
        for note in &out.notes {
            eprintln!("note: {note}");
        }
    }
    OK
}

/// `cix fmt SPEC… [--check]`
pub fn fmt(specs: &[std::path::PathBuf], check: bool) -> u8 {
    let mut code = OK;
    for path in specs {
        let source = match crate::project::read_source(path) {
            Ok(s) => s,
            Err(d) => {
                code = fail(&d);
                continue;
            }
        };
        let formatted = crate::edition::fmt::format(source.text());
        if let Err(d) = crate::edition::fmt::check_meaning(&source, &formatted) {
            code = fail(&Diags::from(d));
            continue;
        }
        if formatted == source.text() {
            continue;
        }
        if check {
            print_diags(&[crate::edition::fmt::not_formatted(&source, &formatted)]);
            code = USER_ERROR;
        } else if let Err(e) = std::fs::read(path).and_then(|original| {
            let name = path.display().to_string();
            let (bytes, note) = crate::edition::fmt::encode_like(&original, &formatted, &name);
            print_diags(note.as_slice());
            std::fs::write(path, bytes)
        }) {
            eprintln!("error: cannot write `{}`: {e}", path.display());
            code = USER_ERROR;
        } else {
            eprintln!("formatted {}", path.display());
        }
    }
    code
}

/// `cix run NEW --compare OLD`: both editions over NEW's data (or `--data`).
pub fn compare(
    old: &Path,
    new: &Path,
    data: Option<&Path>,
    format: &str,
    out: Option<&Path>,
) -> u8 {
    let Some(format) = format_of(format) else {
        return USAGE_ERROR;
    };
    let nl = match crate::load(new, data) {
        Ok(l) => l,
        Err(d) => return fail(&d),
    };
    let data_path = data
        .map(Path::to_path_buf)
        .unwrap_or_else(|| nl.dataset.table.source.name().into());
    let ol = match crate::load(old, Some(&data_path)) {
        Ok(l) => l,
        Err(d) => return fail(&d),
    };
    print_diags(&nl.warnings);
    print_diags(&ol.warnings);
    let o = crate::edition::compare::compare((&ol.model, &ol.results), (&nl.model, &nl.results));
    emit(&[("compare".to_string(), o)], format, out)
}
