//! Queries: the one language of `report` declarations, `cix query` and the REPL.
//!
//! [`check`] resolves every name of a query once — indicators to node ids, columns, partitions,
//! groups and tiers to their members, units to their indexes, `where` conditions to typed
//! filters, bins — into a [`Plan`]; [`run`] answers a plan over results without looking any
//! name up. [`check_names`] (check's data-free half, `check::query`) checks what can be
//! checked without data (a spec's reports).

mod dashboard;
pub mod editions;
mod filter;
mod histogram;
pub mod index;
pub mod interval;
mod order;
mod rank;
mod ranked;
mod resolve;
pub mod scalar;
mod select;
mod stat;
mod treatment;
mod view;
mod weights;
mod years;

use crate::diag::Diags;
use crate::eval::bounds::Bounds;
use crate::eval::Results;
use crate::model::{Model, NodeId};
use crate::output::Output;
use crate::source::{Source, Spanned};
use crate::syntax::ast::Query;

pub use crate::check::query::check_names;
pub use dashboard::tone;
pub use index::Index;
pub use rank::ordinal;
pub use ranked::{Answer, Ranked};
pub use resolve::{units_word, Column, Context, Partition, Scope, RATE};

/// A query with every name resolved against a model and its bound data.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The text the query was written in.
    source: Source,
    kind: Kind,
}

/// Two plans are equal when they resolve to the same thing, whatever the words they were
/// written in (`前十 按 总分` and `top 10 by 总分`).
impl PartialEq for Plan {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Rank(rank::RankPlan),
    RankOf {
        units: Vec<usize>,
        by: NodeId,
    },
    Show(usize),
    Compare(Vec<usize>),
    Stat(stat::StatPlan),
    Count(histogram::CountPlan),
    Histogram(histogram::HistogramPlan),
    Corr(stat::CorrPlan),
    /// `weights [of NODE]`: the subtree under the node (the total: the whole tree).
    Weights(NodeId),
    Outliers,
    Coverage(treatment::CoveragePlan),
    Scalar(scalar::ScalarPlan),
    Dashboard(dashboard::DashboardPlan),
    Years(years::YearsPlan),
}

/// Resolve a query against a model and the results of its bound data: every problem of the
/// query (unknown names, a group or unit the data does not have, clauses that do not apply).
pub fn check(
    model: &Model,
    results: &Results,
    query: &Spanned<Query>,
    source: &Source,
) -> Result<Plan, Diags> {
    check_indexed(model, results, None, query, source)
}

/// [`check`], looking units, attribute values and groups up in the index kept with loaded
/// results (used only when made for `results`).
pub fn check_indexed(
    model: &Model,
    results: &Results,
    index: Option<&Index>,
    query: &Spanned<Query>,
    source: &Source,
) -> Result<Plan, Diags> {
    let ctx = Context::indexed(model, results, source, index);
    let kind = match &query.node {
        Query::Rank(q) => Kind::Rank(rank::plan(&ctx, q)?),
        Query::RankOf { units, by } => Kind::RankOf {
            by: match by {
                Some(b) => ctx.scope.indicator(b).map_err(Diags::from)?,
                None => model.total,
            },
            units: view::plan_units(&ctx, units)?,
        },
        Query::Show(u) => Kind::Show(ctx.unit(u).map_err(Diags::from)?),
        Query::Compare(units) => Kind::Compare(view::plan_units(&ctx, units)?),
        Query::Stat(q) => Kind::Stat(stat::plan(&ctx, q)?),
        Query::Count { by, tail } => Kind::Count(histogram::plan_count(&ctx, by, tail)?),
        Query::Histogram { of, bins, tail } => {
            Kind::Histogram(histogram::plan_histogram(&ctx, of, bins, tail)?)
        }
        Query::Corr {
            names,
            p_values,
            spearman,
            tail,
        } => {
            let mut plan = stat::plan_corr(&ctx, names, *p_values, tail)?;
            plan.spearman = *spearman;
            Kind::Corr(plan)
        }
        Query::Weights(of) => Kind::Weights(match of {
            Some(n) => ctx.scope.indicator(n).map_err(Diags::from)?,
            None => model.total,
        }),
        Query::Outliers => Kind::Outliers,
        Query::Coverage { below, all } => {
            Kind::Coverage(treatment::plan_coverage(&ctx, below.as_ref(), *all)?)
        }
        Query::Scalar(s) => Kind::Scalar(scalar::plan(&ctx, s)?),
        Query::Dashboard { name, tail } => Kind::Dashboard(dashboard::plan(&ctx, name, tail)?),
        Query::Years(y) => Kind::Years(years::plan(&ctx, y)?),
    };
    Ok(Plan {
        source: source.clone(),
        kind,
    })
}

/// Answer a plan over the results it was made for. Errors only where the values decide
/// (a histogram step too small for them).
pub fn run(model: &Model, plan: &Plan, results: &Results) -> Result<Output, Diags> {
    run_bounded(model, plan, results, None)
}

/// [`run`], with the input bounds of the data (`eval::bounds`): a scalar query then also says
/// the interval that the rounding of the input cells allows.
pub fn run_bounded(
    model: &Model,
    plan: &Plan,
    results: &Results,
    bounds: Option<&Bounds>,
) -> Result<Output, Diags> {
    run_indexed(model, plan, results, bounds, None)
}

/// [`run_bounded`] with the index kept with loaded results (see [`check_indexed`]).
pub fn run_indexed(
    model: &Model,
    plan: &Plan,
    results: &Results,
    bounds: Option<&Bounds>,
    index: Option<&Index>,
) -> Result<Output, Diags> {
    answer_indexed(model, plan, results, bounds, index).map(Answer::into_output)
}

/// [`run_indexed`], a ranking's rows left to be made as they are written (issue 14: `cix run`
/// writes a million-unit ranking without holding its cells).
pub fn answer_indexed<'a>(
    model: &'a Model,
    plan: &'a Plan,
    results: &'a Results,
    bounds: Option<&Bounds>,
    index: Option<&'a Index>,
) -> Result<Answer<'a>, Diags> {
    let ctx = Context::indexed(model, results, &plan.source, index);
    Ok(Answer::Output(match &plan.kind {
        Kind::Rank(p) => return Ok(Answer::Ranked(rank::run(&ctx, p))),
        Kind::RankOf { units, by } => view::rank_of(&ctx, units, *by),
        Kind::Show(u) => view::show(&ctx, *u),
        Kind::Compare(units) => view::compare(&ctx, units),
        Kind::Stat(p) => stat::run(&ctx, p)?,
        Kind::Count(p) => histogram::count(&ctx, p),
        Kind::Histogram(p) => histogram::histogram(&ctx, p)?,
        Kind::Corr(p) => stat::corr(&ctx, p),
        Kind::Weights(of) => weights::weights(model, *of),
        Kind::Outliers => treatment::outliers(&ctx),
        Kind::Coverage(p) => treatment::coverage(&ctx, p),
        Kind::Scalar(p) => scalar::run(&ctx, bounds, p)?,
        Kind::Dashboard(p) => dashboard::run(&ctx, p),
        Kind::Years(p) => years::run(&ctx, p)?,
    }))
}

/// A scalar query's plan, for the claims of `cix audit` (None for a table query).
pub fn scalar_plan(plan: &Plan) -> Option<&scalar::ScalarPlan> {
    match &plan.kind {
        Kind::Scalar(p) => Some(p),
        _ => None,
    }
}

/// Notes on the units a scalar plan's statistics leave out for want of a value (empty for a
/// table query).
pub fn scalar_notes(model: &Model, plan: &Plan, results: &Results) -> Vec<String> {
    let ctx = Context::new(model, results, &plan.source);
    scalar_plan(plan).map_or_else(Vec::new, |p| scalar::notes(&ctx, p))
}

/// Compute a scalar plan: its value and the interval input rounding allows (with `bounds`).
pub fn estimate(
    model: &Model,
    plan: &Plan,
    results: &Results,
    bounds: Option<&Bounds>,
) -> Option<Result<interval::Estimate, crate::diag::Diag>> {
    let ctx = Context::new(model, results, &plan.source);
    scalar_plan(plan).map(|p| scalar::estimate(&ctx, bounds, p))
}
