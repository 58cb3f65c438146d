//! Issue 14, scale: the reshaped paths give today's answers — percentile ties and `--compare`
//! ranked by sorting (against the definitions, counted naively), and `explain` computed on demand
//! (against the explanations cix stored per unit before, kept as snapshots).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // tests may fail loudly

#[path = "../common/mod.rs"]
mod common;

mod compare;
mod explain;
mod fast_eval;
mod fast_scoring;
mod lean;
mod memory;
mod percentile;
mod progress;
mod rank_borda;
mod read;
mod repl;
mod stream;
mod write;
