//! Treating raw data (language chapter 5): outlier treatment against the independent oracle
//! (`tests/oracle/treatment.py` → `treatment.json`), coverage rules, imputation marks, the
//! statistics of the raw data, and their errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // tests may fail loudly

#[path = "../common/mod.rs"]
mod common;

mod coverage;
mod coverage_all;
mod impute;
mod impute_more;
mod last;
mod marks;
mod outliers;
mod sdg;
mod spearman;
