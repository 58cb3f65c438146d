//! Groups of units (issue 10, language chapter 7): the sample, methods by group, and the
//! examples that use them, against the library and the built binary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // tests may fail loudly

#[path = "../common/mod.rs"]
mod common;

mod diff;
mod guoheng;
mod methods;
mod rollup;
mod sample;
mod years;

use std::path::Path;

/// A spec loaded with its data; panics with the rendered diagnostics otherwise.
pub fn load(spec: &str) -> cix::Loaded {
    cix::load(Path::new(spec), None)
        .unwrap_or_else(|d| panic!("{spec}: {}", cix::diag::render_plain(&d.0)))
}

/// A query's answer as CSV rows (header first).
pub fn rows(l: &cix::Loaded, q: &str) -> Vec<Vec<String>> {
    let out = cix::project::query(l, q)
        .unwrap_or_else(|d| panic!("{q}: {}", cix::diag::render_plain(&d.0)));
    let text = cix::report::render(&out, cix::report::Format::Csv);
    text.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// A query's answer as a terminal table, notes included.
pub fn table(l: &cix::Loaded, q: &str) -> String {
    let out = cix::project::query(l, q)
        .unwrap_or_else(|d| panic!("{q}: {}", cix::diag::render_plain(&d.0)));
    cix::report::render(&out, cix::report::Format::Table)
}

/// The codes of the diagnostics `cix check` prints for a spec, in order.
pub fn check_codes(spec: &str) -> (i32, String) {
    let out = common::cix().args(["check", spec]).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
