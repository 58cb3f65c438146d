//! Stage 3½, scoring: a bound dataset's raw leaf values → the leaves' points, by each leaf's
//! rule. Sample parameters (min, max, mean, sd) are computed once per leaf over the observed
//! values and kept for `explain`. Missing values are filled, zeroed, left for re-weighting, or
//! their unit is dropped, as the leaf's policy says. Pure: no files, no printing.
//!
//! Exactness: every step is exact decimal arithmetic (28 significant digits) except `log`
//! (natural logarithm) and the standard deviation of `zscore` (a square root); those leaves are
//! exact to about 28 digits but not exact, and should be rounded with `round` when tables
//! publish rounded values.

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::data::{Dataset, Unit};
use crate::diag::{Diag, Diags};
use crate::model::{Model, NodeId};
use crate::packed::Packed;
use crate::rules::Missing;

mod leaf;
mod normalise;
pub mod treat;
pub mod words;

/// What the scoring stage computed, kept for `explain`. How a unit's score was built is not
/// stored per unit: [`detail`] rebuilds it on demand from the raw numbers kept here.
#[derive(Clone, Debug, Default)]
pub struct Scoring {
    /// Sample parameters of each leaf that uses the sample, indexed like `Model::nodes`.
    pub params: Vec<Option<Params>>,
    /// Each scored leaf's raw numbers, one per kept unit (in dataset order), indexed like
    /// `Model::nodes` (empty for nodes without a column): the dataset's values become points.
    /// 8 bytes a value ([`Packed`]).
    pub raw: Vec<Packed>,
    /// Units left out by `missing drop`: (unit, the leaf whose value was missing).
    pub dropped: Vec<(String, String)>,
    /// Warnings found while scoring (a rubric level no unit reached, W404).
    pub warnings: Vec<Diag>,
    /// The outlier treatment of every leaf that declares one (language chapter 5); `raw` holds
    /// the treated values, these the originals of the values treatment changed.
    pub treated: Vec<treat::Treated>,
}

/// Sample parameters of a leaf, over the observed (transformed) values.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    pub n: usize,
    pub min: Decimal,
    pub max: Decimal,
    /// The mean and sd are 0 for minmax, ratio and percentile, which use neither.
    pub mean: Decimal,
    /// Population standard deviation (÷ n); a square root, so not exact.
    pub sd: Decimal,
}

impl Params {
    /// n, min and max only, for rules that use no mean or sd (minmax, ratio, percentile): the
    /// mean and sd (a square root per leaf) are left 0 rather than computed for nothing.
    pub fn extent(n: usize, min: Decimal, max: Decimal) -> Params {
        Params {
            n,
            min,
            max,
            mean: Decimal::ZERO,
            sd: Decimal::ZERO,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Raw {
    Number(Decimal),
    Text(String),
    Missing,
}

/// How one unit's leaf score was built.
#[derive(Clone, Debug, PartialEq)]
pub struct Detail {
    pub raw: Raw,
    /// The value used in place of a missing one (`missing mean`).
    pub filled: Option<Decimal>,
    /// The value after `log`.
    pub transformed: Option<Decimal>,
    /// The normalised value (0–1 for most rules; z for zscore) before weighting.
    pub share: Option<Decimal>,
    /// Points before rounding.
    pub points: Option<Decimal>,
    /// The leaf's score (rounded); None when the leaf is left out for re-weighting.
    pub score: Option<Decimal>,
    /// A remark: the rubric step taken, the missing policy applied.
    pub note: Option<String>,
}

impl Detail {
    /// The number the unit was scored from: its raw number or the value filled in, after `log`
    /// (None for a category, or a missing value scored 0 or left out).
    pub fn value(&self) -> Option<Decimal> {
        self.transformed.or(self.filled).or(match self.raw {
            Raw::Number(v) => Some(v),
            _ => None,
        })
    }
}

/// One leaf scored again, for every unit of the dataset: its points (None: left out) and the
/// number each was scored from ([`Detail::value`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rescored {
    pub points: Vec<Option<Decimal>>,
    pub values: Vec<Option<Decimal>>,
}

/// Score one leaf again from `column` (its raw numbers, one per unit of `data`) by `model`'s
/// rule for it — the spec's own, or one with another missing-data policy — as `apply` scores it
/// (the robust stage's alternatives). Errors are those `apply` would report.
pub fn rescore(
    model: &Model,
    data: &Dataset,
    column: &[Option<Decimal>],
    leaf: NodeId,
) -> Result<Rescored, Diags> {
    let mut diags = Diags::new();
    let column: Packed = column.iter().copied().collect();
    let out = leaf::rescore(model, data, &column, leaf, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(out)
}

/// Score every leaf of every unit; drop units as `missing drop` says. On success the units'
/// `values` hold the leaves' points (None: left out, siblings re-weighted).
pub fn apply(model: &Model, data: &mut Dataset) -> Result<Scoring, Diags> {
    let mut diags = Diags::new();
    let leaves: Vec<NodeId> = model
        .leaves()
        .filter(|&l| {
            model
                .nodes
                .get(l)
                .is_some_and(|n| n.column.is_some() || n.derived.is_some())
        })
        .collect();

    // 1. Drop units first, so the sample parameters are computed without them.
    let mut dropped = Vec::new();
    data.units.retain(|u| {
        let gone = leaves.iter().find_map(|&l| {
            let node = model.nodes.get(l)?;
            (node.scoring.missing == Missing::Drop && is_missing(u, l)).then_some(node)
        });
        if let Some(node) = gone {
            dropped.push((u.key.clone(), node.name.clone()));
            false
        } else {
            true
        }
    });

    // 2. Treat outliers, so the sample parameters are computed over the treated values.
    let treated = treat::apply(model, data, &leaves, &mut diags);

    // 3. Keep the raw numbers column by column (read in one pass over the units), then score
    // the leaves into the units' values.
    let columns = raw_columns(&data.units, &leaves);
    let mut raw: Vec<Packed> = vec![Packed::default(); model.nodes.len()];
    for (col, &leaf) in columns.into_iter().zip(&leaves) {
        if let Some(slot) = raw.get_mut(leaf) {
            *slot = col;
        }
    }
    let mut params: Vec<Option<Params>> = vec![None; model.nodes.len()];
    // Each unit's values are taken out while the leaves, which read the dataset, score them.
    let mut values: Vec<Packed> = data
        .units
        .iter_mut()
        .map(|u| std::mem::take(&mut u.values))
        .collect();
    for some in batches(model, &leaves) {
        let shared: &Dataset = data;
        let empty = Packed::default();
        // The leaves' samples in parallel; then every unit's points at these leaves, units in
        // parallel, each unit's values written in one pass.
        let prepared: Vec<(NodeId, Option<leaf::Prepared>, Diags)> = some
            .par_iter()
            .map(|&id| {
                let mut found = Diags::new();
                let column = raw.get(id).unwrap_or(&empty);
                let p = leaf::Prepared::new(model, shared, column, id, &mut found);
                if let Some(p) = &p {
                    p.absent_levels(&mut found);
                }
                (id, p, found)
            })
            .collect();
        let mut cells = score_units(shared, &prepared, &mut values)
            .into_iter()
            .peekable();
        // Diagnostics in the model's order: a leaf's own, then its cells' in unit order.
        for (at, (id, p, found)) in prepared.into_iter().enumerate() {
            diags.extend(found);
            while let Some((_, _, d)) = cells.next_if(|&(a, _, _)| a == at) {
                diags.extend(d);
            }
            if let Some(slot) = params.get_mut(id) {
                *slot = p.and_then(|p| p.params());
            }
        }
    }
    for (unit, v) in data.units.iter_mut().zip(values) {
        unit.values = v;
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Scoring {
        params,
        raw,
        dropped,
        warnings: diags.0,
        treated,
    })
}

/// Each leaf's raw numbers as a column (indexed like `units`): word for word when every unit's
/// values are 4-byte words (no `Decimal` per cell), units in parallel, each unit's row read once
/// and scattered into the columns; else value by value.
fn raw_columns(units: &[Unit], leaves: &[NodeId]) -> Vec<Packed> {
    let rows: Option<Vec<&[u32]>> = units.iter().map(|u| u.values.narrow_words()).collect();
    let Some(rows) = rows else {
        let mut columns: Vec<Packed> = leaves
            .iter()
            .map(|_| Packed::with_capacity(units.len()))
            .collect();
        for u in units {
            for (col, &leaf) in columns.iter_mut().zip(leaves) {
                col.push(value(u, leaf));
            }
        }
        return columns;
    };
    let mut columns: Vec<Vec<u32>> = leaves.iter().map(|_| vec![0; units.len()]).collect();
    // Each task's share of every column: task i holds rows i × UNITS_AT_ONCE … of each.
    let mut parts: Vec<Vec<&mut [u32]>> = Vec::new();
    for column in &mut columns {
        for (i, part) in column.chunks_mut(UNITS_AT_ONCE).enumerate() {
            if parts.len() <= i {
                parts.push(Vec::with_capacity(leaves.len()));
            }
            if let Some(task) = parts.get_mut(i) {
                task.push(part);
            }
        }
    }
    parts
        .into_par_iter()
        .zip(rows.par_chunks(UNITS_AT_ONCE))
        .for_each(|(mut task, rows)| {
            for (i, row) in rows.iter().enumerate() {
                for (part, &leaf) in task.iter_mut().zip(leaves) {
                    if let (Some(slot), Some(&w)) = (part.get_mut(i), row.get(leaf)) {
                        *slot = w;
                    }
                }
            }
        });
    columns.into_iter().map(Packed::from_narrow_words).collect()
}

/// Leaves that keep a sorted copy of their column (`percentile`, `rank`, `borda`) scored in one
/// pass over the units: few enough that their samples stay small beside the data. Other leaves
/// keep no copy: any number of them share a pass.
const LEAVES_AT_ONCE: usize = 16;

/// The leaves in model order, cut into the runs scored in one pass over the units: each with at
/// most [`LEAVES_AT_ONCE`] leaves that sort their sample (every unit's row is read once a run,
/// not once per 16 leaves).
fn batches<'a>(model: &Model, leaves: &'a [NodeId]) -> Vec<&'a [NodeId]> {
    let sorts = |l: NodeId| {
        model
            .nodes
            .get(l)
            .and_then(|n| n.scoring.rule.as_ref())
            .is_some_and(|r| r.node.method.sorts_sample())
    };
    let mut out = Vec::new();
    let (mut start, mut sorting) = (0usize, 0usize);
    for (i, &l) in leaves.iter().enumerate() {
        if sorts(l) {
            sorting = sorting.saturating_add(1);
        }
        if sorting == LEAVES_AT_ONCE {
            out.extend(leaves.get(start..=i));
            (start, sorting) = (i.saturating_add(1), 0);
        }
    }
    out.extend(leaves.get(start..).filter(|rest| !rest.is_empty()));
    out
}
/// Units a parallel task scores.
const UNITS_AT_ONCE: usize = 2048;

/// Every unit's points at the prepared leaves, written into its values (`values`, indexed like
/// `data.units`), units in parallel. Returns each cell's diagnostics, as (leaf's position in
/// `prepared`, unit, diagnostics), sorted by leaf, then unit.
fn score_units(
    data: &Dataset,
    prepared: &[(NodeId, Option<leaf::Prepared>, Diags)],
    values: &mut [Packed],
) -> Vec<(usize, usize, Diags)> {
    let mut cells: Vec<(usize, usize, Diags)> = values
        .par_chunks_mut(UNITS_AT_ONCE)
        .enumerate()
        .flat_map_iter(|(chunk, row)| {
            let first = chunk.saturating_mul(UNITS_AT_ONCE);
            let mut found = Vec::new();
            for (i, v) in row.iter_mut().enumerate() {
                let u = first.saturating_add(i);
                let Some(unit) = data.units.get(u) else {
                    continue;
                };
                for (at, (_, p, _)) in prepared.iter().enumerate() {
                    let Some(p) = p else { continue };
                    let mut d = Diags::new();
                    p.score_into(u, unit, v, &mut d);
                    if !d.0.is_empty() {
                        found.push((at, u, d));
                    }
                }
            }
            found
        })
        .collect();
    // Stable: within a leaf the cells stay in unit order.
    cells.sort_by_key(|&(at, _, _)| at);
    cells
}

/// How unit `unit` (an index into the scored dataset) earned its points at `leaf`, rebuilt from
/// the raw numbers: the leaf's sample is gathered again (n log n for the leaf), nothing is stored
/// per unit. `None` for a node without a column.
pub fn detail(
    model: &Model,
    data: &Dataset,
    scoring: &Scoring,
    unit: usize,
    leaf: NodeId,
) -> Option<Detail> {
    let column = scoring.raw.get(leaf).filter(|c| !c.is_empty())?;
    leaf::detail(model, data, column, leaf, unit)
}

/// A unit's raw number at a leaf.
fn value(unit: &Unit, leaf: NodeId) -> Option<Decimal> {
    unit.values.get(leaf)
}

/// A unit's category text at a leaf.
fn text(unit: &Unit, leaf: NodeId) -> Option<&str> {
    unit.texts.get(leaf).and_then(Option::as_deref)
}

fn is_missing(unit: &Unit, leaf: NodeId) -> bool {
    value(unit, leaf).is_none() && text(unit, leaf).is_none()
}

/// n, min, max, mean and population sd (a square root) of a sample. The mean is exact when the
/// sum fits in 28 digits, else the sum of each value ÷ n (28 significant digits); the sd scales
/// the deviations down when their squares would not fit. Never overflows: `None` only for an
/// empty sample.
pub fn sample_params(values: &[Decimal]) -> Option<Params> {
    let (&first, rest) = values.split_first()?;
    let (mut min, mut max) = (first, first);
    for &v in rest {
        min = min.min(v);
        max = max.max(v);
    }
    let mean = crate::stats::mean(values)?;
    let sd = crate::stats::deviation(values, mean, values.len()).unwrap_or(Decimal::MAX);
    Some(Params {
        n: values.len(),
        min,
        max,
        mean,
        sd,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn params_by_hand() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 40/8 = 5; squared deviations 9+1+1+1+0+0+4+16 = 32;
        // variance 32/8 = 4; sd 2.
        let v: Vec<Decimal> = [2, 4, 4, 4, 5, 5, 7, 9]
            .iter()
            .map(|&i| Decimal::from(i))
            .collect();
        let p = sample_params(&v).unwrap();
        assert_eq!((p.n, p.min, p.max, p.mean), (8, d("2"), d("9"), d("5")));
        assert_eq!(p.sd, d("2"));
        assert!(sample_params(&[]).is_none());
    }
}
