//! Issue 15, cix in Chinese and English: the message catalogues (`locales/*.yml`) are complete
//! and consistent with the source, the language is chosen as documented, and diagnostics render
//! in both languages with the same codes and locations.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // tests may fail loudly

#[path = "../common/mod.rs"]
#[allow(dead_code)]
mod common;

mod catalogue;
mod choose;
mod codes;
mod notes;
mod render;
mod repl;
// Chinese query keywords (branch zhq)
mod zh_queries;
mod zh_repl;
// Notes, headings and cells of explain, weights, corr, histograms, outliers, robustness (branch zh-stages)
mod zh_stages;
// The command line in Chinese (branch zh-cli)
mod zh_cli;
// CSV and JSON the same in both languages (branch zh-rest)
mod machine;
mod usage;
// the stages translated on branch zh-check
mod stages;

use std::sync::Mutex;

/// The language is one setting for the whole process: tests in this binary that speak one in
/// process take this lock, so that they do not change it under each other.
static LANG: Mutex<()> = Mutex::new(());

/// Run `f` with the library speaking `lang`; English again afterwards.
pub fn speaking<T>(lang: cix::lang::Lang, f: impl FnOnce() -> T) -> T {
    let _guard = LANG.lock().unwrap_or_else(|e| e.into_inner());
    cix::lang::set(lang);
    let out = f();
    cix::lang::set(cix::lang::Lang::En);
    out
}
