//! Ratings and dashboards in evaluation (language chapter 7), pure:
//!
//! - quantile groups: cuts at Excel's PERCENTILE.INC of k/n (QUARTILE.INC for quartiles:
//!   position 1 + (m − 1)·k/n among the m sorted values, interpolated, exact); a unit falls in
//!   the group of the number of cuts its value exceeds, so a value equal to a cut is in the
//!   lower group and equal values always share one. A unit without a value is in none.
//! - ratings per group: each group's scale cut among the group's units only, as tiers are.
//! - dashboards: a leaf's colour is the first whose threshold its observed raw value reaches
//!   (before outlier treatment; an imputed or missing value has none); a parent's `worst N` is
//!   the mean position of its N worst-coloured indicators, rounded to the better colour.

use rust_decimal::Decimal;

use crate::data::Dataset;
use crate::diag::{Diag, Diags};
use crate::model::dashboard::{Dashboard, GroupScale, LineRule, QuantileOf};
use crate::model::{Model, NodeId, TierRule, Tiers};
use crate::scoring::Scoring;
use crate::stats::{quantile, Quartiles};

use super::{Results, UnitScores};

/// Each unit's quantile group (None: no value).
pub(super) fn quantiles(units: &[UnitScores], of: QuantileOf, n: usize) -> Vec<Option<usize>> {
    let values: Vec<Option<Decimal>> = units
        .iter()
        .map(|u| match of {
            QuantileOf::Node(id) => u.scores.get(id),
            QuantileOf::Attribute(a) => u
                .attributes
                .get(a)
                .and_then(|t| crate::data::parse_number(t)),
        })
        .collect();
    let mut sorted: Vec<Decimal> = values.iter().flatten().copied().collect();
    sorted.sort_unstable();
    let cuts: Vec<Decimal> = (1..n)
        .filter_map(|k| {
            let p = Decimal::from(k).checked_div(Decimal::from(n))?;
            quantile(&sorted, p, Quartiles::Inc)
        })
        .collect();
    values
        .iter()
        .map(|v| v.map(|v| cuts.iter().filter(|c| v > **c).count()))
        .collect()
}

/// Each unit's rating: its group's scale, cut among the group's units (None: in no group, or
/// a group without a scale).
pub(super) fn per_group(
    model: &Model,
    t: &Tiers,
    units: &[UnitScores],
    partition: &[Option<usize>],
    scales: &[GroupScale],
) -> Result<Vec<Option<usize>>, Diag> {
    let mut out = vec![None; units.len()];
    for s in scales {
        let members: Vec<usize> = (0..units.len())
            .filter(|&u| partition.get(u).copied().flatten() == Some(s.group))
            .collect();
        let sub: Vec<UnitScores> = members
            .iter()
            .filter_map(|&u| units.get(u).cloned())
            .collect();
        let scale = Tiers {
            name: t.name.clone(),
            of: t.of,
            tiers: s
                .ratings
                .iter()
                .filter_map(|&r| t.tiers.get(r).cloned())
                .collect(),
            rule: TierRule::clone(&s.rule),
        };
        let rated = super::tiers::assign_one(model, &scale, &sub, &[])?;
        for (&u, r) in members.iter().zip(rated) {
            if let Some(slot) = out.get_mut(u) {
                *slot = r.and_then(|r| s.ratings.get(r).copied());
            }
        }
    }
    Ok(out)
}

/// Every quantile group's attribute holds numbers: a cell that is neither a number nor empty
/// is an error at the cell (E146).
pub fn check_quantile_values(model: &Model, data: &Dataset) -> Result<(), Diags> {
    let mut diags = Diags::new();
    for t in &model.tiers {
        let TierRule::Quantiles {
            of: QuantileOf::Attribute(a),
            ..
        } = t.rule
        else {
            continue;
        };
        let name = model.attribute_name(a);
        let column = data.table.column(name);
        for u in &data.units {
            let text = u.attributes.get(a).map_or("", String::as_str).trim();
            if text.is_empty() || crate::data::parse_number(text).is_some() {
                continue;
            }
            let mut d = Diag::error(
                crate::codes::E146,
                format!(
                    "`{}` has {name} `{text}`, not a number to cut `{}` by",
                    u.key, t.name.node
                ),
            )
            .in_source(&data.table.source);
            if let Some(span) = column.and_then(|c| data.table.cell_span(u.row, c)) {
                d = d.label(span, "not a number");
            }
            diags.push(d.help(format!(
                "give every unit a number in `{name}`, or leave the cell empty: the unit is then in no group"
            )));
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(())
    }
}

/// For each dashboard, for each line, each unit's colour (an index into the dashboard's
/// colours; None: no observed value, or no coloured indicator under a `worst` line).
pub fn colours(
    model: &Model,
    scoring: &Scoring,
    results: &Results,
) -> Vec<Vec<Vec<Option<usize>>>> {
    let n = results.units.len();
    model
        .grouping
        .dashboards
        .iter()
        .map(|d| {
            let mut lines: Vec<Vec<Option<usize>>> = d
                .lines
                .iter()
                .map(|line| match &line.rule {
                    LineRule::Thresholds { steps, higher } => {
                        let raw = raw_values(scoring, results, line.node, n);
                        raw.iter()
                            .map(|v| {
                                let v = (*v)?;
                                steps
                                    .iter()
                                    .find(|(_, th)| {
                                        th.is_none_or(|th| if *higher { v >= th } else { v <= th })
                                    })
                                    .map(|(c, _)| *c)
                            })
                            .collect()
                    }
                    LineRule::Worst(_) => Vec::new(),
                })
                .collect();
            let worsts: Vec<(usize, Vec<Option<usize>>)> = d
                .lines
                .iter()
                .enumerate()
                .filter_map(|(i, line)| match line.rule {
                    LineRule::Worst(k) => Some((i, worst(model, d, &lines, line.node, k, n))),
                    LineRule::Thresholds { .. } => None,
                })
                .collect();
            for (i, v) in worsts {
                if let Some(slot) = lines.get_mut(i) {
                    *slot = v;
                }
            }
            lines
        })
        .collect()
}

/// A leaf's observed raw values per unit (results order), before outlier treatment.
fn raw_values(
    scoring: &Scoring,
    results: &Results,
    leaf: NodeId,
    n: usize,
) -> Vec<Option<Decimal>> {
    let column = scoring.raw.get(leaf);
    let mut raw: Vec<Option<Decimal>> = (0..n)
        .map(|u| {
            let v = column.and_then(|c| c.get(u))?;
            results.inputs.observed(u, leaf).then_some(v)
        })
        .collect();
    for t in scoring.treated.iter().filter(|t| t.leaf == leaf) {
        for &(u, original, _) in &t.changed {
            if let Some(Some(v)) = raw.get_mut(u) {
                *v = original;
            }
        }
    }
    raw
}

/// `worst N`: over the threshold lines of leaves under `node`, each unit's N
/// worst colours, their mean position rounded to the better colour.
fn worst(
    model: &Model,
    d: &Dashboard,
    done: &[Vec<Option<usize>>],
    node: NodeId,
    k: usize,
    n: usize,
) -> Vec<Option<usize>> {
    let under: Vec<&Vec<Option<usize>>> = d
        .lines
        .iter()
        .zip(done)
        .filter(|(l, _)| {
            matches!(l.rule, LineRule::Thresholds { .. }) && is_under(model, l.node, node)
        })
        .map(|(_, v)| v)
        .collect();
    (0..n)
        .map(|u| {
            let mut cs: Vec<usize> = under
                .iter()
                .filter_map(|v| v.get(u).copied().flatten())
                .collect();
            cs.sort_unstable_by(|a, b| b.cmp(a));
            cs.truncate(k);
            let sum = cs.iter().try_fold(0usize, |a, c| a.checked_add(*c))?;
            sum.checked_div(cs.len())
        })
        .collect()
}

/// Whether `id` lies under `ancestor` (bounded by the depth of the tree).
fn is_under(model: &Model, id: NodeId, ancestor: NodeId) -> bool {
    let mut at = model.nodes.get(id).and_then(|n| n.parent);
    for _ in 0..model.nodes.len() {
        match at {
            Some(p) if p == ancestor => return true,
            Some(p) => at = model.nodes.get(p).and_then(|n| n.parent),
            None => return false,
        }
    }
    false
}
