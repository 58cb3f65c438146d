//! Stage 3½, scoring: a bound dataset's raw leaf values → the leaves' points, by each leaf's
//! rule. Sample parameters (min, max, mean, sd) are computed once per leaf over the observed
//! values and kept for `explain`. Missing values are filled, zeroed, left for re-weighting, or
//! their unit is dropped, as the leaf's policy says. Pure: no files, no printing.
//!
//! Exactness: every step is exact decimal arithmetic (28 significant digits) except `log`
//! (natural logarithm) and the standard deviation of `zscore` (a square root); those leaves are
//! exact to about 28 digits but not exact, and should be rounded with `round` when tables
//! publish rounded values.
// Not yet free of panicking operations (issue 8): remove this line once the file is.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use rust_decimal::{Decimal, MathematicalOps};

use crate::codes;
use crate::data::Dataset;
use crate::diag::{Diag, Diags};
use crate::model::{Model, NodeId};
use crate::rules::{Direction, Method, Missing, StepWhen};
use crate::source::Span;
use crate::syntax::ast::CmpOp;

/// What the scoring stage computed, kept for `explain`.
#[derive(Clone, Debug, Default)]
pub struct Scoring {
    /// Sample parameters of each leaf that uses the sample, indexed like `Model::nodes`.
    pub params: Vec<Option<Params>>,
    /// For every kept unit (in dataset order), every leaf's details, indexed like `Model::nodes`.
    pub details: Vec<Vec<Option<Detail>>>,
    /// Units left out by `missing drop`: (unit, the leaf whose value was missing).
    pub dropped: Vec<(String, String)>,
}

/// Sample parameters of a leaf, over the observed (transformed) values.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    pub n: usize,
    pub min: Decimal,
    pub max: Decimal,
    pub mean: Decimal,
    /// Population standard deviation (÷ n); a square root, so not exact.
    pub sd: Decimal,
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

/// Score every leaf of every unit; drop units as `missing drop` says. On success the units'
/// `values` hold the leaves' points (None: left out, siblings re-weighted).
pub fn apply(model: &Model, data: &mut Dataset) -> Result<Scoring, Diags> {
    let mut diags = Diags::new();
    let leaves: Vec<NodeId> = model
        .leaves()
        .filter(|&l| model.nodes[l].column.is_some())
        .collect();
    let is_missing =
        |u: &crate::data::Unit, l: NodeId| u.values[l].is_none() && u.texts[l].is_none();

    // 1. Drop units first, so the sample parameters are computed without them.
    let mut dropped = Vec::new();
    data.units.retain(|u| {
        let gone = leaves
            .iter()
            .find(|&&l| model.nodes[l].scoring.missing == Missing::Drop && is_missing(u, l));
        if let Some(&l) = gone {
            dropped.push((u.key.clone(), model.nodes[l].name.clone()));
            false
        } else {
            true
        }
    });

    let n_units = data.units.len();
    let mut details: Vec<Vec<Option<Detail>>> = vec![vec![None; model.nodes.len()]; n_units];
    let mut params: Vec<Option<Params>> = vec![None; model.nodes.len()];
    for &leaf in &leaves {
        let leaf_details = score_leaf(model, data, leaf, &mut params[leaf], &mut diags);
        for (u, d) in leaf_details.into_iter().enumerate() {
            details[u][leaf] = Some(d);
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    for (u, unit) in data.units.iter_mut().enumerate() {
        for &leaf in &leaves {
            unit.values[leaf] = details[u][leaf].as_ref().and_then(|d| d.score);
        }
    }
    Ok(Scoring {
        params,
        details,
        dropped,
    })
}

fn cell_diag(model: &Model, data: &Dataset, unit: usize, leaf: NodeId) -> (Span, bool) {
    match data.units[unit].cells[leaf] {
        Some(s) => (s, true),
        None => (model.nodes[leaf].span, false),
    }
}

fn located(model: &Model, data: &Dataset, unit: usize, leaf: NodeId, d: Diag, label: &str) -> Diag {
    let (span, in_data) = cell_diag(model, data, unit, leaf);
    if in_data {
        d.in_source(&data.table.source)
            .label(span, label.to_string())
    } else {
        d.in_source(&model.source).label(span, label.to_string())
    }
}

fn score_leaf(
    model: &Model,
    data: &Dataset,
    leaf: NodeId,
    params_out: &mut Option<Params>,
    diags: &mut Diags,
) -> Vec<Detail> {
    let node = &model.nodes[leaf];
    let s = &node.scoring;
    let (log, method) = match &s.rule {
        Some(r) => (r.node.log, r.node.method.clone()),
        None => (false, Method::Given),
    };
    let units = &data.units;
    let colname = node
        .column
        .as_ref()
        .map_or(node.name.as_str(), |c| c.node.as_str());

    // Transform (log) a raw number; errors point at the cell.
    let transform = |u: usize, v: Decimal, diags: &mut Diags| -> Option<Decimal> {
        if !log {
            return Some(v);
        }
        match (v > Decimal::ZERO).then(|| v.checked_ln()).flatten() {
            Some(t) => Some(t),
            None => {
                diags.push(
                    located(
                        model,
                        data,
                        u,
                        leaf,
                        Diag::error(
                            codes::E411,
                            format!(
                                "`{}` has `{colname}` = {}, whose logarithm is undefined",
                                units[u].key,
                                v.normalize()
                            ),
                        ),
                        if v > Decimal::ZERO {
                            "too small for a logarithm"
                        } else {
                            "not above 0"
                        },
                    )
                    .help(format!(
                        "`{}` is scored with `log`; every value must be above 0",
                        node.name
                    )),
                );
                None
            }
        }
    };

    // Observed values (transformed).
    let mut observed: Vec<(usize, Decimal)> = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        if let Some(v) = unit.values[leaf] {
            if let Some(t) = transform(u, v, diags) {
                observed.push((u, t));
            }
        }
    }
    let params = sample_params(&observed.iter().map(|&(_, v)| v).collect::<Vec<_>>());
    if method.uses_sample() {
        params_out.clone_from(&params);
    }

    // Categorical rubric levels that never occur.
    if let Method::Rubric(steps) = &method {
        if method.is_categorical() {
            for st in steps {
                if let StepWhen::Category(c) = &st.when {
                    if !units
                        .iter()
                        .any(|u| u.texts[leaf].as_deref() == Some(c.as_str()))
                    {
                        diags.push(
                            Diag::error(
                                codes::E403,
                                format!("the rubric of `{}` has a level `{c}` that no unit has in `{colname}`", node.name),
                            )
                            .in_source(&model.source)
                            .label(st.span, "never occurs")
                            .help(suggest_levels(units.iter().filter_map(|u| u.texts[leaf].as_deref()), c)),
                        );
                    }
                }
            }
        }
    }

    let weight = node.max;
    let mut out = Vec::with_capacity(units.len());
    for (u, unit) in units.iter().enumerate() {
        let mut d = Detail {
            raw: match (&unit.values[leaf], &unit.texts[leaf]) {
                (Some(v), _) => Raw::Number(*v),
                (None, Some(t)) => Raw::Text(t.clone()),
                _ => Raw::Missing,
            },
            filled: None,
            transformed: None,
            share: None,
            points: None,
            score: None,
            note: None,
        };
        // The numeric value to score, after filling.
        let mut value: Option<Decimal> = None;
        match &d.raw {
            Raw::Number(v) => value = transform(u, *v, &mut Diags::new()),
            Raw::Text(_) => {}
            Raw::Missing => match &s.missing {
                Missing::Zero | Missing::Error => {
                    d.points = Some(Decimal::ZERO);
                    d.score = Some(Decimal::ZERO);
                    d.note = Some("missing → 0 (missing zero)".into());
                    out.push(d);
                    continue;
                }
                Missing::Reweight => {
                    d.note =
                        Some("missing → left out, siblings re-weighted (missing reweight)".into());
                    out.push(d);
                    continue;
                }
                Missing::Drop => {}
                Missing::Mean(per) => {
                    let group = per.as_ref().and_then(|a| model.attribute(&a.node));
                    let same: Vec<Decimal> = units
                        .iter()
                        .filter(|o| {
                            group.is_none_or(|g| o.attributes.get(g) == unit.attributes.get(g))
                        })
                        .filter_map(|o| o.values[leaf])
                        .collect();
                    if same.is_empty() {
                        let what = match (per, group) {
                            (Some(a), Some(g)) => format!(
                                "no other unit with {} = `{}` has a value",
                                a.node,
                                unit.attributes.get(g).map_or("", String::as_str)
                            ),
                            _ => "no unit has a value".to_string(),
                        };
                        diags.push(
                            located(
                                model,
                                data,
                                u,
                                leaf,
                                Diag::error(
                                    codes::E407,
                                    format!("cannot fill `{colname}` of `{}`: {what}", unit.key),
                                ),
                                "missing",
                            )
                            .help("fill the value, or choose another `missing` policy for this indicator"),
                        );
                        out.push(d);
                        continue;
                    }
                    let mean = sample_params(&same).map_or(Decimal::ZERO, |p| p.mean);
                    d.filled = Some(mean);
                    d.note = Some(match per {
                        Some(a) => format!(
                            "missing → mean of its {} ({})",
                            a.node,
                            mean.round_dp(4).normalize()
                        ),
                        None => format!("missing → sample mean ({})", mean.round_dp(4).normalize()),
                    });
                    value = transform(u, mean, diags);
                }
            },
        }
        if log {
            d.transformed = value;
        }
        let p = params.as_ref();
        let dir = s.direction;
        let one = Decimal::ONE;
        let share: Option<Decimal> = match (&method, value) {
            (Method::Given, Some(v)) => {
                d.points = Some(v);
                None
            }
            (Method::GivenScale(hi), Some(v)) => v.checked_div(*hi),
            (Method::MinMax, Some(v)) => p.map(|p| {
                let (v, lo, hi) = fit(v, p.min, p.max);
                let range = hi - lo;
                if range.is_zero() {
                    one
                } else {
                    match dir {
                        Direction::Higher => ratio_of_difference(v, lo, range, true),
                        Direction::Lower => ratio_of_difference(hi, v, range, true),
                    }
                    .unwrap_or(one)
                }
            }),
            (Method::Goalposts { low, high }, Some(v)) => {
                let (lo, hi) = if log {
                    (
                        low.node.checked_ln().unwrap_or(low.node),
                        high.node.checked_ln().unwrap_or(high.node),
                    )
                } else {
                    (low.node, high.node)
                };
                let (v, lo, hi) = fit(v, lo, hi);
                let range = hi - lo;
                (!range.is_zero()).then(|| {
                    let x = match dir {
                        Direction::Higher => ratio_of_difference(v, lo, range, true),
                        Direction::Lower => ratio_of_difference(hi, v, range, true),
                    };
                    x.unwrap_or(Decimal::ZERO).clamp(Decimal::ZERO, one)
                })
            }
            (Method::Ratio, Some(v)) => p.and_then(|p| {
                let bad = match dir {
                    Direction::Higher => v < Decimal::ZERO || p.max <= Decimal::ZERO,
                    Direction::Lower => v <= Decimal::ZERO || p.min < Decimal::ZERO,
                };
                if bad {
                    diags.push(
                        located(
                            model,
                            data,
                            u,
                            leaf,
                            Diag::error(
                                codes::E411,
                                format!(
                                    "`{}` has `{colname}` = {}, which a ratio cannot score",
                                    unit.key,
                                    v.normalize()
                                ),
                            ),
                            "not usable in a ratio",
                        )
                        .help(match dir {
                            Direction::Higher => "`score ratio` needs values ≥ 0 and a sample maximum above 0",
                            Direction::Lower => "`score ratio` with `direction lower` divides the sample minimum by each value; every value must be above 0",
                        }),
                    );
                    return None;
                }
                Some(match dir {
                    Direction::Higher => v / p.max,
                    Direction::Lower => p.min / v,
                })
            }),
            (Method::ZScore, Some(v)) => p.map(|p| {
                if p.sd.is_zero() {
                    Decimal::ZERO
                } else {
                    match dir {
                        Direction::Higher => ratio_of_difference(v, p.mean, p.sd, false),
                        Direction::Lower => ratio_of_difference(p.mean, v, p.sd, false),
                    }
                    .unwrap_or(Decimal::ZERO)
                }
            }),
            (Method::Percentile, Some(v)) => {
                let others: Vec<Decimal> = observed
                    .iter()
                    .filter(|&&(o, _)| o != u)
                    .map(|&(_, x)| x)
                    .collect();
                if others.is_empty() {
                    Some(one)
                } else {
                    let below = others
                        .iter()
                        .filter(|&&x| match dir {
                            Direction::Higher => x < v,
                            Direction::Lower => x > v,
                        })
                        .count();
                    Some(Decimal::from(below) / Decimal::from(others.len()))
                }
            }
            (Method::Rubric(steps), _) => {
                let step = steps.iter().find(|st| match (&st.when, &d.raw, value) {
                    (StepWhen::Category(c), Raw::Text(t), _) => c == t,
                    (StepWhen::Compare(op, x), _, Some(v)) => compare(*op, v, *x),
                    (StepWhen::Else, _, _) => true,
                    _ => false,
                });
                match step {
                    Some(st) => {
                        d.points = Some(st.points.node);
                        d.note = Some(match (&st.when, d.note.take()) {
                            (_, Some(n)) => n,
                            (StepWhen::Category(c), None) => format!("{c} → {}", st.points.node.normalize()),
                            (StepWhen::Compare(op, x), None) => {
                                format!("{} {} → {}", op_word(*op), x.normalize(), st.points.node.normalize())
                            }
                            (StepWhen::Else, None) => format!("else → {}", st.points.node.normalize()),
                        });
                    }
                    None => {
                        let shown = match &d.raw {
                            Raw::Text(t) => format!("`{t}`"),
                            Raw::Number(n) => n.normalize().to_string(),
                            Raw::Missing => value.map_or_else(String::new, |v| v.normalize().to_string()),
                        };
                        let levels = steps.iter().filter_map(|st| match &st.when {
                            StepWhen::Category(c) => Some(c.as_str()),
                            _ => None,
                        });
                        let help = match &d.raw {
                            Raw::Text(t) => crate::suggest::did_you_mean(t, levels)
                                .unwrap_or_else(|| "add a step for this value, or an `else → POINTS` step".to_string()),
                            _ => "add a step for this value, or an `else → POINTS` step".to_string(),
                        };
                        diags.push(
                            located(
                                model,
                                data,
                                u,
                                leaf,
                                Diag::error(
                                    codes::E404,
                                    format!(
                                        "`{}` has `{colname}` = {shown}, which no step of the rubric of `{}` covers",
                                        unit.key, node.name
                                    ),
                                ),
                                "not in the rubric",
                            )
                            .help(help),
                        );
                    }
                }
                None
            }
            _ => None,
        };
        if let Some(x) = share {
            d.share = Some(x);
            d.points = Some(x.checked_mul(weight).unwrap_or(Decimal::ZERO));
        }
        d.score = d.points.map(|p| s.round.map_or(p, |r| r.apply(p)));
        out.push(d);
    }
    out
}

fn suggest_levels<'a>(present: impl Iterator<Item = &'a str>, level: &str) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for p in present {
        if !seen.contains(&p) {
            seen.push(p);
        }
    }
    crate::suggest::did_you_mean(level, seen.iter().copied()).unwrap_or_else(|| {
        format!(
            "the column holds: {}; remove the step or check its spelling",
            seen.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

fn compare(op: CmpOp, v: Decimal, x: Decimal) -> bool {
    match op {
        CmpOp::Eq => v == x,
        CmpOp::Ne => v != x,
        CmpOp::Lt => v < x,
        CmpOp::Le => v <= x,
        CmpOp::Gt => v > x,
        CmpOp::Ge => v >= x,
    }
}

fn op_word(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "=",
        CmpOp::Ne => "!=",
        CmpOp::Lt => "<",
        CmpOp::Le => "<=",
        CmpOp::Gt => ">",
        CmpOp::Ge => ">=",
    }
}

/// n, min, max, mean (exact) and population sd (a square root) of a sample. Sums that would
/// overflow 28 digits fall back to floating point (values near 10²⁸ only).
pub fn sample_params(values: &[Decimal]) -> Option<Params> {
    let (&first, rest) = values.split_first()?;
    let n = Decimal::from(values.len());
    let (mut min, mut max) = (first, first);
    for &v in rest {
        min = min.min(v);
        max = max.max(v);
    }
    let exact = || -> Option<(Decimal, Decimal)> {
        let mut sum = Decimal::ZERO;
        for &v in values {
            sum = sum.checked_add(v)?;
        }
        let mean = sum.checked_div(n)?;
        let mut sq = Decimal::ZERO;
        for &v in values {
            let dv = v.checked_sub(mean)?;
            sq = sq.checked_add(dv.checked_mul(dv)?)?;
        }
        Some((mean, (sq / n).sqrt().unwrap_or(Decimal::ZERO)))
    };
    let (mean, sd) = exact().unwrap_or_else(|| {
        use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
        let f: Vec<f64> = values.iter().map(|v| v.to_f64().unwrap_or(0.0)).collect();
        let m = f.iter().sum::<f64>() / f.len() as f64;
        let var = f.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / f.len() as f64;
        (
            Decimal::from_f64(m).unwrap_or(Decimal::ZERO),
            Decimal::from_f64(var.sqrt()).unwrap_or(Decimal::ZERO),
        )
    });
    Some(Params {
        n: values.len(),
        min,
        max,
        mean,
        sd,
    })
}

/// `v`, `lo`, `hi` halved when `hi − lo` would overflow 28 digits (shares are unchanged).
fn fit(v: Decimal, lo: Decimal, hi: Decimal) -> (Decimal, Decimal, Decimal) {
    let two = Decimal::TWO;
    match hi
        .checked_sub(lo)
        .and_then(|_| v.checked_sub(lo))
        .and_then(|_| hi.checked_sub(v))
    {
        Some(_) => (v, lo, hi),
        None => (v / two, lo / two, hi / two),
    }
}

/// (a − b) ÷ c without overflowing: a result beyond ±1 (the only case that can overflow) is
/// clamped to ±1 first when `clamp` is set, else the value is unusable (None).
fn ratio_of_difference(a: Decimal, b: Decimal, c: Decimal, clamp: bool) -> Option<Decimal> {
    let diff = a.checked_sub(b);
    match diff.and_then(|d| d.checked_div(c)) {
        Some(x) => Some(x),
        None if clamp => Some(if (a >= b) == (c > Decimal::ZERO) {
            Decimal::ONE
        } else {
            Decimal::ZERO
        }),
        None => None,
    }
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
