//! Nothing a user can type or feed panics: prefixes, garbage, long lines, the fuzz corpus.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // tests may fail loudly

#[path = "../common/mod.rs"]
mod common;

mod editions;
mod fuzz_corpus;
mod inputs;
