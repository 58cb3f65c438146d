//! Numbers as reports print them, written into a buffer (issue 14): a hundred thousand rows
//! of scores are a few hundred thousand numbers, so each is rounded on its integer digits and
//! appended without a `String` of its own. The bytes are [`fixed_decimal`]'s (rust_decimal's
//! rounding and printing), which the fast path falls back to where it cannot be sure.

use std::fmt::Write as _;

use rust_decimal::{Decimal, RoundingStrategy};

/// The most decimals a `Decimal` holds.
const MAX_SCALE: u32 = 28;

/// Append `v` rounded half away from zero to `dp` decimals, printed with exactly `dp`
/// decimals (no `-0.00`).
pub fn push_fixed(buf: &mut String, v: Decimal, dp: u32) {
    if let Some((negative, magnitude)) = rounded_u64(v, dp) {
        push_u64(buf, negative, magnitude, dp);
        return;
    }
    match rounded(v, dp) {
        Some((negative, magnitude)) => push_digits(buf, negative, magnitude, dp),
        None => buf.push_str(&fixed_decimal(v, dp)),
    }
}

/// Append an integer as `{i}` prints it.
pub fn push_int(buf: &mut String, i: i64) {
    push_u64(buf, i < 0, i.unsigned_abs(), 0);
}

/// [`rounded`] in 64 bits, the common case (a score's digits fit in 19): no 128-bit division.
fn rounded_u64(v: Decimal, dp: u32) -> Option<(bool, u64)> {
    let digits = u64::try_from(v.mantissa().unsigned_abs()).ok()?;
    let scale = v.scale();
    let magnitude = if scale > dp {
        let unit = 10u64.checked_pow(scale.checked_sub(dp)?)?;
        let whole = digits.checked_div(unit)?;
        let rest = digits.checked_rem(unit)?;
        if rest >= unit.checked_sub(rest)? {
            whole.checked_add(1)?
        } else {
            whole
        }
    } else {
        digits.checked_mul(10u64.checked_pow(dp.checked_sub(scale)?)?)?
    };
    Some((v.is_sign_negative() && magnitude != 0, magnitude))
}

/// Append a magnitude with `dp` decimals, digit by digit (at most 28 decimals).
fn push_u64(buf: &mut String, negative: bool, magnitude: u64, dp: u32) {
    // Least significant first: 20 digits, a point, 28 zeros of padding and a sign at most.
    let mut text = [0u8; 52];
    let mut len = 0usize;
    let mut put = |b: u8| {
        if let Some(slot) = text.get_mut(len) {
            *slot = b;
            len = len.saturating_add(1);
        }
    };
    let mut rest = magnitude;
    let mut place = 0u32;
    loop {
        if place == dp && dp > 0 {
            put(b'.');
        }
        let digit = u8::try_from(rest.checked_rem(10).unwrap_or(0)).unwrap_or(0);
        put(b'0'.saturating_add(digit));
        rest = rest.checked_div(10).unwrap_or(0);
        place = place.saturating_add(1);
        if rest == 0 && place > dp {
            break;
        }
    }
    if negative {
        put(b'-');
    }
    buf.extend(
        text.get(..len)
            .unwrap_or(&[])
            .iter()
            .rev()
            .map(|&b| char::from(b)),
    );
}

/// Round half away from zero to `dp` decimals and print with exactly `dp` decimals, by
/// rust_decimal's own rounding and printing: the definition [`push_fixed`] keeps to.
pub fn fixed_decimal(v: Decimal, dp: u32) -> String {
    let mut r = v.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r.to_string()
}

/// `v` rounded half away from zero to `dp` decimals, as a sign and the magnitude of its
/// digits at that scale (negative only when not zero); None where the digits would not fit
/// a `Decimal` (then rust_decimal decides).
fn rounded(v: Decimal, dp: u32) -> Option<(bool, u128)> {
    if dp > MAX_SCALE {
        return None;
    }
    let digits = v.mantissa().unsigned_abs();
    let scale = v.scale();
    let magnitude = if scale > dp {
        let unit = 10u128.checked_pow(scale.checked_sub(dp)?)?;
        let whole = digits.checked_div(unit)?;
        let rest = digits.checked_rem(unit)?;
        // Half away from zero: a rest of half the unit or more rounds the magnitude up.
        if rest >= unit.checked_sub(rest)? {
            whole.checked_add(1)?
        } else {
            whole
        }
    } else {
        digits.checked_mul(10u128.checked_pow(dp.checked_sub(scale)?)?)?
    };
    // A Decimal holds 96 bits of digits; beyond them rust_decimal's rescale decides.
    if magnitude >> 96 != 0 {
        return None;
    }
    Some((v.is_sign_negative() && magnitude != 0, magnitude))
}

/// Append a magnitude with `dp` decimals (`0.05`, `12.00`, `7`).
fn push_digits(buf: &mut String, negative: bool, magnitude: u128, dp: u32) {
    if negative {
        buf.push('-');
    }
    let unit = 10u128.checked_pow(dp).unwrap_or(1);
    let whole = magnitude.checked_div(unit).unwrap_or(0);
    let _ = write!(buf, "{whole}");
    if dp > 0 {
        let fraction = magnitude.checked_rem(unit).unwrap_or(0);
        let width = usize::try_from(dp).unwrap_or(0);
        let _ = write!(buf, ".{fraction:0width$}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast(v: Decimal, dp: u32) -> String {
        let mut s = String::new();
        push_fixed(&mut s, v, dp);
        s
    }

    /// Every mantissa around the rounding points, at every scale and number of decimals a
    /// report prints, gives rust_decimal's bytes.
    #[test]
    fn the_same_bytes_as_rust_decimal() {
        let mantissas: Vec<i64> = (-1200..=1200)
            .chain([
                4_999_999,
                5_000_000,
                5_000_001,
                -5_000_000,
                99_995,
                -99_995,
                i64::MAX,
                i64::MIN + 1,
            ])
            .collect();
        for m in mantissas {
            for scale in 0..=8 {
                let v = Decimal::new(m, scale);
                for dp in 0..=6 {
                    assert_eq!(fast(v, dp), fixed_decimal(v, dp), "{v} to {dp}");
                }
            }
        }
    }

    #[test]
    fn integers_as_printed() {
        for i in [0, 1, -1, 9, 10, -10, 1234567, i64::MAX, i64::MIN] {
            let mut s = String::new();
            push_int(&mut s, i);
            assert_eq!(s, i.to_string());
        }
    }

    #[test]
    fn extremes_fall_back_or_agree() {
        let values = [
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(1, 28),
            Decimal::new(-5, 28),
            Decimal::from_i128_with_scale(79_228_162_514_264_337_593_543_950_335, 27),
            Decimal::from_i128_with_scale(-12_345_678_901_234_567_890_123_456, 3),
            Decimal::ZERO,
            -Decimal::ZERO,
            Decimal::new(-4, 3),
        ];
        for v in values {
            for dp in [0, 1, 2, 4, 10, 27, 28, 29] {
                assert_eq!(fast(v, dp), fixed_decimal(v, dp), "{v} to {dp}");
            }
        }
    }
}
