//! cix: composite indices — a spec language, a checker, an evaluator and a query shell.
//!
//! The stages, each one public function (see `docs/architecture.md`):
//!
//! | stage | function | in → out |
//! | --- | --- | --- |
//! | syntax | [`syntax::parse_spec`] | text → [`syntax::ast::Spec`] |
//! | check | [`check::check`] | spec → [`model::Model`] + diagnostics |
//! | data | [`data::read_table`], [`data::bind`] | CSV → [`data::Table`] → [`data::Dataset`] |
//! | scoring | [`scoring::apply`] | raw leaf values → points, by each leaf's rule |
//! | eval | [`eval::evaluate`] | model + dataset → [`eval::Results`] |
//! | query | [`query::check`], [`query::run`] | results + query → a resolved plan → [`output::Output`] |
//! | explain | [`explain::explain`] | one unit's score, step by step → [`output::Output`] |
//! | report | [`report::render`] | output → table / CSV / JSON / Markdown |
//!
//! The whole pipeline on the bundled 2015 example:
//!
//! ```
//! use std::path::Path;
//!
//! # fn main() -> Result<(), cix::Diags> {
//! let loaded = cix::load(Path::new("examples/smart-city-2015/index.cix"), None)?;
//! let answer = cix::project::query(&loaded, "top ten by 智慧服务 in 华南")?;
//! // 东莞 and 肇庆 tie at 10th place, so the top ten has eleven rows.
//! assert_eq!(answer.rows.len(), 11);
//! print!("{}", cix::report::render(&answer, cix::report::Format::Table));
//! # Ok(())
//! # }
//! ```

#[macro_use]
extern crate rust_i18n;

// The message catalogues, `locales/*.yml` (one file per stage; see `lang`).
i18n!("locales", fallback = "en");

pub mod audit;
pub mod check;
pub mod cli;
pub mod codes;
pub mod data;
pub mod diag;
pub mod edition;
pub mod eval;
pub mod explain;
#[doc(hidden)]
pub mod fuzzing;
pub mod input;
pub mod lang;
pub mod model;
pub mod output;
pub mod packed;
pub mod project;
pub mod publish;
pub mod query;
pub mod repl;
pub mod report;
pub mod robust;
pub mod rules;
pub mod scoring;
pub mod source;
pub mod sql;
pub mod stats;
pub mod suggest;
pub mod syntax;

pub use diag::{Diag, Diags};
pub use project::{load, load_spec, Loaded};
