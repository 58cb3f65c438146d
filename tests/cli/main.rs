//! The command line against the built binary: exit codes, formats, files, editions, scoring,
//! fmt, overflow.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // tests may fail loudly

#[path = "../common/mod.rs"]
mod common;

mod commands;
mod editions;
mod fmt;
mod output;
mod overflow;
mod scoring;
