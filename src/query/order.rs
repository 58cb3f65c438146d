//! Orders at scale (issue 14): exact values compared as integers. A ranking of a hundred
//! thousand units compares values some two million times, and `Decimal`'s comparison aligns
//! scales each time; brought once to a common scale, the values compare as `i128`s, in the
//! same order and with the same ties.

use rust_decimal::Decimal;

/// The values as integers at their largest scale (`1.5` and `1.25` → `150`, `125`): the
/// same order and the same ties as the values. None when one would not fit an `i128` (a
/// 28-digit value beside one with many decimals): compare the values themselves then.
pub fn integer_keys(values: &[Decimal]) -> Option<Vec<i128>> {
    let scale = values.iter().map(Decimal::scale).max().unwrap_or(0);
    values
        .iter()
        .map(|v| {
            let up = 10i128.checked_pow(scale.checked_sub(v.scale())?)?;
            v.mantissa().checked_mul(up)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_keys_order_and_tie_like_the_values() {
        let values: Vec<Decimal> = ["1.5", "1.25", "-0.5", "1.50", "0", "-0.50", "12", "1.2500"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        let keys = integer_keys(&values).unwrap();
        for (a, ka) in values.iter().zip(&keys) {
            for (b, kb) in values.iter().zip(&keys) {
                assert_eq!(a.cmp(b), ka.cmp(kb), "{a} {b}");
            }
        }
        let wide = [Decimal::MAX, Decimal::new(1, 28)];
        assert_eq!(integer_keys(&wide), None);
        assert_eq!(integer_keys(&[]), Some(vec![]));
    }
}
