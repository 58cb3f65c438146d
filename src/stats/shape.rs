//! The shape of a distribution as Excel computes it, so users can check cix in a spreadsheet:
//! `SKEW` (the adjusted Fisher–Pearson coefficient) and `KURT` (the sample excess kurtosis), in
//! double precision (as Excel). Also the share of zeros and Spearman's rank correlation.
//!
//! SKEW = n ÷ ((n−1)(n−2)) × Σ ((x − mean) ÷ s)³, for n ≥ 3;
//! KURT = n(n+1) ÷ ((n−1)(n−2)(n−3)) × Σ ((x − mean) ÷ s)⁴ − 3(n−1)² ÷ ((n−2)(n−3)), for n ≥ 4;
//! s the sample standard deviation (divisor n − 1). Both are undefined when s = 0 (Excel's
//! #DIV/0!): `None` here.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// The values as f64, with their mean and sample sd; None when s = 0 or there are too few.
fn standardised(xs: &[Decimal], at_least: usize) -> Option<Vec<f64>> {
    if xs.len() < at_least {
        return None;
    }
    let v: Vec<f64> = xs.iter().map(|x| x.to_f64()).collect::<Option<_>>()?;
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let ss: f64 = v.iter().map(|x| (x - mean) * (x - mean)).sum();
    let s = (ss / (n - 1.0)).sqrt();
    if !(s.is_finite() && s > 0.0) {
        return None;
    }
    Some(v.iter().map(|x| (x - mean) / s).collect())
}

/// Excel's `SKEW`; None for fewer than 3 values or no spread.
pub fn skew(xs: &[Decimal]) -> Option<f64> {
    let z = standardised(xs, 3)?;
    let n = z.len() as f64;
    let sum: f64 = z.iter().map(|z| z * z * z).sum();
    let r = n / ((n - 1.0) * (n - 2.0)) * sum;
    r.is_finite().then_some(r)
}

/// Excel's `KURT` (excess kurtosis: 0 for a normal distribution); None for fewer than 4 values
/// or no spread.
pub fn kurt(xs: &[Decimal]) -> Option<f64> {
    let z = standardised(xs, 4)?;
    let n = z.len() as f64;
    let sum: f64 = z.iter().map(|z| z * z * z * z).sum();
    let a = n * (n + 1.0) / ((n - 1.0) * (n - 2.0) * (n - 3.0));
    let b = 3.0 * (n - 1.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0));
    let r = a * sum - b;
    r.is_finite().then_some(r)
}

/// A statistic in f64 shown as a decimal rounded to 6 places (None when not finite).
pub fn shown(x: f64) -> Option<Decimal> {
    Decimal::from_f64_retain(x).map(|d| d.round_dp(6).normalize())
}

/// The share of zeros among the values, exactly (None for no values).
pub fn zero_share(xs: &[Decimal]) -> Option<Decimal> {
    let zeros = xs.iter().filter(|x| x.is_zero()).count();
    Decimal::from(zeros).checked_div(Decimal::from(xs.len()))
}

/// Ranks 1…n, ties given the average of the ranks they span (as Excel's `RANK.AVG` ascending).
pub fn average_ranks(xs: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (xs.get(a), xs.get(b));
        x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut ranks = vec![0.0; xs.len()];
    let mut i = 0;
    while i < order.len() {
        let value = order.get(i).and_then(|&k| xs.get(k));
        let mut j = i;
        while order.get(j.saturating_add(1)).and_then(|&k| xs.get(k)) == value && value.is_some() {
            j = j.saturating_add(1);
        }
        // Positions i…j (0-based) hold ranks i+1…j+1; their mean is (i + j) / 2 + 1.
        let avg = (i as f64 + j as f64) / 2.0 + 1.0;
        for k in order.get(i..=j).unwrap_or_default() {
            if let Some(r) = ranks.get_mut(*k) {
                *r = avg;
            }
        }
        i = j.saturating_add(1);
    }
    ranks
}

/// Spearman's rank correlation: Pearson's r of the average ranks (ties averaged).
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    super::pearson(&average_ranks(x), &average_ranks(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds(v: &[i64]) -> Vec<Decimal> {
        v.iter().map(|&i| Decimal::from(i)).collect()
    }

    #[test]
    fn microsoft_examples() {
        // Microsoft's SKEW and KURT help pages: {3,4,5,2,3,4,5,6,4,7} → 0.359543, −0.151799637.
        let x = ds(&[3, 4, 5, 2, 3, 4, 5, 6, 4, 7]);
        assert!((skew(&x).unwrap() - 0.359543).abs() < 5e-7);
        assert!((kurt(&x).unwrap() - -0.151799637).abs() < 5e-10);
        assert_eq!(skew(&ds(&[1, 1, 1])), None);
        assert_eq!(kurt(&ds(&[1, 2, 3])), None);
    }

    #[test]
    fn ties_get_average_ranks() {
        assert_eq!(
            average_ranks(&[10.0, 20.0, 20.0, 5.0]),
            vec![2.0, 3.5, 3.5, 1.0]
        );
    }
}
