//! `cix sql` (issue 14): the generated SQL run on the engines themselves — DuckDB and Spark SQL
//! from PyPI, PostgreSQL through psql (.ci/setup.d/) — for every example with data and a
//! fixture of every scoring rule, each score, rank and report row compared with cix's own
//! answer; the compile errors (E630–E633); snapshots of the 2015 example's SQL per dialect.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // tests may fail loudly

#[path = "../common/mod.rs"]
mod common;

mod cases;
mod compare;
mod engines;
mod errors;
mod snapshots;
