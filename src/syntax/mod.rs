//! Stage 1, syntax: text → typed tree with spans. [`parse_spec`] and [`parse_query`] are the
//! entry points; the grammar is `grammar/cix.pest`.

pub mod ast;
mod changes;
mod parser;
mod query;
mod scoring;

pub use parser::{parse_query, parse_spec};
