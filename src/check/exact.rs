//! Exact weights: a weight is a fraction of two integers while `check` computes it, so a third of
//! a parent split into percent children adds back up to the parent exactly (⅓ × 50% + ⅓ × 50% =
//! ⅓), and the comparison that reports weights not adding up never fails on a rounding. Each
//! weight becomes a decimal (28 significant digits, rounded half to even) only when it is stored
//! in the model. An operation whose numerator or denominator would leave `i128` returns `None`,
//! which `check` reports as E601 at the weight.

use std::cmp::Ordering;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// `num / den` in lowest terms, `den > 0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frac {
    num: i128,
    den: i128,
}

impl Frac {
    pub const ZERO: Frac = Frac { num: 0, den: 1 };

    /// A decimal exactly: its mantissa over 10^scale (scale ≤ 28, so 10^scale fits in i128).
    pub fn from_decimal(d: Decimal) -> Frac {
        let den = 10i128.checked_pow(d.scale()).unwrap_or(1);
        Frac::new(d.mantissa(), den).unwrap_or(Frac::ZERO)
    }

    pub fn from_int(n: usize) -> Option<Frac> {
        Frac::new(i128::try_from(n).ok()?, 1)
    }

    fn new(num: i128, den: i128) -> Option<Frac> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den);
        let (mut num, mut den) = (num.checked_div(g)?, den.checked_div(g)?);
        if den < 0 {
            num = num.checked_neg()?;
            den = den.checked_neg()?;
        }
        Some(Frac { num, den })
    }

    pub fn is_zero(self) -> bool {
        self.num == 0
    }

    pub fn is_positive(self) -> bool {
        self.num > 0
    }

    pub fn checked_add(self, o: Frac) -> Option<Frac> {
        // a/b + c/d over lcm(b, d).
        let g = gcd(self.den, o.den);
        let b = self.den.checked_div(g)?;
        let d = o.den.checked_div(g)?;
        let num = self
            .num
            .checked_mul(d)?
            .checked_add(o.num.checked_mul(b)?)?;
        Frac::new(num, b.checked_mul(o.den)?)
    }

    pub fn checked_sub(self, o: Frac) -> Option<Frac> {
        self.checked_add(Frac {
            num: o.num.checked_neg()?,
            den: o.den,
        })
    }

    pub fn checked_mul(self, o: Frac) -> Option<Frac> {
        // Cross-reduce first, so products stay as small as the result allows.
        let g1 = gcd(self.num, o.den);
        let g2 = gcd(o.num, self.den);
        let num = self
            .num
            .checked_div(g1)?
            .checked_mul(o.num.checked_div(g2)?)?;
        let den = self
            .den
            .checked_div(g2)?
            .checked_mul(o.den.checked_div(g1)?)?;
        Frac::new(num, den)
    }

    pub fn checked_div(self, o: Frac) -> Option<Frac> {
        if o.num == 0 {
            return None;
        }
        self.checked_mul(Frac {
            num: o.den,
            den: o.num,
        })
    }

    /// The sum of many fractions; `None` when it leaves exact arithmetic.
    pub fn sum(items: impl IntoIterator<Item = Frac>) -> Option<Frac> {
        items
            .into_iter()
            .try_fold(Frac::ZERO, |acc, x| acc.checked_add(x))
    }

    /// The nearest decimal (28 significant digits); `None` beyond ±7.9·10²⁸.
    pub fn to_decimal(self) -> Option<Decimal> {
        let (mut num, mut den) = (self.num, self.den);
        // Bring both into the 96 bits of a decimal's mantissa; only the last digits are lost,
        // which the 28-digit division below would round away anyway.
        let limit = Decimal::MAX.mantissa();
        while den > limit || num.checked_abs().is_none_or(|a| a > limit) {
            if den < 10 {
                return None;
            }
            num = num.checked_div(10)?;
            den = den.checked_div(10)?;
        }
        Decimal::try_from_i128_with_scale(num, 0)
            .ok()?
            .checked_div(Decimal::try_from_i128_with_scale(den, 0).ok()?)
    }

    /// A decimal for messages when the exact one is out of range.
    fn approx(self) -> f64 {
        let n = self.num.to_f64().unwrap_or(f64::MAX);
        let d = self.den.to_f64().unwrap_or(1.0);
        n / d
    }
}

impl PartialOrd for Frac {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Frac {
    fn cmp(&self, other: &Self) -> Ordering {
        match self.checked_sub(*other) {
            Some(d) => d.num.cmp(&0),
            None => self.approx().total_cmp(&other.approx()),
        }
    }
}

/// The greatest common divisor (always ≥ 1, so it can divide).
fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        let r = a.checked_rem(b).unwrap_or(0);
        a = b;
        b = r;
    }
    i128::try_from(a).unwrap_or(1).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn f(s: &str) -> Frac {
        Frac::from_decimal(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn thirds_add_up() {
        let third = f("100").checked_div(Frac::from_int(3).unwrap()).unwrap();
        let half = f("50").checked_div(f("100")).unwrap();
        let a = half.checked_mul(third).unwrap();
        assert_eq!(a.checked_add(a).unwrap(), third);
        assert_eq!(Frac::sum([third, third, third]).unwrap(), f("100"));
        assert_eq!(
            third.to_decimal().unwrap(),
            Decimal::from_str("33.333333333333333333333333333").unwrap()
        );
    }

    #[test]
    fn overflow_is_none_and_order_holds() {
        let big = f("79228162514264337593543950335");
        let tiny = f("0.0000000000000000000000000001");
        assert!(big.checked_add(tiny).is_none());
        assert!(big.checked_mul(big).is_none());
        assert!(big.checked_add(big).unwrap().to_decimal().is_none());
        assert!(big > tiny && tiny > Frac::ZERO && f("-1") < Frac::ZERO);
        assert_eq!(f("0.50"), f("0.5"));
    }
}
