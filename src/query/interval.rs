//! Interval arithmetic for scalar queries: a computed value and the interval that the rounding
//! of the input cells allows ([`Estimate`]), for every statistic and operation a scalar query
//! has. What each interval guarantees (docs/language.md, chapter 10):
//!
//! - exact (the smallest and largest value some inputs inside their intervals give) for `sum`,
//!   `mean`, `rate`, `min`, `max`, `median` over a fixed set of units: each is nondecreasing in
//!   every value and strictly increasing along the diagonal, so its extremes are its values at
//!   the two corners; for `range` (max(high) − min(low), and max(0, max(low) − min(high)));
//! - exact for `count` and `share` of a condition, and for `rank`: each unit's test is true,
//!   false or undecided (three-valued), and every count between the certain and the possible is
//!   reached — when each unit's undecided tests compare one indicator (otherwise an outer bound);
//! - an outer bound (never narrower than the truth) for `qd` (Q3(high) − Q1(low) down to
//!   max(0, Q3(low) − Q1(high)); the upper end is reached when every cell has the same width),
//!   for `sd` (the triangle inequality: sd ± √(Σ d²/(n − 1)), d each unit's largest deviation),
//!   for statistics over units whose membership a `where` on scores leaves undecided, and for
//!   arithmetic `a − b` etc. (operands taken as independent: exact when they share no input
//!   cell, as means over disjoint groups);
//! - for `corr`, the values of r at the two corners of the input box its gradient points to:
//!   reached by actual inputs, the exact extremes of r's first-order expansion.

use rust_decimal::{Decimal, MathematicalOps, RoundingStrategy};

use crate::stats::{self, Quartiles};

/// A computed value and the interval [low, high] the rounding of the input cells allows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub value: Decimal,
    pub low: Decimal,
    pub high: Decimal,
    /// A ratio (`rate`, `share`): printed as a percentage.
    pub ratio: bool,
}

impl Estimate {
    pub fn exact(value: Decimal) -> Estimate {
        Estimate {
            value,
            low: value,
            high: value,
            ratio: false,
        }
    }

    pub fn ratio(mut self) -> Estimate {
        self.ratio = true;
        self
    }

    /// Whether the interval holds more than the value.
    pub fn is_exact(&self) -> bool {
        self.low == self.value && self.high == self.value
    }

    pub fn plus(self, o: Estimate) -> Option<Estimate> {
        Some(Estimate {
            value: self.value.checked_add(o.value)?,
            low: self.low.checked_add(o.low)?,
            high: self.high.checked_add(o.high)?,
            ratio: self.ratio && o.ratio,
        })
    }

    pub fn minus(self, o: Estimate) -> Option<Estimate> {
        Some(Estimate {
            value: self.value.checked_sub(o.value)?,
            low: self.low.checked_sub(o.high)?,
            high: self.high.checked_sub(o.low)?,
            ratio: self.ratio && o.ratio,
        })
    }

    pub fn times(self, o: Estimate) -> Option<Estimate> {
        let c = [
            self.low.checked_mul(o.low)?,
            self.low.checked_mul(o.high)?,
            self.high.checked_mul(o.low)?,
            self.high.checked_mul(o.high)?,
        ];
        Some(Estimate {
            value: self.value.checked_mul(o.value)?,
            low: c.iter().copied().min()?,
            high: c.iter().copied().max()?,
            ratio: self.ratio != o.ratio,
        })
    }

    /// None when the divisor's interval holds 0 (or a result overflows).
    pub fn over(self, o: Estimate) -> Option<Estimate> {
        if o.low <= Decimal::ZERO && o.high >= Decimal::ZERO {
            return None;
        }
        let c = [
            self.low.checked_div(o.low)?,
            self.low.checked_div(o.high)?,
            self.high.checked_div(o.low)?,
            self.high.checked_div(o.high)?,
        ];
        Some(Estimate {
            value: self.value.checked_div(o.value)?,
            low: c.iter().copied().min()?,
            high: c.iter().copied().max()?,
            ratio: self.ratio && !o.ratio,
        })
    }

    /// Half up (away from zero) to `dp` decimals; rounding is monotone, so the interval's ends
    /// round to the ends.
    pub fn round(self, dp: u32) -> Estimate {
        let r = |d: Decimal| half_up(d, dp);
        Estimate {
            value: r(self.value),
            low: r(self.low),
            high: r(self.high),
            ratio: self.ratio,
        }
    }
}

/// Half up: 2.345 → 2.35, −2.345 → −2.35.
pub fn half_up(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// One unit's value and the interval its inputs allow.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ranged {
    pub value: Decimal,
    pub low: Decimal,
    pub high: Decimal,
}

fn column(xs: &[Ranged], f: impl Fn(&Ranged) -> Decimal) -> Vec<Decimal> {
    let mut v: Vec<Decimal> = xs.iter().map(f).collect();
    v.sort();
    v
}

/// Which statistic of a set of values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stat {
    Sum,
    Mean,
    Median,
    Min,
    Max,
    Range,
    Qd,
    Sd,
}

/// A statistic of values known to intervals (see the module's comment for what is exact).
/// None for no values (and `sd` of one), or beyond exact decimals.
pub fn statistic(stat: Stat, xs: &[Ranged], conv: Quartiles) -> Option<Estimate> {
    let values = column(xs, |r| r.value);
    let lows = column(xs, |r| r.low);
    let highs = column(xs, |r| r.high);
    let each = |f: &dyn Fn(&[Decimal]) -> Option<Decimal>| -> Option<Estimate> {
        Some(Estimate {
            value: f(&values)?,
            low: f(&lows)?,
            high: f(&highs)?,
            ratio: false,
        })
    };
    let quartile = |s: &[Decimal], p: i64| stats::quantile(s, Decimal::new(p, 2), conv);
    match stat {
        Stat::Sum => each(&|s| {
            s.iter()
                .try_fold(Decimal::ZERO, |acc, &x| acc.checked_add(x))
        }),
        Stat::Mean => each(&stats::mean),
        Stat::Median => each(&stats::median),
        Stat::Min => each(&|s| s.first().copied()),
        Stat::Max => each(&|s| s.last().copied()),
        Stat::Range => Some(Estimate {
            value: values.last()?.checked_sub(*values.first()?)?,
            low: lows
                .last()?
                .checked_sub(*highs.first()?)?
                .max(Decimal::ZERO),
            high: highs.last()?.checked_sub(*lows.first()?)?,
            ratio: false,
        }),
        Stat::Qd => {
            let qd = |hi: &[Decimal], lo: &[Decimal]| -> Option<Decimal> {
                quartile(hi, 75)?.checked_sub(quartile(lo, 25)?)
            };
            Some(Estimate {
                value: qd(&values, &values)?,
                low: qd(&lows, &highs)?.max(Decimal::ZERO),
                high: qd(&highs, &lows)?,
                ratio: false,
            })
        }
        Stat::Sd => sd(xs),
    }
}

/// The sample sd and an outer bound of its range by the triangle inequality: moving each
/// value by at most d_i moves ‖x − mean‖ by at most √(Σ d_i²).
fn sd(xs: &[Ranged]) -> Option<Estimate> {
    let values: Vec<Decimal> = xs.iter().map(|r| r.value).collect();
    let value = stats::sd(&values).ok()??;
    let mut ss = Decimal::ZERO;
    for r in xs {
        let d = r
            .value
            .checked_sub(r.low)?
            .max(r.high.checked_sub(r.value)?);
        ss = ss.checked_add(d.checked_mul(d)?)?;
    }
    let n1 = Decimal::from(xs.len().checked_sub(1)?);
    let slack = ss.checked_div(n1)?.sqrt()?;
    Some(Estimate {
        value,
        low: value.checked_sub(slack)?.max(Decimal::ZERO),
        high: value.checked_add(slack)?,
        ratio: false,
    })
}

/// Whether a test holds for a unit: surely, surely not, or depending on the unrounded inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tri {
    Yes,
    No,
    Maybe,
}

impl Tri {
    pub fn and(self, o: Tri) -> Tri {
        match (self, o) {
            (Tri::No, _) | (_, Tri::No) => Tri::No,
            (Tri::Yes, Tri::Yes) => Tri::Yes,
            _ => Tri::Maybe,
        }
    }

    pub fn or(self, o: Tri) -> Tri {
        match (self, o) {
            (Tri::Yes, _) | (_, Tri::Yes) => Tri::Yes,
            (Tri::No, Tri::No) => Tri::No,
            _ => Tri::Maybe,
        }
    }

    pub fn negate(self) -> Tri {
        match self {
            Tri::Yes => Tri::No,
            Tri::No => Tri::Yes,
            Tri::Maybe => Tri::Maybe,
        }
    }

    fn of(b: bool) -> Tri {
        if b {
            Tri::Yes
        } else {
            Tri::No
        }
    }
}

/// `x OP c` for x anywhere in [low, high] (the ends included).
pub fn compare(low: Decimal, high: Decimal, op: crate::model::CmpOp, c: Decimal) -> Tri {
    use crate::model::CmpOp;
    let (surely, possibly) = match op {
        CmpOp::Ge => (low >= c, high >= c),
        CmpOp::Gt => (low > c, high > c),
        CmpOp::Le => (high <= c, low <= c),
        CmpOp::Lt => (high < c, low < c),
        CmpOp::Eq => (low == c && high == c, low <= c && c <= high),
        CmpOp::Ne => (c < low || c > high, !(low == c && high == c)),
    };
    if surely {
        Tri::Yes
    } else {
        Tri::of(possibly).and(Tri::Maybe)
    }
}

/// `count` of a three-valued test over units: the count at the printed values, and every count
/// from the sure ones to the possible ones.
pub fn count(tests: &[(bool, Tri)]) -> Estimate {
    let point = tests.iter().filter(|(b, _)| *b).count();
    let sure = tests.iter().filter(|(_, t)| *t == Tri::Yes).count();
    let possible = tests.iter().filter(|(_, t)| *t != Tri::No).count();
    Estimate {
        value: Decimal::from(point),
        low: Decimal::from(sure),
        high: Decimal::from(possible),
        ratio: false,
    }
}

/// Pearson's r at the printed values, and at the two corners of the input box its gradient
/// points to (x and y each moved to the end of its interval that raises, or lowers, r).
pub fn corr(xs: &[Ranged], ys: &[Ranged]) -> Option<(f64, f64, f64)> {
    let f = |d: Decimal| rust_decimal::prelude::ToPrimitive::to_f64(&d).unwrap_or(f64::NAN);
    let x: Vec<f64> = xs.iter().map(|r| f(r.value)).collect();
    let y: Vec<f64> = ys.iter().map(|r| f(r.value)).collect();
    let r = stats::pearson(&x, &y)?;
    let n = x.len() as f64;
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let sxx: f64 = x.iter().map(|a| (a - mx) * (a - mx)).sum();
    let syy: f64 = y.iter().map(|b| (b - my) * (b - my)).sum();
    let norm = (sxx * syy).sqrt();
    // ∂r/∂x_i = (ỹ_i / √(SxxSyy)) − r x̃_i / Sxx, and symmetrically for y.
    let corner = |up: bool| -> Option<f64> {
        let pick = |g: f64, rg: &Ranged| {
            if (g > 0.0) == up {
                f(rg.high)
            } else {
                f(rg.low)
            }
        };
        let cx: Vec<f64> = (0..x.len())
            .map(|i| {
                let (xi, yi, rg) = (x.get(i)?, y.get(i)?, xs.get(i)?);
                Some(pick((yi - my) / norm - r * (xi - mx) / sxx, rg))
            })
            .collect::<Option<_>>()?;
        let cy: Vec<f64> = (0..y.len())
            .map(|i| {
                let (xi, yi, rg) = (x.get(i)?, y.get(i)?, ys.get(i)?);
                Some(pick((xi - mx) / norm - r * (yi - my) / syy, rg))
            })
            .collect::<Option<_>>()?;
        stats::pearson(&cx, &cy)
    };
    let lo = corner(false).unwrap_or(r).min(r);
    let hi = corner(true).unwrap_or(r).max(r);
    Some((r, lo, hi))
}
