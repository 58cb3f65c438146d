//! Issue 11, is the ranking robust: the compiled plan against the exact evaluation, Monte Carlo
//! rank intervals (against an independent Python Monte Carlo), the commands.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // tests may fail loudly

#[path = "../common/mod.rs"]
mod common;

mod coherence;
mod declared;
mod docs;
mod plan;
mod repl;
mod report;
mod sensitivity;
mod sobol;
mod uncertainty;
