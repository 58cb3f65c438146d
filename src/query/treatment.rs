//! Queries about the raw data (language chapter 5): `outliers` (what outlier treatment did,
//! indicator by indicator) and `coverage [below N%]` (units and indicators with less data than
//! N%, 65% by default — the JRC's rule of thumb).

use rust_decimal::Decimal;

use super::resolve::Context;
use crate::codes;
use crate::diag::{Diag, Diags};
use crate::eval::inputs::{data_leaves, percent};
use crate::output::{Cell, Output};
use crate::source::Spanned;
use crate::stats::shape::shown;

/// `stats`' columns about the raw data: Excel's skew and kurtosis of the values, the share of
/// zeros, and the share of observed raw values under the node among `units`.
pub fn shape_cell(
    ctx: &Context<'_>,
    column: &str,
    node: crate::model::NodeId,
    xs: &[Decimal],
    units: &[usize],
) -> Cell {
    use crate::stats::shape::{kurt, skew, zero_share};
    let stat = |x: Option<f64>| x.and_then(shown).map_or(Cell::Empty, |d| Cell::Num(d, 3));
    match column {
        "skew" => stat(skew(xs)),
        "kurtosis" => stat(kurt(xs)),
        "zeros" => zero_share(xs).map_or(Cell::Empty, Cell::Rate),
        _ => {
            let inputs = &ctx.results.inputs;
            let leaves = data_leaves(ctx.model(), node);
            let cells = units.len().saturating_mul(leaves.len());
            let observed = units
                .iter()
                .map(|&u| leaves.iter().filter(|&&l| inputs.observed(u, l)).count())
                .fold(0usize, usize::saturating_add);
            Decimal::from(observed)
                .checked_div(Decimal::from(cells))
                .map_or(Cell::Empty, Cell::Rate)
        }
    }
}

/// `show UNIT`: the leaves whose value was imputed, and how ("imputed: c (mean)").
pub fn imputed_note(ctx: &Context<'_>, u: usize, order: &[crate::model::NodeId]) -> Option<String> {
    let inputs = &ctx.results.inputs;
    let list: Vec<String> = order
        .iter()
        .filter_map(|&id| {
            let how = inputs.imputed(u, id)?;
            Some(
                t!(
                    "query.imputed_how",
                    name = ctx.model().name_of(id),
                    how = how
                )
                .into_owned(),
            )
        })
        .collect();
    (!list.is_empty()).then(|| {
        let list = list.join(crate::lang::list_separator());
        t!("query.imputed_note", list = list).into_owned()
    })
}

/// The column of rankings, lists and `show` naming the imputed leaves, when the data had any.
pub const IMPUTED: &str = "imputed";

/// The JRC's rule of thumb for enough data: 65%.
const DEFAULT_BELOW: i64 = 65;

/// `outliers`: every leaf with a treatment rule, what was done, and its shape before and after.
pub fn outliers(ctx: &Context<'_>) -> Output {
    let columns = [
        "指标",
        "treatment",
        "points",
        "skew",
        "kurtosis",
        "treated skew",
        "treated kurtosis",
    ];
    let mut out = Output::new(columns.iter().map(|c| c.to_string()).collect());
    let stat = |x: Option<f64>| x.and_then(shown).map_or(Cell::Missing, |d| Cell::Num(d, 3));
    let treated = &ctx.results.inputs.treated;
    for t in treated {
        let method = Cell::words(|| {
            let steps = match t.outcome {
                crate::scoring::treat::Outcome::Winsorised { steps: 1, .. } => {
                    t!("query.one_step").into_owned()
                }
                crate::scoring::treat::Outcome::Winsorised { steps, .. } => {
                    t!("query.steps", n = steps).into_owned()
                }
                _ => String::new(),
            };
            format!("{}{steps}", t.method())
        });
        out.rows.push(vec![
            Cell::Text(ctx.model().name_of(t.leaf).to_string()),
            method,
            Cell::Int(i64::try_from(t.changed.len()).unwrap_or(i64::MAX)),
            stat(t.before.skew),
            stat(t.before.kurt),
            stat(t.after.skew),
            stat(t.after.kurt),
        ]);
    }
    if treated.is_empty() {
        out.notes.push(t!("query.no_treatment").into_owned());
    } else {
        out.notes.push(t!("query.treatment_note").into_owned());
    }
    out
}

#[derive(Clone, Debug, PartialEq)]
pub struct CoveragePlan {
    below: Decimal,
    /// `coverage all`: every indicator and unit, with a column flagging those below.
    all: bool,
}

pub fn plan_coverage(
    ctx: &Context<'_>,
    below: Option<&Spanned<Decimal>>,
    all: bool,
) -> Result<CoveragePlan, Diags> {
    let Some(b) = below else {
        return Ok(CoveragePlan {
            below: Decimal::from(DEFAULT_BELOW),
            all,
        });
    };
    if b.node <= Decimal::ZERO || b.node > Decimal::ONE_HUNDRED {
        return Err(Diags::from(
            Diag::error(codes::E340, t!("query.e340", pct = b.node.normalize()))
                .in_source(ctx.scope.source)
                .label(b.span, t!("query.e340_label"))
                .help(t!("query.e340_help")),
        ));
    }
    Ok(CoveragePlan { below: b.node, all })
}

/// `coverage below N%`: indicators observed for fewer than N% of the units, then units with
/// data for fewer than N% of the indicators, least covered first. `coverage all`: every
/// indicator, then every unit, in the spec's and the data's order, those below N% flagged.
pub fn coverage(ctx: &Context<'_>, p: &CoveragePlan) -> Output {
    let threshold = p.below.normalize();
    let mut columns: Vec<String> = ["kind", "name", "available", "of", "availability"]
        .iter()
        .map(|c| c.to_string())
        .collect();
    if p.all {
        columns.push(format!("below {threshold}%"));
    }
    let mut out = Output::new(columns);
    let model = ctx.model();
    let inputs = &ctx.results.inputs;
    let units = ctx.all_units();
    let leaves = data_leaves(model, model.total);
    let mut rows: Vec<(&str, String, usize, usize)> = Vec::new();
    let mut indicators: Vec<(String, usize, usize)> = leaves
        .iter()
        .map(|&l| {
            let n = units.iter().filter(|&&u| inputs.observed(u, l)).count();
            (model.name_of(l).to_string(), n, units.len())
        })
        .collect();
    let mut per_unit: Vec<(String, usize, usize)> = units
        .iter()
        .map(|&u| {
            let n = leaves.iter().filter(|&&l| inputs.observed(u, l)).count();
            (ctx.key(u).to_string(), n, leaves.len())
        })
        .collect();
    let below = |&(_, n, of): &(String, usize, usize)| percent(n, of) < p.below;
    let (indicator, unit) = ("query.kind_indicator", "query.kind_unit");
    for (kind, list) in [(indicator, &mut indicators), (unit, &mut per_unit)] {
        if !p.all {
            list.retain(below);
            list.sort_by_key(|(_, n, of)| percent(*n, *of));
        }
        rows.extend(list.drain(..).map(|(name, n, of)| (kind, name, n, of)));
    }
    let mut flagged = 0usize;
    for (kind, name, n, of) in rows {
        let share = Decimal::from(n)
            .checked_div(Decimal::from(of))
            .unwrap_or(Decimal::ZERO);
        let mut row = vec![
            Cell::word(kind),
            Cell::Text(name),
            Cell::Int(i64::try_from(n).unwrap_or(i64::MAX)),
            Cell::Int(i64::try_from(of).unwrap_or(i64::MAX)),
            Cell::Rate(share),
        ];
        if p.all {
            let low = percent(n, of) < p.below;
            flagged = flagged.saturating_add(usize::from(low));
            row.push(if low {
                Cell::word("query.yes")
            } else {
                Cell::Empty
            });
        }
        out.rows.push(row);
    }
    if p.all {
        out.notes.push(
            t!(
                "query.coverage_all_note",
                flagged = flagged,
                pct = threshold
            )
            .into_owned(),
        );
    } else if out.rows.is_empty() {
        out.notes
            .push(t!("query.coverage_none_note", pct = threshold).into_owned());
    } else {
        out.notes
            .push(t!("query.coverage_below_note", pct = threshold).into_owned());
    }
    out
}
