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
            Some(format!("{} ({how})", ctx.model().name_of(id)))
        })
        .collect();
    (!list.is_empty()).then(|| format!("imputed (no value in the data): {}", list.join(", ")))
}

/// The column of rankings, lists and `show` naming the imputed leaves, when the data had any.
pub const IMPUTED: &str = "imputed";

/// A ranking's `imputed` cell: the leaves imputed for unit `u` at or under the nodes the table
/// shows, by name (`a, c`); empty when none — so a spreadsheet filters on blanks.
pub fn imputed_cell(ctx: &Context<'_>, u: usize, nodes: &[crate::model::NodeId]) -> Cell {
    let model = ctx.model();
    let names: Vec<&str> = ctx
        .results
        .inputs
        .imputed_under(model, u, nodes)
        .into_iter()
        .map(|l| model.name_of(l))
        .collect();
    if names.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(names.join(", "))
    }
}

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
        let steps = match t.outcome {
            crate::scoring::treat::Outcome::Winsorised { steps, .. } => {
                format!(", {steps} step{}", if steps == 1 { "" } else { "s" })
            }
            _ => String::new(),
        };
        out.rows.push(vec![
            Cell::Text(ctx.model().name_of(t.leaf).to_string()),
            Cell::Text(format!("{}{steps}", t.method())),
            Cell::Int(i64::try_from(t.changed.len()).unwrap_or(i64::MAX)),
            stat(t.before.skew),
            stat(t.before.kurt),
            stat(t.after.skew),
            stat(t.after.kurt),
        ]);
    }
    if treated.is_empty() {
        out.notes
            .push("no indicator declares `treat outliers`".into());
    } else {
        out.notes.push(
            "skew and kurtosis as Excel's SKEW and KURT (sample-adjusted), over the observed values; an indicator fails when |skew| and kurtosis both exceed its thresholds".into(),
        );
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
            Diag::error(
                codes::E340,
                format!("`coverage below {}%` is not a share of the data", b.node.normalize()),
            )
            .in_source(ctx.scope.source)
            .label(b.span, "not between 0 and 100")
            .help("write a percent above 0 and at most 100, e.g. `coverage below 65%` (the JRC's rule of thumb)"),
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
    for (kind, list) in [("indicator", &mut indicators), ("unit", &mut per_unit)] {
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
            Cell::Text(kind.to_string()),
            Cell::Text(name),
            Cell::Int(i64::try_from(n).unwrap_or(i64::MAX)),
            Cell::Int(i64::try_from(of).unwrap_or(i64::MAX)),
            Cell::Rate(share),
        ];
        if p.all {
            let low = percent(n, of) < p.below;
            flagged = flagged.saturating_add(usize::from(low));
            row.push(if low {
                Cell::Text("yes".into())
            } else {
                Cell::Empty
            });
        }
        out.rows.push(row);
    }
    if p.all {
        out.notes.push(format!(
            "availability: an indicator's share of units with an observed value, a unit's share of indicators (imputed values do not count); {flagged} below {threshold}% (the JRC's rule of thumb is 65%)"
        ));
    } else if out.rows.is_empty() {
        out.notes.push(format!(
            "every indicator and every unit has at least {threshold}% of its data"
        ));
    } else {
        out.notes.push(format!(
            "below {threshold}% of the data: an indicator's share of units with an observed value, a unit's share of indicators (imputed values do not count)"
        ));
    }
    out
}
