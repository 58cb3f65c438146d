//! Publishing (issue 12): CSV for Excel, several reports as one JSON document, Excel in and out,
//! the HTML report, and the report in a real browser.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // tests may fail loudly

#[path = "../common/mod.rs"]
mod common;

mod browser;
mod excel_in;
mod excel_out;
mod formats;
mod html;
