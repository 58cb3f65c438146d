//! COINr's further normalisations, as shares of a leaf's points: `rank` (ties averaged),
//! `borda`, `distance to max`, `target T [cap]` and `reference UNIT [cap]` (`fraction` is
//! `ratio`, see `leaf.rs`). Every one is exact decimal arithmetic over the observed values of
//! the leaf (after `log` when the rule takes it).
//!
//! | method | higher is better | lower is better |
//! | --- | --- | --- |
//! | `rank` | average rank (1 = lowest) ÷ n | the same, ranked from the highest |
//! | `borda` | units strictly below ÷ (n − 1) | units strictly above ÷ (n − 1) |
//! | `distance to max` | 1 − (max − x) ÷ (max − min) | 1 − (x − min) ÷ (max − min) |
//! | `target T` | (x − min) ÷ (T − min) | (max − x) ÷ (max − T) |
//! | `reference R` | x ÷ x(R) | x(R) ÷ x |
//!
//! `cap` limits a target's or a reference's share to 1; without it a unit beyond the target
//! earns more than the leaf's points (COINr's `cap_max = FALSE`).

use rust_decimal::{Decimal, MathematicalOps};

use super::Params;
use crate::rules::{Direction, Method};

/// What a normalisation needs beyond the value: the other units' values and the sample.
pub(super) struct Cohort<'a> {
    /// The observed values sorted ascending (`rank` and `borda`; empty for other methods).
    pub sorted: &'a [Decimal],
    /// Whether the unit scored is among them (then its own value is left out of the counts).
    pub own: bool,
    pub params: Option<&'a Params>,
    /// The reference unit's value (`reference UNIT`), when it has one.
    pub reference: Option<Decimal>,
    /// The rule takes `log`: a target is written in the column's units, compared as its log.
    pub log: bool,
}

/// Why a value cannot be normalised (E440 at the cell).
pub(super) enum Problem {
    /// A division by zero: the words say what is zero.
    Zero(String),
    /// A result beyond exact arithmetic.
    Beyond,
    /// Already reported once for the leaf (a reference unit the data lacks).
    Reported,
}

/// The share of a unit's value `v` by one of this module's methods (None: not one of them).
pub(super) fn share(
    method: &Method,
    dir: Direction,
    v: Decimal,
    c: &Cohort<'_>,
) -> Option<Result<Decimal, Problem>> {
    Some(match method {
        Method::Rank => {
            let (below, ties) = counts(c.sorted, v, dir, c.own);
            let n = c.sorted.len().saturating_sub(usize::from(c.own));
            // Average rank: below + 1 + ties ÷ 2 (the ties share the ranks they span).
            let rank = Decimal::from(below)
                .checked_add(Decimal::ONE)
                .and_then(|r| r.checked_add(Decimal::from(ties).checked_div(Decimal::TWO)?));
            rank.zip(Decimal::from(n).checked_add(Decimal::ONE))
                .and_then(|(r, n)| r.checked_div(n))
                .ok_or(Problem::Beyond)
        }
        Method::Borda => {
            let (below, _) = counts(c.sorted, v, dir, c.own);
            let n = c.sorted.len().saturating_sub(usize::from(c.own));
            Ok(Decimal::from(below)
                .checked_div(Decimal::from(n))
                .unwrap_or(Decimal::ONE))
        }
        Method::DistanceToMax => {
            let p = c.params?;
            let range = p.max.checked_sub(p.min).ok_or(Problem::Beyond);
            range.and_then(|range| {
                if range.is_zero() {
                    return Ok(Decimal::ONE);
                }
                let gap = match dir {
                    Direction::Higher => p.max.checked_sub(v),
                    Direction::Lower => v.checked_sub(p.min),
                };
                gap.and_then(|g| g.checked_div(range))
                    .and_then(|x| Decimal::ONE.checked_sub(x))
                    .ok_or(Problem::Beyond)
            })
        }
        Method::Target { target, cap } => {
            let p = c.params?;
            let t = if c.log {
                match target.node.checked_ln() {
                    Some(t) if target.node > Decimal::ZERO => t,
                    _ => {
                        return Some(Err(Problem::Zero(
                            t!("scoring.target_no_log", target = target.node.normalize())
                                .into_owned(),
                        )))
                    }
                }
            } else {
                target.node
            };
            let (num, den) = match dir {
                Direction::Higher => (v.checked_sub(p.min), t.checked_sub(p.min)),
                Direction::Lower => (p.max.checked_sub(v), p.max.checked_sub(t)),
            };
            divide(num, den, *cap, || {
                match dir {
                    Direction::Higher => t!("scoring.target_is_lowest", target = t.normalize()),
                    Direction::Lower => t!("scoring.target_is_highest", target = t.normalize()),
                }
                .into_owned()
            })
        }
        Method::Reference { unit, cap } => {
            let Some(r) = c.reference else {
                return Some(Err(Problem::Reported));
            };
            let (num, den) = match dir {
                Direction::Higher => (v, r),
                Direction::Lower => (r, v),
            };
            divide(Some(num), Some(den), *cap, || match dir {
                Direction::Higher => t!("scoring.reference_zero", unit = &unit.node).into_owned(),
                Direction::Lower => t!("scoring.value_zero_lower").into_owned(),
            })
        }
        _ => return None,
    })
}

/// Among the other units' values (`sorted` ascending, holding `v` once more when `own`): how
/// many are worse than `v` (lower when higher is better) and how many equal it — by binary
/// search, so a leaf of n units costs n log n.
pub(super) fn counts(sorted: &[Decimal], v: Decimal, dir: Direction, own: bool) -> (usize, usize) {
    let lower = sorted.partition_point(|&x| x < v);
    let upto = sorted.partition_point(|&x| x <= v);
    let below = match dir {
        Direction::Higher => lower,
        Direction::Lower => sorted.len().saturating_sub(upto),
    };
    let ties = upto.saturating_sub(lower).saturating_sub(usize::from(own));
    (below, ties)
}

/// num ÷ den, capped at 1 when asked; a zero denominator is a problem in words.
fn divide(
    num: Option<Decimal>,
    den: Option<Decimal>,
    cap: bool,
    zero: impl FnOnce() -> String,
) -> Result<Decimal, Problem> {
    let (Some(num), Some(den)) = (num, den) else {
        return Err(Problem::Beyond);
    };
    if den.is_zero() {
        return Err(Problem::Zero(zero()));
    }
    let x = num.checked_div(den).ok_or(Problem::Beyond)?;
    Ok(if cap { x.min(Decimal::ONE) } else { x })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Spanned;

    fn d(i: i64) -> Decimal {
        Decimal::from(i)
    }

    fn shares(method: &Method, dir: Direction, values: &[i64]) -> Vec<Decimal> {
        let sample: Vec<Decimal> = values.iter().map(|&v| d(v)).collect();
        let params = super::super::sample_params(&sample);
        let mut sorted = sample.clone();
        sorted.sort_unstable();
        let c = Cohort {
            sorted: &sorted,
            own: true,
            params: params.as_ref(),
            reference: Some(d(values[0])),
            log: false,
        };
        sample
            .iter()
            .map(|&v| match share(method, dir, v, &c) {
                Some(Ok(x)) => x,
                _ => panic!("no share"),
            })
            .collect()
    }

    #[test]
    fn rank_averages_ties_and_borda_counts_below() {
        // 10, 20, 20, 40: ranks 1, 2.5, 2.5, 4 of 4; Borda 0, 1, 1, 3 of 3.
        let r = shares(&Method::Rank, Direction::Higher, &[10, 20, 20, 40]);
        assert_eq!(
            r,
            vec![
                d(1) / d(4),
                Decimal::new(25, 1) / d(4),
                Decimal::new(25, 1) / d(4),
                d(1)
            ]
        );
        let b = shares(&Method::Borda, Direction::Lower, &[10, 20, 20, 40]);
        assert_eq!(b, vec![d(1), d(1) / d(3), d(1) / d(3), d(0)]);
    }

    #[test]
    fn target_caps_and_reference_divides() {
        let t = Method::Target {
            target: Spanned::new(d(30), Default::default()),
            cap: true,
        };
        assert_eq!(
            shares(&t, Direction::Higher, &[10, 20, 40]),
            vec![d(0), Decimal::new(5, 1), d(1)]
        );
        let r = Method::Reference {
            unit: Spanned::new("a".into(), Default::default()),
            cap: false,
        };
        assert_eq!(
            shares(&r, Direction::Higher, &[10, 20, 40]),
            vec![d(1), d(2), d(4)]
        );
    }
}
