//! The fast path of scoring (issue 14): a unit's rounded points at a leaf computed from the
//! exact rational share in scaled integers, without building a [`Detail`](crate::scoring::Detail)
//! and without the decimal division, for `given`, `given 0-N`, `minmax`, `goalposts`, `ratio`,
//! `fraction`, `percentile`, `distance to max`, `target` and `reference` under `round N`.
//!
//! The decimal path's differences (v − min, max − min) are exact when the operands lie below
//! 2⁹⁵ at their common scale (the fast path checks it); then it rounds twice: share = a ÷ b to
//! 28 significant digits, points = share × the leaf's points (28 digits again), then `round N`
//! by the leaf's mode. Its points differ from the exact rational q = a × points ÷ b by at most
//! E = points·10⁻²⁸ + 2.1·q·10⁻²⁷ (plus 10⁻²⁸ for the product's last digit). Both therefore
//! round alike unless q lies within E of a multiple of ½·10⁻ᴺ — every rounding boundary of
//! every mode is one. The fast path computes q·10ᴺ = n ÷ d exactly (integer quotient and
//! remainder) and takes a cell only when its distance to the nearest such multiple exceeds a
//! margin of at least 4·E (below a bound on d per leaf, any t off a multiple is that far: at
//! least 1 ÷ 2d); then the decimal points also have more than N decimals, so `round N` gives
//! scale N, as here. Every other cell — a tie or a grid point (the sample's minimum and maximum
//! among them), a value that does not fit, a missing or text cell, a share beyond the
//! goalposts' clamp by a hair — is left to the decimal path (`None`), which also reports every
//! error.

use rust_decimal::Decimal;

use super::Leaf;
use crate::rules::{Direction, Method, RoundMode, Rounding};

/// Rounding to more decimals than this, or leaf points above [`MAX_POINTS`], take the decimal
/// path: the bounds keep every product below in i128 and the margin's analysis valid.
const MAX_DIGITS: u32 = 12;
const MAX_POINTS: i128 = 1_000_000;
/// Shares above this many times 1 take the decimal path.
const MAX_SHARE: i128 = 1_000_000;
/// Aligned magnitudes below 2⁹⁵: a decimal subtraction of two of them is exact.
const EXACT: i128 = 1 << 95;
/// A share within 10⁻²⁰ of 0 or 1 is not clamped by the fast path.
const HAIR: i128 = 100_000_000_000_000_000_000;

/// What a leaf's share is, as a function of a unit's value v (aligned integers).
#[derive(Clone, Copy, Debug)]
enum Share {
    /// `given`: the value is the points.
    Given,
    /// (v − lo) ÷ (hi − lo), or (hi − v) ÷ (hi − lo) when `negate`: `lo` and `hi` exactly, as
    /// integers at `scale`.
    Linear {
        lo: i128,
        hi: i128,
        scale: u32,
        negate: bool,
    },
    /// v ÷ other, or other ÷ v when `over_v` (`other` exactly, an integer at `scale`).
    Quotient {
        other: i128,
        scale: u32,
        over_v: bool,
    },
    /// Below ÷ n, counted in the sorted sample.
    Percentile,
}

/// A leaf's fast path: its share, clamps and rounding (see the module's notes).
pub(super) struct Fast {
    share: Share,
    /// Shares below 0 are 0 (`goalposts`); above 1 are 1 (`goalposts`, `cap`).
    clamp_low: bool,
    clamp_high: bool,
    /// The scores of a share clamped to 0 and to 1, computed by the decimal path's own steps.
    at_zero: Option<Decimal>,
    at_one: Option<Decimal>,
    round: Option<Rounding>,
    /// q·10ᴺ = share × points × 10ᴺ = num × `times` ÷ (den × `per`): the leaf's points'
    /// mantissa and the powers of ten between its scale and N's (both positive).
    times: i128,
    per: i128,
    /// The margin's part that does not grow with q: 10ᴺ⁻²⁶ × (points + 1).
    margin: f64,
    /// Below this d (of t = n ÷ d) the margin is under 1 ÷ 2d for every share the fast path
    /// takes (at most [`MAX_SHARE`]): any t off a boundary is clear of it, no float needed.
    free: i128,
    /// The common case in 64 bits, when the leaf has it.
    quick: Option<Quick>,
}

/// A linear share (`minmax`, `goalposts`, `distance to max`, `target`) in 64-bit integers, for a
/// unit's value at the share's scale strictly inside the range: its bounds and range under 2⁴⁰,
/// the points' multiplier under 2²² (so num × times < 2⁶³), and d = range × per free of the
/// margin. The same steps as [`Fast::points`], fewer checks.
#[derive(Clone, Copy, Debug)]
struct Quick {
    lo: i64,
    hi: i64,
    scale: u32,
    negate: bool,
    den: i64,
    times: i64,
    d: i64,
    mode: RoundMode,
    digits: u32,
}

impl Fast {
    /// The leaf's fast path, or None when its rule has none (the decimal path scores it).
    pub(super) fn new(leaf: &Leaf<'_>) -> Option<Fast> {
        if leaf.log {
            return None;
        }
        let round = leaf.node.scoring.round;
        let max = leaf.node.max;
        let dir = leaf.node.scoring.direction;
        let p = leaf.params.as_ref();
        let higher = dir == Direction::Higher;
        let (share, clamp_low, clamp_high) = match &leaf.method {
            Method::Given => (Share::Given, false, false),
            Method::GivenScale(hi) => (quotient(*hi, false)?, false, false),
            Method::MinMax | Method::DistanceToMax => {
                let p = p?;
                (linear(p.min, p.max, higher)?, false, false)
            }
            Method::Goalposts { low, high } => (linear(low.node, high.node, higher)?, true, true),
            Method::Ratio | Method::Fraction => {
                let p = p?;
                (
                    quotient(if higher { p.max } else { p.min }, !higher)?,
                    false,
                    false,
                )
            }
            Method::Target { target, cap } => {
                let p = p?;
                let (from, to) = if higher {
                    (p.min, target.node)
                } else {
                    (target.node, p.max)
                };
                (linear(from, to, higher)?, false, *cap)
            }
            Method::Reference { cap, .. } => (quotient(leaf.reference?, !higher)?, false, *cap),
            Method::Percentile => (Share::Percentile, false, false),
            _ => return None,
        };
        if matches!(share, Share::Given) {
            return Some(Fast::given(round));
        }
        Fast::with(share, (clamp_low, clamp_high), round?, max)
    }

    /// A leaf's fast path for a share rule, its clamps (below 0, above 1), rounding and points.
    fn with(share: Share, clamps: (bool, bool), round: Rounding, max: Decimal) -> Option<Fast> {
        let points = max.mantissa();
        if round.digits > MAX_DIGITS || points <= 0 || max > Decimal::from(MAX_POINTS) {
            return None;
        }
        let (times, per) = match round.digits.checked_sub(max.scale()) {
            Some(up) => (points.checked_mul(pow10(up)?)?, 1),
            None => (points, pow10(max.scale().checked_sub(round.digits)?)?),
        };
        // The decimal path's own steps for a share clamped to 0 or 1.
        let clamped = |x: Decimal| x.checked_mul(max).map(|p| round.apply(p));
        let ten = 10f64.powi(i32::try_from(round.digits).ok()?);
        let margin = ten * 1e-26 * (decimal_f64(max) + 1.0);
        // The largest t: MAX_SHARE × points × 10ᴺ.
        let worst = 1e-26 * ten * decimal_f64(max) * MAX_SHARE as f64 + margin;
        // `as` saturates: a huge quotient is i128::MAX (every d is free).
        let free = (0.49 / worst).floor() as i128;
        let quick = Quick::of(share, times, per, free, round);
        Some(Fast {
            share,
            clamp_low: clamps.0,
            clamp_high: clamps.1,
            at_zero: clamped(Decimal::ZERO),
            at_one: clamped(Decimal::ONE),
            round: Some(round),
            times,
            per,
            margin,
            free,
            quick,
        })
    }

    fn given(round: Option<Rounding>) -> Fast {
        Fast {
            share: Share::Given,
            clamp_low: false,
            clamp_high: false,
            at_zero: None,
            at_one: None,
            round,
            times: 1,
            per: 1,
            margin: 0.0,
            free: 0,
            quick: None,
        }
    }

    /// Unit `u`'s score at the leaf when the fast path can prove it equals the decimal path's;
    /// None: score it by the decimal path.
    pub(super) fn score(&self, leaf: &Leaf<'_>, u: usize) -> Option<Decimal> {
        let v = leaf.raw(u)?;
        if matches!(self.share, Share::Given) {
            // The value itself (a −0 keeps its sign, which its parts would lose).
            return Some(self.round.map_or(v, |r| r.apply(v)));
        }
        self.points(leaf, u, v.mantissa(), v.scale())?.decimal()
    }

    /// The same from the unit's raw number as its parts, `mantissa` × 10⁻ˢᶜᵃˡᵉ (a packed word's,
    /// no `Decimal` built on the way unless the rule needs one).
    pub(super) fn points(
        &self,
        leaf: &Leaf<'_>,
        u: usize,
        mantissa: i128,
        scale: u32,
    ) -> Option<Points> {
        let (num, den) = match self.share {
            Share::Given => {
                let v = Decimal::try_from_i128_with_scale(mantissa, scale).ok()?;
                return Some(Points::Exact(self.round.map_or(v, |r| r.apply(v))));
            }
            Share::Linear {
                lo,
                hi,
                scale: at,
                negate,
            } => {
                let (v, [lo, hi]) = align((mantissa, scale), [lo, hi], at)?;
                let num = if negate {
                    hi.checked_sub(v)?
                } else {
                    v.checked_sub(lo)?
                };
                (num, hi.checked_sub(lo)?)
            }
            Share::Quotient {
                other,
                scale: at,
                over_v,
            } => {
                let (v, [other]) = align((mantissa, scale), [other], at)?;
                if over_v {
                    (other, v)
                } else {
                    (v, other)
                }
            }
            Share::Percentile => {
                let v = Decimal::try_from_i128_with_scale(mantissa, scale).ok()?;
                let (below, n) = leaf.percentile_counts(u, v, leaf.node.scoring.direction);
                (i128::try_from(below).ok()?, i128::try_from(n).ok()?)
            }
        };
        self.of_share(num, den)
    }

    /// The score of the share num ÷ den (integers at one scale), clamped as the rule says.
    fn of_share(&self, num: i128, den: i128) -> Option<Points> {
        if den <= 0 {
            return None;
        }
        if num <= 0 {
            // Below 0 by more than a hair: the clamp's 0, as the decimal path gives it.
            let clear = num.checked_mul(HAIR)?.checked_add(den)? <= 0;
            return (self.clamp_low && clear)
                .then_some(self.at_zero)
                .flatten()
                .map(Points::Exact);
        }
        if self.clamp_high && num >= den {
            let clear = num.checked_sub(den)?.checked_mul(HAIR)? >= den;
            return clear.then_some(self.at_one).flatten().map(Points::Exact);
        }
        if num > den.checked_mul(MAX_SHARE)? {
            return None;
        }
        self.rounded(num, den)
    }

    /// The margin at t (in units of 10⁻ᴺ): 10⁻²⁶·t + 10ᴺ⁻²⁶ × (points + 1).
    fn margin_at(&self, t: i128) -> f64 {
        1e-26 * float(t) + self.margin
    }

    /// round_N(num × points ÷ den) for a positive share, or None within the margin of a
    /// rounding boundary (a multiple of ½·10⁻ᴺ).
    fn rounded(&self, num: i128, den: i128) -> Option<Points> {
        let round = self.round?;
        let digits = round.digits;
        // t = q·10ᴺ = n ÷ d.
        let (n, d) = (num.checked_mul(self.times)?, den.checked_mul(self.per)?);
        let (quotient, rest) = divide(n, d)?;
        // 2t's distance to the nearest integer, times d: t's to the nearest multiple of ½.
        let twice = rest.checked_mul(2)?;
        let over = twice.checked_sub(d)?;
        let off = if over >= 0 { over } else { twice };
        let gap = off.min(d.checked_sub(off)?);
        if gap == 0 || (d > self.free && float(gap) <= 2.02 * self.margin_at(quotient) * float(d)) {
            return None;
        }
        let k = if rounds_up(round.mode, over > 0) {
            quotient.checked_add(1)?
        } else {
            quotient
        };
        Some(Points::Scaled(k, digits))
    }
}

/// Whether t = n ÷ d, off a rounding boundary, rounds up to the next k × 10⁻ᴺ (`beyond_half`:
/// its fraction is over ½).
fn rounds_up(mode: RoundMode, beyond_half: bool) -> bool {
    match mode {
        RoundMode::HalfUp | RoundMode::HalfEven => beyond_half,
        RoundMode::Down => false,
        RoundMode::Up => true,
    }
}

impl Quick {
    fn of(share: Share, times: i128, per: i128, free: i128, round: Rounding) -> Option<Quick> {
        let Share::Linear {
            lo,
            hi,
            scale,
            negate,
        } = share
        else {
            return None;
        };
        let small = |x: i128| x.checked_abs().is_some_and(|a| a < 1 << 40);
        let den = hi.checked_sub(lo)?;
        let d = den.checked_mul(per)?;
        if !(small(lo) && small(hi) && small(den)) || den <= 0 || d > free || times >= 1 << 22 {
            return None;
        }
        Some(Quick {
            lo: i64::try_from(lo).ok()?,
            hi: i64::try_from(hi).ok()?,
            scale,
            negate,
            den: i64::try_from(den).ok()?,
            times: i64::try_from(times).ok()?,
            d: i64::try_from(d).ok()?,
            mode: round.mode,
            digits: round.digits,
        })
    }
}

impl Fast {
    /// Unit's points from its raw number's parts (a 4-byte word's) by [`Quick`], when the leaf
    /// has it and the value is at its scale strictly inside the range, off a rounding boundary;
    /// None: ask [`Fast::points`].
    #[inline]
    pub(super) fn quick(&self, mantissa: i64, scale: u32) -> Option<Points> {
        let q = self.quick.as_ref()?;
        if scale != q.scale {
            return None;
        }
        let num = if q.negate {
            q.hi.checked_sub(mantissa)?
        } else {
            mantissa.checked_sub(q.lo)?
        };
        if num <= 0 || num >= q.den {
            return None;
        }
        let n = num.checked_mul(q.times)?;
        let (quotient, rest) = (n.checked_div(q.d)?, n.checked_rem(q.d)?);
        let twice = rest.checked_mul(2)?;
        let over = twice.checked_sub(q.d)?;
        let off = if over >= 0 { over } else { twice };
        // On a rounding boundary: the decimal path decides.
        if off == 0 {
            return None;
        }
        let k = if rounds_up(q.mode, over > 0) {
            quotient.checked_add(1)?
        } else {
            quotient
        };
        Some(Points::Scaled(i128::from(k), q.digits))
    }
}

/// A unit's points by the fast path: k × 10⁻ᴺ after `round N` (scale N), or a `Decimal` (a
/// value as given, a clamped share's points).
#[derive(Clone, Copy, Debug)]
pub(in crate::scoring) enum Points {
    Scaled(i128, u32),
    Exact(Decimal),
}

impl Points {
    /// The points as the `Decimal` the decimal path gives.
    pub(in crate::scoring) fn decimal(self) -> Option<Decimal> {
        match self {
            Points::Scaled(k, digits) => Decimal::try_from_i128_with_scale(k, digits).ok(),
            Points::Exact(d) => Some(d),
        }
    }
}

/// (v − from) ÷ (to − from) when higher is better, else (to − v) ÷ (to − from).
fn linear(from: Decimal, to: Decimal, higher: bool) -> Option<Share> {
    let scale = from.scale().max(to.scale());
    let (lo, hi) = (exact(from, scale)?, exact(to, scale)?);
    Some(Share::Linear {
        lo,
        hi,
        scale,
        negate: !higher,
    })
}

fn quotient(other: Decimal, over_v: bool) -> Option<Share> {
    Some(Share::Quotient {
        other: exact(other, other.scale())?,
        scale: other.scale(),
        over_v,
    })
}

/// A decimal's mantissa at `scale` (not below its own), when it is below 2⁹⁵ there.
fn exact(x: Decimal, scale: u32) -> Option<i128> {
    let m = x
        .mantissa()
        .checked_mul(pow10(scale.checked_sub(x.scale())?)?)?;
    (m.checked_abs()? < EXACT).then_some(m)
}

/// A unit's value and a leaf's constants (integers at `scale`) at one scale, the larger of
/// the two; None when one is not below 2⁹⁵ there (a decimal subtraction would not be exact).
fn align<const N: usize>(
    (mantissa, own): (i128, u32),
    consts: [i128; N],
    scale: u32,
) -> Option<(i128, [i128; N])> {
    let (v, consts) = if own == scale {
        (mantissa, consts)
    } else if own < scale {
        (
            mantissa.checked_mul(pow10(scale.checked_sub(own)?)?)?,
            consts,
        )
    } else {
        let up = pow10(own.checked_sub(scale)?)?;
        let mut scaled = consts;
        for c in &mut scaled {
            *c = c.checked_mul(up)?;
        }
        (mantissa, scaled)
    };
    let fits = |x: i128| x.checked_abs().is_some_and(|a| a < EXACT);
    (fits(v) && consts.iter().all(|&c| fits(c))).then_some((v, consts))
}

/// 10ᵉ for e ≤ 38.
fn pow10(e: u32) -> Option<i128> {
    10i128.checked_pow(e)
}

/// An integer as a float (for the margin only, which has room to spare).
fn float(x: i128) -> f64 {
    x as f64
}

/// Quotient and remainder of n ÷ d (both positive), in 64 bits when they fit.
fn divide(n: i128, d: i128) -> Option<(i128, i128)> {
    if let (Ok(n64), Ok(d64)) = (u64::try_from(n), u64::try_from(d)) {
        let q = n64.checked_div(d64)?;
        let r = n64.checked_rem(d64)?;
        return Some((i128::from(q), i128::from(r)));
    }
    Some((n.checked_div(d)?, n.checked_rem(d)?))
}

/// A decimal as a float (for the margin only, which has room to spare).
fn decimal_f64(x: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    x.to_f64().unwrap_or(f64::MAX)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)] // generated test values, small enough
mod tests;
