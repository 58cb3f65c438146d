//! Queries: the one language of `report` declarations, `cix query` and the REPL.
//! [`check`] resolves names against the model; [`run`] answers over results.

mod rank;
mod resolve;
mod stat;
mod view;

use crate::diag::Diags;
use crate::eval::Results;
use crate::model::Model;
use crate::output::Output;
use crate::source::{Source, Spanned};
use crate::syntax::ast::Query;

pub use rank::ordinal;
pub use resolve::{units_word, Column, Context, Partition, Scope, RATE};

/// Check the names a query uses against the model alone (no data needed). Names that may be
/// data values (`华南`, a city) are checked when the query runs.
pub fn check(model: &Model, query: &Spanned<Query>, source: &Source) -> Diags {
    let scope = Scope { model, source };
    let mut diags = Diags::new();
    match &query.node {
        Query::Rank(q) => diags = rank::check(&scope, q),
        Query::Stat(q) => diags = stat::check(&scope, q),
        Query::RankOf { by: Some(b), .. } => {
            if let Err(d) = scope.indicator(b) {
                diags.push(d);
            }
        }
        Query::Count { by, tail } => {
            if let Err(d) = scope.partition(by) {
                diags.push(d);
            }
            rank::check_tail(&scope, tail, model.total, &mut diags);
        }
        Query::Histogram { of, tail, .. } => {
            if let Err(d) = scope.indicator(of) {
                diags.push(d);
            }
            rank::check_tail(&scope, tail, model.total, &mut diags);
        }
        Query::Corr { names, tail, .. } => {
            for n in names {
                if let Err(d) = scope.indicator(n) {
                    diags.push(d);
                }
            }
            rank::check_tail(&scope, tail, model.total, &mut diags);
        }
        Query::RankOf { by: None, .. } | Query::Show(_) | Query::Compare(_) => {}
    }
    diags
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
        Query::RankOf { units, by } => view::rank_of(&ctx, units, by.as_ref()),
        Query::Show(u) => view::show(&ctx, u),
        Query::Compare(units) => view::compare(&ctx, units),
        Query::Stat(q) => stat::run(&ctx, q),
        Query::Count { by, tail } => stat::count(&ctx, by, tail),
        Query::Histogram { of, bins, tail } => stat::histogram(&ctx, of, bins, tail),
        Query::Corr {
            names,
            p_values,
            tail,
        } => stat::corr(&ctx, names, *p_values, tail),
    }
}
