//! The edition commands behind the binary: `cix diff`, `cix fmt`, `cix run --compare`, and the
//! summary of a spec checked without data. Results to stdout, diagnostics to stderr.

use std::path::{Path, PathBuf};

use super::{emit, fail, format_of, indicator_count, io, print_diags, status, total_max};
use super::{OK, USER_ERROR};
use crate::diag::Diags;
use crate::model::Model;
use crate::report::{render, Format};
use io::Stopped;

/// Provenance marks in a check summary: a line for every weight that is inferred, not published.
pub fn inferred_lines(m: &Model) -> String {
    m.nodes
        .iter()
        .filter_map(|n| {
            let why = n.inferred.as_deref()?;
            let why = if why.is_empty() {
                t!("cli.no_reason")
            } else {
                why.into()
            };
            let line = t!(
                "cli.inferred",
                name = n.name,
                max = n.max.normalize(),
                why = why
            );
            Some(format!("{line}\n"))
        })
        .collect()
}

/// The summary of `cix check` on a spec that names no data file: the spec alone.
pub fn spec_only_summary(m: &Model) -> String {
    let edition = m
        .edition
        .as_ref()
        .map(|e| format!(" ({})", e.year))
        .unwrap_or_default();
    let line = t!(
        "cli.ok_alone",
        name = m.name,
        edition = edition,
        indicators = indicator_count(m),
        leaves = m.leaves().count(),
        total = m.total_name(),
        points = total_max(m)
    );
    format!("{line}\n{}", inferred_lines(m))
}

/// `cix diff OLD NEW`
pub fn diff(old: &Path, new: &Path, format: &str) -> u8 {
    status(format_of(format).and_then(|format| diff_with(old, new, format)))
}

fn diff_with(old: &Path, new: &Path, format: Format) -> Result<(), Stopped> {
    let mut diags = Diags::new();
    let o = crate::project::check_resolved(old)
        .map_err(|d| diags.extend(d))
        .ok();
    let n = crate::project::check_resolved(new)
        .map_err(|d| diags.extend(d))
        .ok();
    let (Some((om, ow, _)), Some((nm, nw, log))) = (o, n) else {
        return Err(fail(diags));
    };
    print_diags(&ow.0);
    print_diags(&nw.0);
    let rows = crate::edition::diff::changes(&om, &nm, &log);
    let human = matches!(format, Format::Table | Format::Md);
    let out = crate::edition::diff::output(&om, &nm, &rows, human);
    io::out(&render(&out, format))?;
    if !format.notes_inline() {
        for note in &out.notes {
            io::err(&format!("{}\n", t!("cli.note", note = note)));
        }
    }
    Ok(())
}

/// `cix fmt SPEC… [--check]`: every file is tried; exit 1 if any failed or (with `--check`)
/// is not formatted.
pub fn fmt(specs: &[PathBuf], check: bool) -> u8 {
    specs
        .iter()
        .fold(OK, |code, path| match fmt_one(path, check) {
            Ok(()) => code,
            Err(stopped) => code.max(stopped),
        })
}

fn fmt_one(path: &Path, check: bool) -> Result<(), Stopped> {
    let source = crate::input::read_source(path).map_err(|d| fail(Diags::from(d)))?;
    let formatted = crate::edition::fmt::format(source.text());
    crate::edition::fmt::check_meaning(&source, &formatted).map_err(|d| fail(Diags::from(d)))?;
    if formatted == source.text() {
        return Ok(());
    }
    if check {
        print_diags(&[crate::edition::fmt::not_formatted(&source, &formatted)]);
        return Err(USER_ERROR);
    }
    // The file keeps its encoding (a BOM, GBK); W001 says when it cannot.
    let original = std::fs::read(path).unwrap_or_default();
    let name = path.display().to_string();
    let (bytes, note) = crate::edition::fmt::encode_like(&original, &formatted, &name);
    print_diags(note.as_slice());
    io::write_file(path, bytes).map_err(|d| fail(Diags::from(d)))?;
    io::err(&format!("{}\n", t!("cli.formatted", file = path.display())));
    Ok(())
}

/// `cix run NEW --compare OLD`: both editions over NEW's data (or `--data`).
pub fn compare(
    old: &Path,
    new: &Path,
    data: Option<&Path>,
    format: &str,
    out: Option<&Path>,
) -> u8 {
    status(format_of(format).and_then(|format| {
        let nl = crate::load(new, data).map_err(fail)?;
        let data_path = data
            .map(Path::to_path_buf)
            .unwrap_or_else(|| nl.dataset.table.source.name().into());
        let ol = crate::load(old, Some(&data_path)).map_err(fail)?;
        print_diags(&nl.warnings);
        print_diags(&ol.warnings);
        let o = crate::query::editions::compare((&ol.model, &ol.results), (&nl.model, &nl.results));
        emit(&[("compare".to_string(), o)], format, out)
    }))
}
