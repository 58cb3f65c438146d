//! The leaves' shares under every choice a replication may make: each leaf's *variants* (its
//! missing-data policy and whether its treatment applies, as the declared assumptions allow),
//! each under the declared normalisation and under minmax, zscore and rank. The declared variant
//! reads the exact results; another is the leaf scored again by the scoring stage with the
//! other policy, or from its untreated values (`scoring::rescore`), so a replication only looks
//! shares up. Alternative normalisations start from the number each unit was scored from — its
//! raw value, or the value its policy filled in (the mean or median of its group under
//! `missing mean per 区域`) — after `log`, oriented so that higher is better.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::assume::{Assumption, Kind};
use super::plan::Norm;
use crate::data::Dataset;
use crate::diag::Diags;
use crate::eval::Results;
use crate::model::uncertainty::{subtree, MissingChoice};
use crate::model::{Model, NodeId};
use crate::rules::{Direction, Missing};
use crate::scoring::Scoring;

/// One way a leaf may be scored: a missing-data policy and whether its treatment applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Variant {
    pub missing: MissingChoice,
    pub treated: bool,
}

impl Variant {
    /// The spec's own scoring.
    pub const DECLARED: Variant = Variant {
        missing: MissingChoice::Declared,
        treated: true,
    };
}

/// Each leaf's variants (`leaves` order), the declared one first: every combination of the
/// missing policies of the assumption covering it and, under a treatment assumption, on and off.
pub fn of_leaves(
    model: &Model,
    leaves: &[NodeId],
    assumptions: &[Assumption],
) -> Vec<Vec<Variant>> {
    let mut missing: Vec<Vec<MissingChoice>> = vec![vec![MissingChoice::Declared]; leaves.len()];
    let mut treat: Vec<Vec<bool>> = vec![vec![true]; leaves.len()];
    for a in assumptions {
        let (node, m) = match &a.kind {
            Kind::Missing { node, choices } => (*node, Some(choices)),
            Kind::Treatment { node } => (*node, None),
            _ => continue,
        };
        let under = subtree(model, node);
        for (k, leaf) in leaves.iter().enumerate() {
            if !under.contains(leaf) {
                continue;
            }
            match m {
                Some(c) => {
                    if let Some(slot) = missing.get_mut(k) {
                        slot.clone_from(c);
                    }
                }
                None => {
                    if let Some(slot) = treat.get_mut(k) {
                        *slot = vec![true, false];
                    }
                }
            }
        }
    }
    missing
        .iter()
        .zip(&treat)
        .map(|(ms, ts)| {
            let mut out = vec![Variant::DECLARED];
            for &m in ms {
                for &t in ts {
                    let v = Variant {
                        missing: m,
                        treated: t,
                    };
                    if !out.contains(&v) {
                        out.push(v);
                    }
                }
            }
            out
        })
        .collect()
}

/// What the shares of one leaf are computed from.
pub struct Inputs<'a> {
    pub model: &'a Model,
    pub data: &'a Dataset,
    pub results: &'a Results,
    pub scoring: &'a Scoring,
    /// The results' units the plan keeps (those with a total), in order.
    pub kept: &'a [usize],
}

/// The leaf's shares under `variant`, one column per normalisation ([`Norm::ALL`] order), one
/// value per kept unit: NaN where the leaf is left out for the unit.
pub fn columns(
    x: &Inputs,
    model_v: &Model,
    leaf: NodeId,
    variant: Variant,
) -> Result<Vec<Vec<f64>>, Diags> {
    let max = x.model.max_of(leaf);
    let column = x
        .scoring
        .raw
        .get(leaf)
        .map(crate::packed::Packed::to_vec)
        .unwrap_or_default();
    let column = if variant.treated {
        column
    } else {
        untreated(x.scoring, leaf, &column)
    };
    let rescored = if column.is_empty() {
        None
    } else {
        Some(crate::scoring::rescore(model_v, x.data, &column, leaf)?)
    };
    let declared: Vec<f64> = if variant == Variant::DECLARED {
        // Penalty points carry their sign in the results; the plan subtracts them itself.
        let sign = if crate::eval::is_penalty(x.model, leaf) {
            -1.0
        } else {
            1.0
        };
        x.kept
            .iter()
            .map(|&u| match x.results.score(u, leaf) {
                Some(p) if !max.is_zero() => sign * f(p) / f(max),
                Some(_) => 0.0,
                None => f64::NAN,
            })
            .collect()
    } else {
        let points = rescored.as_ref().map_or(&[][..], |r| r.points.as_slice());
        x.kept
            .iter()
            .map(|&u| match points.get(u).copied().flatten() {
                Some(p) if !max.is_zero() => f(p) / f(max),
                Some(_) => 0.0,
                None => f64::NAN,
            })
            .collect()
    };
    let raw = oriented(x.model, leaf, rescored.as_ref(), x.kept, &declared);
    Ok(Norm::ALL
        .iter()
        .map(|&norm| match (norm, &raw) {
            (Norm::Declared, _) | (_, None) => declared.clone(),
            (_, Some(raw)) => normalise(norm, raw, &declared),
        })
        .collect())
}

/// The model a variant scores with: every leaf's missing policy replaced by the variant's
/// (without `per`), unless the variant keeps the declared one.
pub fn model_for(model: &Model, missing: MissingChoice) -> Model {
    let policy = match missing {
        MissingChoice::Declared => return model.clone(),
        MissingChoice::Zero => Missing::Zero,
        MissingChoice::Mean => Missing::Mean(None),
        MissingChoice::Median => Missing::Median(None),
        MissingChoice::Reweight => Missing::Reweight,
    };
    let mut m = model.clone();
    let leaves: Vec<NodeId> = m.leaves().collect();
    for leaf in leaves {
        if let Some(n) = m.nodes.get_mut(leaf) {
            n.scoring.missing = policy.clone();
            n.scoring.impute_per = None;
            n.scoring.impute_group = None;
        }
    }
    m
}

/// A leaf's raw numbers with the values its treatment changed put back.
fn untreated(scoring: &Scoring, leaf: NodeId, column: &[Option<Decimal>]) -> Vec<Option<Decimal>> {
    let mut out = column.to_vec();
    for t in scoring.treated.iter().filter(|t| t.leaf == leaf) {
        for &(u, raw, _) in &t.changed {
            if let Some(slot) = out.get_mut(u) {
                *slot = Some(raw);
            }
        }
    }
    out
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

/// The numbers the units were scored from, oriented so that higher is better; −∞ where a
/// missing value scored 0, NaN where the leaf is left out. None when no unit has a number (a
/// category leaf keeps its declared shares under every normalisation).
fn oriented(
    model: &Model,
    leaf: NodeId,
    rescored: Option<&crate::scoring::Rescored>,
    kept: &[usize],
    declared: &[f64],
) -> Option<Vec<f64>> {
    let values = rescored?.values.as_slice();
    let lower = model
        .nodes
        .get(leaf)
        .is_some_and(|n| n.scoring.direction == Direction::Lower);
    let out: Vec<f64> = declared
        .iter()
        .zip(kept)
        .map(|(&d, &u)| match values.get(u).copied().flatten() {
            _ if d.is_nan() => d,
            Some(x) if lower => -f(x),
            Some(x) => f(x),
            None => f64::NEG_INFINITY,
        })
        .collect();
    out.iter().any(|v| v.is_finite()).then_some(out)
}

/// Another normalisation of a leaf's oriented values (NaN stays NaN; a zeroed missing value
/// scores 0).
fn normalise(norm: Norm, raw: &[f64], declared: &[f64]) -> Vec<f64> {
    let seen: Vec<f64> = raw.iter().copied().filter(|v| v.is_finite()).collect();
    let n = seen.len() as f64;
    let (lo, hi) = seen
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    let mean = seen.iter().sum::<f64>() / n.max(1.0);
    let sd = (seen.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n.max(1.0)).sqrt();
    let mut sorted = seen.clone();
    sorted.sort_by(f64::total_cmp);
    raw.iter()
        .zip(declared)
        .map(|(&x, &d)| {
            if d.is_nan() {
                return f64::NAN;
            }
            if !x.is_finite() {
                return 0.0;
            }
            match norm {
                Norm::Declared => d,
                Norm::MinMax if hi > lo => (x - lo) / (hi - lo),
                Norm::ZScore if sd > 0.0 => (x - mean) / sd,
                Norm::Rank if n > 1.0 => {
                    let below = sorted.partition_point(|&v| v < x) as f64;
                    let upto = sorted.partition_point(|&v| v <= x) as f64;
                    // Mean ascending rank of the ties, minus one.
                    (below + (upto - below - 1.0) / 2.0) / (n - 1.0)
                }
                _ => 0.0,
            }
        })
        .collect()
}
