//! The library's answers: queries against an independent oracle, missing values, scoring rules,
//! the parser.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // tests may fail loudly

#[path = "../common/mod.rs"]
mod common;

mod answers;
mod queries;
mod scoring;
mod syntax;
