//! Outlier treatment (language chapter 5), before any leaf is scored: the JRC rule used by
//! COINr, the COIN Tool and the GII. A leaf's observed values *fail* when |skew| > S and
//! kurtosis > K (Excel's `SKEW` and `KURT`, `stats::shape`); a failing leaf is winsorised one
//! step at a time on the side of its skew (every value equal to the most extreme one is set to
//! the next most extreme value), up to N steps, until it passes; if it still fails, the
//! fallback (`log`, `gii-log`, `boxcox λ`) is applied to the original values instead.
//!
//! Exactness: winsorising only moves values, so it stays exact. The fallbacks are logarithms
//! and powers, computed by rust_decimal to about 28 significant digits (not exact). Skew and
//! kurtosis are computed in double precision, as Excel does.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, MathematicalOps};

use crate::codes;
use crate::data::Dataset;
use crate::diag::{Diag, Diags};
use crate::model::{Model, NodeId};
use crate::rules::treatment::{Fallback, Outliers};
use crate::stats::shape::{kurt, skew};

/// What the treatment of one leaf did.
#[derive(Clone, Debug, PartialEq)]
pub struct Treated {
    pub leaf: NodeId,
    pub outcome: Outcome,
    /// Skew and kurtosis of the observed values before and after.
    pub before: Shape,
    pub after: Shape,
    /// The units whose value changed: (unit index in the dataset, raw value, treated value).
    pub changed: Vec<(usize, Decimal, Decimal)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Shape {
    pub skew: Option<f64>,
    pub kurt: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The values pass the test as they are.
    Passed,
    /// Winsorised in this many steps, at the high (or low) end.
    Winsorised { steps: u32, high: bool },
    /// Winsorising was not enough: the fallback was applied to the original values.
    Transformed(Fallback),
}

impl Treated {
    /// The method in words: `none needed`, `winsorised (high)`, `log`, …
    pub fn method(&self) -> String {
        match &self.outcome {
            Outcome::Passed => "none needed".into(),
            Outcome::Winsorised { high: true, .. } => "winsorised (high end)".into(),
            Outcome::Winsorised { high: false, .. } => "winsorised (low end)".into(),
            Outcome::Transformed(f) => f.text(),
        }
    }

    /// The treated value of a unit, when treatment changed it.
    pub fn value_of(&self, unit: usize) -> Option<(Decimal, Decimal)> {
        self.changed
            .iter()
            .find(|(u, _, _)| *u == unit)
            .map(|&(_, raw, t)| (raw, t))
    }
}

fn shape(xs: &[Decimal]) -> Shape {
    Shape {
        skew: skew(xs),
        kurt: kurt(xs),
    }
}

/// Whether values fail the rule: |skew| > S and kurtosis > K (undefined skew or kurtosis —
/// too few values, no spread — passes).
pub fn fails(s: Shape, rule: &Outliers) -> bool {
    let (Some(sk), Some(ku)) = (s.skew, s.kurt) else {
        return false;
    };
    let (Some(ts), Some(tk)) = (rule.skew.to_f64(), rule.kurtosis.to_f64()) else {
        return false;
    };
    sk.abs() > ts && ku > tk
}

/// Treat every leaf with a rule; the dataset's values are replaced by the treated ones.
pub(super) fn apply(
    model: &Model,
    data: &mut Dataset,
    leaves: &[NodeId],
    diags: &mut Diags,
) -> Vec<Treated> {
    let mut out = Vec::new();
    for &leaf in leaves {
        let Some(rule) = model.nodes.get(leaf).and_then(|n| n.scoring.treat.as_ref()) else {
            continue;
        };
        let observed: Vec<(usize, Decimal)> = data
            .units
            .iter()
            .enumerate()
            .filter_map(|(u, unit)| Some((u, unit.values.get(leaf)?)))
            .collect();
        let values: Vec<Decimal> = observed.iter().map(|&(_, v)| v).collect();
        let Some(t) = treat(&values, rule) else {
            let bad = observed
                .get(bad_value(&values, rule))
                .map_or(0, |&(u, _)| u);
            diags.push(cannot(model, data, leaf, bad, rule));
            continue;
        };
        let changed: Vec<(usize, Decimal, Decimal)> = observed
            .iter()
            .zip(&t.values)
            .filter(|((_, raw), new)| raw != *new)
            .map(|(&(u, raw), &new)| (u, raw, new))
            .collect();
        for &(u, _, new) in &changed {
            if let Some(x) = data.units.get_mut(u) {
                x.values.set(leaf, Some(new));
            }
        }
        let after = shape(&t.values);
        if fails(after, rule) && t.outcome != Outcome::Passed {
            diags.push(still_fails(model, leaf, after, rule));
        }
        out.push(Treated {
            leaf,
            outcome: t.outcome,
            before: shape(&values),
            after,
            changed,
        });
    }
    out
}

/// The treated values and how they were made; None when the fallback cannot transform them.
pub struct Treatment {
    pub values: Vec<Decimal>,
    pub outcome: Outcome,
}

/// The JRC rule on a sample: pass, winsorise, or fall back.
pub fn treat(values: &[Decimal], rule: &Outliers) -> Option<Treatment> {
    if !fails(shape(values), rule) {
        return Some(Treatment {
            values: values.to_vec(),
            outcome: Outcome::Passed,
        });
    }
    let mut w = values.to_vec();
    let mut steps = 0u32;
    let mut high = true;
    while steps < rule.winsorise && fails(shape(&w), rule) {
        high = skew(&w).is_none_or(|s| s >= 0.0);
        if !winsorise_step(&mut w, high) {
            break;
        }
        steps = steps.saturating_add(1);
    }
    if !fails(shape(&w), rule) || rule.fallback == Fallback::None {
        return Some(Treatment {
            values: w,
            outcome: Outcome::Winsorised { steps, high },
        });
    }
    let values = transform(values, &rule.fallback)?;
    Some(Treatment {
        values,
        outcome: Outcome::Transformed(rule.fallback.clone()),
    })
}

/// One step: every value equal to the largest (smallest) becomes the next largest (smallest).
/// False when there is no next value (all equal).
pub fn winsorise_step(xs: &mut [Decimal], high: bool) -> bool {
    let extreme = if high {
        xs.iter().max()
    } else {
        xs.iter().min()
    };
    let Some(&extreme) = extreme else {
        return false;
    };
    let others = xs.iter().filter(|&&x| x != extreme);
    let next = if high { others.max() } else { others.min() };
    let Some(&next) = next else {
        return false;
    };
    for x in xs.iter_mut().filter(|x| **x == extreme) {
        *x = next;
    }
    true
}

/// The fallback applied to the original values; None when a value cannot be transformed.
pub fn transform(xs: &[Decimal], f: &Fallback) -> Option<Vec<Decimal>> {
    let min = xs.iter().min().copied()?;
    let max = xs.iter().max().copied()?;
    let positive = skew(xs).is_none_or(|s| s >= 0.0);
    xs.iter()
        .map(|&x| match f {
            // ln(x − min + 1) ≥ 0; mirrored: −ln(max − x + 1), which keeps the order.
            Fallback::Log if positive => {
                x.checked_sub(min)?.checked_add(Decimal::ONE)?.checked_ln()
            }
            Fallback::Log => Decimal::ZERO.checked_sub(
                max.checked_sub(x)?
                    .checked_add(Decimal::ONE)?
                    .checked_ln()?,
            ),
            Fallback::GiiLog => {
                if max <= Decimal::ONE || max == min {
                    return None;
                }
                let share = x.checked_sub(min)?.checked_div(max.checked_sub(min)?)?;
                share
                    .checked_mul(max.checked_sub(Decimal::ONE)?)?
                    .checked_add(Decimal::ONE)?
                    .checked_ln()
            }
            Fallback::BoxCox(_) if x <= Decimal::ZERO => None,
            Fallback::BoxCox(l) if l.is_zero() => x.checked_ln(),
            Fallback::BoxCox(l) => x
                .checked_powd(*l)?
                .checked_sub(Decimal::ONE)?
                .checked_div(*l),
            Fallback::None => Some(x),
        })
        .collect()
}

/// The position of the first value the fallback cannot transform (for the error's label).
fn bad_value(xs: &[Decimal], rule: &Outliers) -> usize {
    (0..xs.len())
        .find(|&i| {
            let one = xs.get(i..=i).unwrap_or_default();
            match &rule.fallback {
                Fallback::BoxCox(_) => transform(one, &rule.fallback).is_none(),
                _ => false,
            }
        })
        .unwrap_or(0)
}

/// E421: the fallback cannot transform the leaf's values.
fn cannot(model: &Model, data: &Dataset, leaf: NodeId, u: usize, rule: &Outliers) -> Diag {
    let name = model.nodes.get(leaf).map_or("", |n| n.name.as_str());
    let (why, help) = match rule.fallback {
        Fallback::GiiLog => (
            "the GII's log needs a maximum above 1 and values that differ",
            "use `then log` (ln(x − min + 1)) for values at or below 1",
        ),
        Fallback::BoxCox(_) => (
            "Box-Cox needs every value above 0",
            "use `then log`, which shifts the values by their minimum first",
        ),
        _ => (
            "a value goes beyond exact arithmetic",
            "check the column for a misplaced decimal point",
        ),
    };
    let d = Diag::error(
        codes::E421,
        format!(
            "cannot treat the outliers of `{name}` with `{}`: {why}",
            rule.fallback.text()
        ),
    )
    .help(help);
    let column = model.nodes.get(leaf).map(|n| {
        n.column
            .as_ref()
            .map_or(n.name.as_str(), |c| c.node.as_str())
    });
    let cell = data
        .units
        .get(u)
        .zip(column)
        .and_then(|(unit, c)| data.cell(unit, c));
    match (cell, model.nodes.get(leaf)) {
        (Some(span), _) => d.in_source(&data.table.source).label(span, "this value"),
        (None, Some(n)) => d
            .in_source(&model.source)
            .label(n.scoring.treat_span.unwrap_or(n.span), "the treatment"),
        _ => d,
    }
}

/// W420: the treated values still fail the test.
fn still_fails(model: &Model, leaf: NodeId, after: Shape, rule: &Outliers) -> Diag {
    let node = model.nodes.get(leaf);
    let name = node.map_or("", |n| n.name.as_str());
    let shown = |x: Option<f64>| x.map_or_else(|| "—".to_string(), |v| format!("{v:.3}"));
    let d = Diag::warning(
        codes::W420,
        format!(
            "`{name}` still fails the outlier test after treatment (skew {}, kurtosis {})",
            shown(after.skew),
            shown(after.kurt)
        ),
    )
    .help(format!(
        "allow more steps (`winsorise {}`) or choose another fallback (`then log`, `then gii-log`, `then boxcox 0.5`)",
        rule.winsorise.saturating_mul(2).max(1)
    ));
    match node {
        Some(n) => d
            .in_source(&model.source)
            .label(n.scoring.treat_span.unwrap_or(n.span), "the treatment"),
        None => d,
    }
}
