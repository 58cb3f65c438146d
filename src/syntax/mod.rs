//! Stage 1, syntax: text → typed tree with spans. [`parse_spec`], [`parse_query`] and
//! [`parse_repl_line`] are the entry points; the grammar is `grammar/cix.pest`.

pub mod ast;
mod changes;
mod claims;
pub mod dashboard;
mod errors;
mod expr;
pub mod grouping;
pub mod keywords;
mod last;
pub mod numeral;
mod parser;
pub mod print;
mod query;
mod ratio;
mod repl;
pub mod scalar;
mod scan;
mod scoring;
mod treatment;
pub mod uncertainty;
pub mod years;
pub mod zh;

pub use parser::{parse_query, parse_spec};
pub use repl::{needs_more, parse_repl_line, ReplLine};
pub use scalar::{parse_check, parse_claims, parse_scalar};
pub use scan::{continued, MAX_DEPTH};
