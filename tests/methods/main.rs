//! Issue 9, second half ("norm"): weights as published (relative, equal, the `weights`
//! query), COINr's normalisations and means against an independent oracle
//! (`tests/oracle/methods.py`), and their errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // tests may fail loudly

#[path = "../common/mod.rs"]
mod common;

mod derived;
mod errors;
mod gii_style;
mod hdi;
mod oracle;
mod ratio;
mod scales;
mod weights;

use std::path::Path;

/// Load a spec (with its data) or fail with the rendered diagnostics.
pub fn load(path: &str) -> cix::Loaded {
    match cix::load(Path::new(path), None) {
        Ok(l) => l,
        Err(e) => panic!("{}", cix::diag::render_plain(&e.0)),
    }
}

/// Load a spec written here, beside a CSV written here, in a fresh folder.
pub fn load_text(name: &str, spec: &str, csv: &str) -> Result<cix::Loaded, String> {
    let dir = common::temp_dir(name);
    std::fs::write(dir.join("d.csv"), csv).unwrap();
    let path = dir.join("s.cix");
    std::fs::write(&path, spec).unwrap();
    cix::load(&path, None).map_err(|e| cix::diag::render_plain(&e.0))
}

/// One query's answer as a table.
pub fn query(l: &cix::Loaded, q: &str) -> String {
    let out =
        cix::project::query(l, q).unwrap_or_else(|d| panic!("{}", cix::diag::render_plain(&d.0)));
    cix::report::render(&out, cix::report::Format::Table)
}
