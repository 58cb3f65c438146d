//! Scalar queries, claims and `cix audit` (issue 13): values against an independent oracle
//! (tests/oracle/audit.py), intervals against brute-force enumeration, claims parsed and
//! judged, and the 2015 report's 107 sampled statements given their expected verdicts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // tests may fail loudly

#[path = "../common/mod.rs"]
mod common;

mod claims;
mod cli;
mod intervals;
mod scalars;

use cix::query::interval::Estimate;
use cix::source::Source;

/// A scalar query's estimate (value and input interval) on a loaded spec.
pub fn estimate(l: &cix::Loaded, text: &str) -> Result<Estimate, cix::Diags> {
    let source = Source::new("query", text.to_string());
    let q = cix::syntax::parse_scalar(&source).map_err(cix::Diags::from)?;
    let plan = cix::query::check(&l.model, &l.results, &q, &source)?;
    cix::query::estimate(&l.model, &plan, &l.results, l.bounds.as_ref())
        .expect("a scalar plan")
        .map_err(cix::Diags::from)
}

/// The 2015 example, loaded once.
pub fn y2015() -> &'static cix::Loaded {
    static L: std::sync::OnceLock<cix::Loaded> = std::sync::OnceLock::new();
    L.get_or_init(|| {
        cix::load(
            std::path::Path::new("examples/smart-city-2015/index.cix"),
            None,
        )
        .unwrap()
    })
}

/// Load a spec written to a fresh folder with its data.
pub fn load_small(name: &str, spec: &str, csv: &str) -> cix::Loaded {
    let dir = common::temp_dir(name);
    std::fs::write(dir.join("index.cix"), spec).unwrap();
    std::fs::write(dir.join("data.csv"), csv).unwrap();
    cix::load(&dir.join("index.cix"), None).unwrap()
}
