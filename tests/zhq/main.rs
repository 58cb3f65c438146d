//! Chinese query keywords (issue 15, branch zhq): until the i18n test binary lands, the modules
//! below run here; they move into tests/i18n/ unchanged.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // tests may fail loudly

#[path = "../common/mod.rs"]
mod common;

mod zh_queries;
mod zh_repl;
