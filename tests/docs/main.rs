//! The manual and the house: every example in the docs runs, every error code is documented,
//! READMEs point inside the repository, imports go one way.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // tests may fail loudly

#[path = "../common/mod.rs"]
mod common;

mod architecture;
mod editions;
mod manual;
