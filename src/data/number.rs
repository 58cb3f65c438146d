//! Cells as numbers: Excel's spellings of a missing value, and a cell's text as an exact
//! decimal (the common `[-]digits[.digits]` read without `Decimal::from_str`).

use std::str::FromStr;

use rust_decimal::Decimal;

/// Excel's spellings of a missing value (compared without case): an empty cell, `-`, `N/A`,
/// `#N/A`, `NA`.
pub const MISSING_MARKERS: &[&str] = &["", "-", "N/A", "#N/A", "NA"];

/// Whether a cell's text is one of [`MISSING_MARKERS`].
pub fn is_missing_marker(text: &str) -> bool {
    let text = text.trim();
    MISSING_MARKERS.iter().any(|m| text.eq_ignore_ascii_case(m))
}

/// A cell as a decimal: `4.75`, `-1`, `1e3` is refused (write plain decimals), full-width digits
/// and a full-width minus are read like ASCII.
pub fn parse_number(text: &str) -> Option<Decimal> {
    // Most cells are plain ASCII decimals, already trimmed: read them without a copy (a
    // million rows of sixty cells would otherwise make sixty million strings). Anything else
    // (spaces around, a sign, full-width digits) fails this at once and is read below.
    if let Some(v) = plain_decimal(text.as_bytes()) {
        return Some(v);
    }
    let plain = text.trim();
    if let Some(v) = plain_decimal(plain.as_bytes()) {
        return Some(v);
    }
    if !plain.is_empty()
        && plain
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'))
    {
        return Decimal::from_str(plain).ok();
    }
    let ascii: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => u32::from(c)
                .checked_sub(u32::from('０'))
                .and_then(|d| char::from_digit(d, 10))
                .unwrap_or(c),
            '．' => '.',
            '－' | '−' => '-',
            _ => c,
        })
        .collect();
    let t = ascii.trim();
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+')
    {
        return None;
    }
    Decimal::from_str(t).ok()
}

/// The common case read without `Decimal::from_str`: `[-]digits[.digits]`, at most 18 digits,
/// to the same value and scale (`1.50` keeps its two decimals). None for anything else (−0, a
/// `+`, `.5`, `5.`, longer numbers): the caller reads it the general way.
fn plain_decimal(bytes: &[u8]) -> Option<Decimal> {
    let (mantissa, scale) = plain_parts(bytes)?;
    Decimal::try_new(mantissa, scale).ok()
}

/// [`plain_decimal`]'s value as its integer parts, mantissa and scale, without a `Decimal`:
/// binding writes them straight into a unit's packed values (`Packed::set_parts`).
pub(crate) fn plain_parts(bytes: &[u8]) -> Option<(i64, u32)> {
    let (negative, digits) = match bytes.split_first()? {
        (b'-', rest) => (true, rest),
        _ => (false, bytes),
    };
    // At most 18 digits and a point: anything longer is not the common case.
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    let last = digits.len().checked_sub(1)?;
    let mut mantissa: u64 = 0;
    let mut point: Option<usize> = None;
    for (i, &b) in digits.iter().enumerate() {
        let digit = b.wrapping_sub(b'0');
        if digit < 10 {
            // At most 19 digits pass here, so this cannot wrap below 10^19 < 2^64; more than
            // 18 are refused below.
            mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(digit));
        } else if b == b'.' && point.is_none() && i > 0 && i < last {
            point = Some(i);
        } else {
            return None;
        }
    }
    let scale = point.map_or(0, |p| last.saturating_sub(p));
    let count = digits.len().saturating_sub(usize::from(point.is_some()));
    if count > 18 || (negative && mantissa == 0) {
        return None;
    }
    let magnitude = i64::try_from(mantissa).ok()?;
    let mantissa = if negative {
        magnitude.checked_neg()?
    } else {
        magnitude
    };
    Some((mantissa, u32::try_from(scale).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_spellings_of_missing() {
        for m in ["", "-", "N/A", "#N/A", "NA", "n/a", " - "] {
            assert!(is_missing_marker(m), "{m}");
        }
        for v in ["0", "NaN", "none", "--"] {
            assert!(!is_missing_marker(v), "{v}");
        }
    }

    #[test]
    fn plain_numbers_read_like_from_str() {
        for t in [
            "0",
            "7",
            "007",
            "140.02",
            "-1.50",
            "0.000",
            "123456789012345678",
            "-0.5",
            "10.",
            ".5",
            "-0",
            "-0.00",
            "+3",
            "1234567890123456789",
            "1.2.3",
            "-",
            "",
            "1-2",
        ] {
            let fast = plain_decimal(t.as_bytes());
            if let Some(v) = fast {
                let slow = Decimal::from_str(t).unwrap();
                assert_eq!(v.to_string(), slow.to_string(), "{t}");
                assert_eq!(
                    (v.mantissa(), v.scale()),
                    (slow.mantissa(), slow.scale()),
                    "{t}"
                );
            }
            assert_eq!(
                parse_number(t).map(|d| d.to_string()),
                Decimal::from_str(t)
                    .ok()
                    .map(|d| d.to_string())
                    .filter(|_| !t.is_empty()),
                "{t}"
            );
        }
        assert!(plain_decimal(b"140.02").is_some() && plain_decimal(b"-0").is_none());
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("4.70"), Some(Decimal::new(470, 2)));
        assert_eq!(parse_number("４．５"), Some(Decimal::new(45, 1)));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("1e3"), None);
    }
}
