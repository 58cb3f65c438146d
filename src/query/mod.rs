//! Queries: the one language of `report` declarations, `cix query` and the REPL.
//! [`check`] resolves names against the model; [`run`] answers over results.

mod rank;
mod resolve;

use crate::diag::Diags;
use crate::eval::Results;
use crate::model::Model;
use crate::output::Output;
use crate::source::{Source, Spanned};
use crate::syntax::ast::Query;

pub use resolve::{Column, Context, RATE};

/// Check the names a query uses against the model alone (no data needed). Names that may be
/// data values (e.g. `华南`) are checked when the query runs.
pub fn check(model: &Model, query: &Spanned<Query>, source: &Source) -> Diags {
    let ctx = resolve::Scope { model, source };
    match &query.node {
        Query::Rank(q) => rank::check(&ctx, q),
    }
}

/// Answer a query.
pub fn run(
    model: &Model,
    results: &Results,
    query: &Spanned<Query>,
    source: &Source,
) -> Result<Output, Diags> {
    let ctx = Context::new(model, results, source);
    match &query.node {
        Query::Rank(q) => rank::run(&ctx, q),
    }
}
