//! Descriptive statistics. Means, medians, quartiles, minima and maxima are exact decimals;
//! the standard deviation is a decimal square root of the exact variance; correlations and
//! p-values are floating point (they are statistics, not published scores).
//!
//! Conventions: `sd` is the sample standard deviation (divisor n − 1). Quartiles default to
//! SPSS / Excel QUARTILE.EXC (Hyndman–Fan type 6, position (n + 1)p); `inc` chooses Excel
//! QUARTILE.INC / R's default (type 7, position 1 + (n − 1)p).

use rust_decimal::{Decimal, MathematicalOps};

use crate::codes;
use crate::diag::Diag;
use crate::source::{Source, Span};

/// Skew, kurtosis, the share of zeros and Spearman's correlation (language chapter 5).
pub mod shape;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Quartiles {
    /// Type 6: position (n + 1)p — SPSS, Excel QUARTILE.EXC, Minitab.
    #[default]
    Exc,
    /// Type 7: position 1 + (n − 1)p — Excel QUARTILE.INC, R's default.
    Inc,
}

impl Quartiles {
    pub fn parse(s: &str) -> Option<Quartiles> {
        match s {
            "exc" | "spss" | "type6" | "excel-exc" => Some(Quartiles::Exc),
            "inc" | "type7" | "excel-inc" | "r" => Some(Quartiles::Inc),
            _ => None,
        }
    }
}

/// A statistic whose value lies beyond exact decimals (about ±7.9·10²⁸): the range of values
/// spread from −7·10²⁸ to 7·10²⁸, say. Callers report it at the query (E603).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overflow {
    /// The statistic: `range`, `qd`, `sd`.
    pub statistic: &'static str,
}

impl Overflow {
    /// E603 at the indicator the statistic was asked of.
    pub fn diag(self, source: &Source, at: Span, indicator: &str) -> Diag {
        Diag::error(
            codes::E603,
            t!(
                "stats.e603",
                statistic = match self.statistic {
                    "range" => t!("report.h_range"),
                    "sd" => t!("report.h_sd"),
                    "qd" => t!("report.h_qd"),
                    other => other.into(),
                },
                indicator = indicator
            ),
        )
        .in_source(source)
        .label(at, t!("stats.values_spread"))
        .help(t!("stats.e603_help"))
    }
}

/// The mean; None for no values. Exact when the sum fits in 28 digits; otherwise the sum of
/// each value ÷ n, correct to the 28 significant digits a decimal holds. Never overflows: the
/// mean lies between the smallest and the largest value.
pub fn mean(xs: &[Decimal]) -> Option<Decimal> {
    let n = Decimal::from(xs.len());
    if xs.is_empty() {
        return None;
    }
    let exact = xs
        .iter()
        .try_fold(Decimal::ZERO, |acc, &x| acc.checked_add(x))
        .and_then(|sum| sum.checked_div(n));
    exact.or_else(|| {
        xs.iter()
            .try_fold(Decimal::ZERO, |acc, &x| acc.checked_add(x.checked_div(n)?))
    })
}

/// √(Σ (x − mean)² ÷ divisor): exact squares when they fit in 28 digits; otherwise the
/// deviations are scaled down by the largest one first (values spread beyond 10¹⁴). None when
/// the divisor is 0 or the result itself lies beyond exact decimals.
pub fn deviation(xs: &[Decimal], mean: Decimal, divisor: usize) -> Option<Decimal> {
    let divisor = Decimal::from(divisor);
    if divisor.is_zero() {
        return None;
    }
    let exact = xs
        .iter()
        .try_fold(Decimal::ZERO, |acc, &x| {
            let d = x.checked_sub(mean)?;
            acc.checked_add(d.checked_mul(d)?)
        })
        .and_then(|ss| ss.checked_div(divisor));
    if let Some(var) = exact {
        return var.sqrt();
    }
    // Halves of the deviations always fit; divide them by the largest, square (each ≤ 1), sum,
    // and scale back: sd = 2s × √(Σ (h/s)² ÷ divisor).
    let half = |x: Decimal| x.checked_div(Decimal::TWO);
    let halves: Vec<Decimal> = xs
        .iter()
        .map(|&x| half(x)?.checked_sub(half(mean)?))
        .collect::<Option<_>>()?;
    let s = halves.iter().map(|h| h.abs()).max()?;
    if s.is_zero() {
        return Some(Decimal::ZERO);
    }
    let q = halves.iter().try_fold(Decimal::ZERO, |acc, &h| {
        let r = h.checked_div(s)?;
        acc.checked_add(r.checked_mul(r)?)
    })?;
    q.checked_div(divisor)?
        .sqrt()?
        .checked_mul(s)?
        .checked_mul(Decimal::TWO)
}

/// The p-quantile of sorted values under a convention.
pub fn quantile(sorted: &[Decimal], p: Decimal, conv: Quartiles) -> Option<Decimal> {
    let (&first, _) = sorted.split_first()?;
    let &last = sorted.last()?;
    let nd = Decimal::from(sorted.len());
    let h = match conv {
        Quartiles::Exc => nd.checked_add(Decimal::ONE)?.checked_mul(p)?,
        Quartiles::Inc => nd
            .checked_sub(Decimal::ONE)?
            .checked_mul(p)?
            .checked_add(Decimal::ONE)?,
    };
    if h <= Decimal::ONE {
        return Some(first);
    }
    if h >= nd {
        return Some(last);
    }
    let lo = h.floor();
    let frac = h.checked_sub(lo)?;
    // 1 < h < n: the 1-based position lo has a next value.
    let i = usize::try_from(lo.mantissa().checked_div(10i128.checked_pow(lo.scale())?)?).ok()?;
    let a = *sorted.get(i.checked_sub(1)?)?;
    let b = *sorted.get(i)?;
    // a + frac × (b − a), or (when b − a would overflow) a × (1 − frac) + b × frac.
    b.checked_sub(a)
        .and_then(|d| a.checked_add(frac.checked_mul(d)?))
        .or_else(|| {
            a.checked_mul(Decimal::ONE.checked_sub(frac)?)?
                .checked_add(b.checked_mul(frac)?)
        })
}

pub fn median(sorted: &[Decimal]) -> Option<Decimal> {
    // Both conventions agree on the median.
    quantile(sorted, Decimal::new(5, 1), Quartiles::Exc)
}

/// Sample standard deviation (n − 1); None for fewer than two values, `Overflow` when it lies
/// beyond exact decimals.
pub fn sd(xs: &[Decimal]) -> Result<Option<Decimal>, Overflow> {
    if xs.len() < 2 {
        return Ok(None);
    }
    let m = mean(xs).ok_or(Overflow { statistic: "sd" })?;
    deviation(xs, m, xs.len().saturating_sub(1))
        .map(Some)
        .ok_or(Overflow { statistic: "sd" })
}

/// Summary of one group.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub n: usize,
    pub mean: Decimal,
    pub median: Decimal,
    pub min: Decimal,
    pub max: Decimal,
    sd: Result<Option<Decimal>, Overflow>,
    pub q1: Decimal,
    pub q3: Decimal,
}

impl Summary {
    /// None for no values. Never overflows: the statistics that can (sd, range, qd) say so when
    /// asked.
    pub fn of(xs: &[Decimal], conv: Quartiles) -> Option<Summary> {
        let mut sorted = xs.to_vec();
        sorted.sort();
        let quarter = Decimal::new(25, 2);
        let three_quarters = Decimal::new(75, 2);
        Some(Summary {
            n: xs.len(),
            mean: mean(xs)?,
            median: median(&sorted)?,
            min: *sorted.first()?,
            max: *sorted.last()?,
            sd: sd(xs),
            q1: quantile(&sorted, quarter, conv)?,
            q3: quantile(&sorted, three_quarters, conv)?,
        })
    }

    /// The sample sd; None for a single value, `Overflow` beyond exact decimals.
    pub fn sd(&self) -> Result<Option<Decimal>, Overflow> {
        self.sd
    }

    /// Max − min; `Overflow` for values spread beyond exact decimals.
    pub fn range(&self) -> Result<Decimal, Overflow> {
        self.max
            .checked_sub(self.min)
            .ok_or(Overflow { statistic: "range" })
    }

    /// 四分位差: Q3 − Q1; `Overflow` for values spread beyond exact decimals.
    pub fn qd(&self) -> Result<Decimal, Overflow> {
        self.q3
            .checked_sub(self.q1)
            .ok_or(Overflow { statistic: "qd" })
    }
}

/// Pearson's r of two equally long samples.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len();
    if n < 2 || y.len() != n {
        return None;
    }
    let mx = x.iter().sum::<f64>() / n as f64;
    let my = y.iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx == 0.0 || syy == 0.0 {
        return None;
    }
    Some((sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// Two-sided p-value of Pearson's r under H0: ρ = 0 (t test with n − 2 degrees of freedom).
pub fn pearson_p(r: f64, n: usize) -> Option<f64> {
    if n < 3 {
        return None;
    }
    let df = n.saturating_sub(2) as f64;
    if r.abs() >= 1.0 {
        return Some(0.0);
    }
    let t2 = r * r * df / (1.0 - r * r);
    Some(incomplete_beta(df / 2.0, 0.5, df / (df + t2)))
}

/// The regularized incomplete beta function I_x(a, b) (continued fraction, Numerical Recipes).
pub fn incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    let front = ln_front.exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_cf(a, b, x) / a
    } else {
        1.0 - front * beta_cf(b, a, 1.0 - x) / b
    }
}

fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..300 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// ln Γ(x) (Lanczos approximation, g = 7).
fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = G[0];
    let t = x + 7.5;
    for (i, g) in G.iter().enumerate().skip(1) {
        a += g / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(v: &[i64]) -> Vec<Decimal> {
        v.iter().map(|&i| Decimal::from(i)).collect()
    }

    #[test]
    fn quartiles_type6_and_type7() {
        // 1..=10: type 6 gives Q1 at 2.75 → 2.75, Q3 at 8.25 → 8.25; type 7 gives 3.25 and 7.75.
        let xs = d(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        let s = Summary::of(&xs, Quartiles::Exc).unwrap();
        assert_eq!(s.q1, Decimal::new(275, 2));
        assert_eq!(s.q3, Decimal::new(825, 2));
        assert_eq!(s.median, Decimal::new(55, 1));
        let s = Summary::of(&xs, Quartiles::Inc).unwrap();
        assert_eq!(s.q1, Decimal::new(325, 2));
        assert_eq!(s.q3, Decimal::new(775, 2));
    }

    #[test]
    fn sample_sd() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squares sum 32, / 7 → sd = sqrt(32/7) ≈ 2.13809
        let s = sd(&d(&[2, 4, 4, 4, 5, 5, 7, 9])).unwrap().unwrap();
        assert_eq!(s.round_dp(5), Decimal::new(213809, 5));
    }

    #[test]
    fn pearson_and_p() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [2.0, 4.0, 5.0, 4.0, 5.0];
        let r = pearson(&x, &y).unwrap();
        // r = 6 / sqrt(10 * 6) = 0.774597
        assert!((r - 0.774_596_669).abs() < 1e-6);
        // t = r sqrt(3 / (1 - r²)) = 2.1213; two-sided p with 3 df = 0.1240
        let p = pearson_p(r, 5).unwrap();
        assert!((p - 0.1240).abs() < 1e-3, "{p}");
    }

    #[test]
    fn incomplete_beta_known_values() {
        // I_0.5(a, a) = 0.5
        assert!((incomplete_beta(3.0, 3.0, 0.5) - 0.5).abs() < 1e-12);
        // I_x(1, 1) = x
        assert!((incomplete_beta(1.0, 1.0, 0.3) - 0.3).abs() < 1e-12);
    }
}
