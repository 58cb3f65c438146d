//! A share by the sample and goalpost methods (`minmax`, `goalposts`, `ratio`, `fraction`,
//! `zscore`, `percentile`, `given 0-N`, and the methods of `normalise.rs`) in exact decimals;
//! a share beyond exact arithmetic, or a division by zero, is an error at the cell.

use rust_decimal::{Decimal, MathematicalOps};

use super::super::normalise;
use super::Leaf;
use crate::codes;
use crate::diag::{Diag, Diags};
use crate::rules::{Direction, Method};
use crate::scoring::Params;

impl Leaf<'_> {
    /// The share of the leaf's points a value earns by a sample or goalpost method; a share
    /// beyond exact arithmetic is an error at the cell.
    pub(super) fn share(
        &self,
        u: usize,
        method: &Method,
        v: Decimal,
        diags: &mut Diags,
    ) -> Option<Decimal> {
        let p = self.params.as_ref();
        if let (Method::Ratio | Method::Fraction, Some(p)) = (method, p) {
            return self.ratio(u, v, p, diags);
        }
        if let (Method::ZScore, Some(p)) = (method, p) {
            if p.sd == Decimal::MAX {
                diags.push(self.beyond(u, "standard deviation"));
                return None;
            }
        }
        let cohort = normalise::Cohort {
            sorted: &self.sorted,
            own: self.observed(u),
            params: p,
            reference: self.reference,
            log: self.log,
        };
        let dir = self.node.scoring.direction;
        match normalise::share(method, dir, v, &cohort) {
            Some(Ok(x)) => return Some(x),
            Some(Err(normalise::Problem::Zero(why))) => {
                let d = Diag::error(
                    codes::E440,
                    t!(
                        "scoring.e440_zero",
                        unit = self.key(u),
                        name = &self.node.name,
                        why = why
                    ),
                );
                diags.push(
                    self.at_cell(u, d, &t!("scoring.division_by_zero"))
                        .help(t!("scoring.e440_zero_help")),
                );
                return None;
            }
            Some(Err(normalise::Problem::Beyond)) => {
                diags.push(self.beyond(u, "share"));
                return None;
            }
            Some(Err(normalise::Problem::Reported)) => return None,
            None => {}
        }
        let share = self.share_of(u, method, v);
        if share.is_none() {
            diags.push(self.beyond(u, "share"));
        }
        share
    }

    /// The share by every method but `ratio`; None only when it leaves exact arithmetic.
    fn share_of(&self, u: usize, method: &Method, v: Decimal) -> Option<Decimal> {
        let p = self.params.as_ref();
        let dir = self.node.scoring.direction;
        match method {
            Method::GivenScale(hi) => v.checked_div(*hi),
            Method::MinMax => {
                let p = p?;
                let (v, lo, hi) = fit(v, p.min, p.max);
                let range = hi.checked_sub(lo)?;
                if range.is_zero() {
                    return Some(Decimal::ONE);
                }
                Some(directed(dir, v, lo, hi, range).unwrap_or(Decimal::ONE))
            }
            Method::Goalposts { low, high } => {
                let (lo, hi) = if self.log {
                    (
                        low.node.checked_ln().unwrap_or(low.node),
                        high.node.checked_ln().unwrap_or(high.node),
                    )
                } else {
                    (low.node, high.node)
                };
                let (v, lo, hi) = fit(v, lo, hi);
                let range = hi.checked_sub(lo)?;
                let x = if range.is_zero() {
                    Decimal::ZERO
                } else {
                    directed(dir, v, lo, hi, range).unwrap_or(Decimal::ZERO)
                };
                Some(x.clamp(Decimal::ZERO, Decimal::ONE))
            }
            Method::ZScore => {
                let p = p?;
                if p.sd.is_zero() {
                    return Some(Decimal::ZERO);
                }
                match dir {
                    Direction::Higher => ratio_of_difference(v, p.mean, p.sd, false),
                    Direction::Lower => ratio_of_difference(p.mean, v, p.sd, false),
                }
            }
            Method::Percentile => Some(self.percentile(u, v, dir)),
            _ => None,
        }
    }

    fn ratio(&self, u: usize, v: Decimal, p: &Params, diags: &mut Diags) -> Option<Decimal> {
        let dir = self.node.scoring.direction;
        let bad = match dir {
            Direction::Higher => v < Decimal::ZERO || p.max <= Decimal::ZERO,
            Direction::Lower => v <= Decimal::ZERO || p.min < Decimal::ZERO,
        };
        if bad {
            let d = Diag::error(
                codes::E411,
                t!(
                    "scoring.e411_ratio",
                    unit = self.key(u),
                    column = self.colname,
                    value = v.normalize()
                ),
            );
            diags.push(
                self.at_cell(u, d, &t!("scoring.not_for_ratio"))
                    .help(match dir {
                        Direction::Higher => t!("scoring.ratio_higher_help"),
                        Direction::Lower => t!("scoring.ratio_lower_help"),
                    }),
            );
            return None;
        }
        // 0 ≤ v ≤ max (or min ≤ v): the quotient lies in 0…1 and cannot overflow.
        let x = match dir {
            Direction::Higher => v.checked_div(p.max),
            Direction::Lower => p.min.checked_div(v),
        };
        if x.is_none() {
            diags.push(self.beyond(u, "share"));
        }
        x
    }

    /// The share of the other units with a lower value (a higher one when lower is better).
    fn percentile(&self, u: usize, v: Decimal, dir: Direction) -> Decimal {
        let (below, n) = self.percentile_counts(u, v, dir);
        Decimal::from(below)
            .checked_div(Decimal::from(n))
            .unwrap_or(Decimal::ONE)
    }

    /// (the other units with a lower value, the other units), counted in the sorted sample by
    /// binary search. A unit's own value is never lower (or higher) than itself, so only the
    /// count of others needs it taken out.
    pub(super) fn percentile_counts(&self, u: usize, v: Decimal, dir: Direction) -> (usize, usize) {
        let own = self.observed(u);
        let (below, _) = normalise::counts(&self.sorted, v, dir, own);
        (below, self.sorted.len().saturating_sub(usize::from(own)))
    }
}

/// (v − lo) ÷ range when higher is better, (hi − v) ÷ range when lower is.
fn directed(
    dir: Direction,
    v: Decimal,
    lo: Decimal,
    hi: Decimal,
    range: Decimal,
) -> Option<Decimal> {
    match dir {
        Direction::Higher => ratio_of_difference(v, lo, range, true),
        Direction::Lower => ratio_of_difference(hi, v, range, true),
    }
}

/// `v`, `lo`, `hi` quartered when `hi − lo` would overflow 28 digits (shares are unchanged; a
/// half would not do: halves of ±7.9·10²⁸ round up to 29 digits).
fn fit(v: Decimal, lo: Decimal, hi: Decimal) -> (Decimal, Decimal, Decimal) {
    let fits = hi
        .checked_sub(lo)
        .and_then(|_| v.checked_sub(lo))
        .and_then(|_| hi.checked_sub(v))
        .is_some();
    if fits {
        return (v, lo, hi);
    }
    let quarter = |x: Decimal| x.checked_div(Decimal::from(4)).unwrap_or(x);
    (quarter(v), quarter(lo), quarter(hi))
}

/// (a − b) ÷ c without overflowing: a result beyond ±1 (the only case that can overflow) is
/// clamped to ±1 first when `clamp` is set, else the value is unusable (None).
fn ratio_of_difference(a: Decimal, b: Decimal, c: Decimal, clamp: bool) -> Option<Decimal> {
    match a.checked_sub(b).and_then(|d| d.checked_div(c)) {
        Some(x) => Some(x),
        None if clamp => Some(if (a >= b) == (c > Decimal::ZERO) {
            Decimal::ONE
        } else {
            Decimal::ZERO
        }),
        None => None,
    }
}
