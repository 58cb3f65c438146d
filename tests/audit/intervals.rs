//! The intervals of scalar queries against brute force: every cell of a small table moved over
//! a grid inside its rounding interval (its two ends and its middle, so every corner of the
//! input box is visited), each statistic computed directly, and its smallest and largest value
//! compared with the interval cix reports — equal where docs/language.md says exact, inside
//! where it says outer bound, and reached where it says the corners of r are attained.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::str::FromStr;

use crate::{estimate, load_small};

const SPEC: &str = r#"index "小" { data "data.csv" key id
  attributes g
  indicator a 5
  indicator b 5
  total 总分 }"#;
// Two leaves of 5 points, one decimal printed: b = 5.0 lies in [4.95, 5], a = 0.0 in [0, 0.05].
const DATA: &str =
    "id,g,a,b\nu1,x,1.2,2.8\nu2,x,3.4,0.6\nu3,y,0.0,4.1\nu4,y,2.0,5.0\nu5,y,3.3,2.4\n";
const CELLS: [[&str; 2]; 5] = [
    ["1.2", "2.8"],
    ["3.4", "0.6"],
    ["0.0", "4.1"],
    ["2.0", "5.0"],
    ["3.3", "2.4"],
];

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// A cell's grid: the low end, the middle and the high end of its interval (within 0 and 5).
fn grid(v: &str) -> [Decimal; 3] {
    let v = d(v);
    let lo = (v - d("0.05")).max(Decimal::ZERO);
    let hi = (v + d("0.05")).min(d("5"));
    [lo, (lo + hi) / Decimal::TWO, hi]
}

/// Type 6 quantile (position (n + 1)p), written out again for the test.
fn quantile(sorted: &[Decimal], p: Decimal) -> Decimal {
    let n = Decimal::from(sorted.len());
    let h = (n + Decimal::ONE) * p;
    if h <= Decimal::ONE {
        return sorted[0];
    }
    if h >= n {
        return *sorted.last().unwrap();
    }
    let i = h.floor().to_usize().unwrap();
    let f = h - h.floor();
    sorted[i - 1] + f * (sorted[i] - sorted[i - 1])
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = x.iter().map(|a| (a - mx) * (a - mx)).sum();
    let syy: f64 = y.iter().map(|b| (b - my) * (b - my)).sum();
    sxy / (sxx * syy).sqrt()
}

/// Every statistic of one point of the grid: (query, value).
fn statistics(a: &[Decimal], b: &[Decimal]) -> Vec<(&'static str, f64)> {
    let t: Vec<Decimal> = a.iter().zip(b).map(|(x, y)| x + y).collect();
    let mut s = t.clone();
    s.sort();
    let n = Decimal::from(t.len());
    let sum: Decimal = t.iter().sum();
    let mean = sum / n;
    let f = |x: Decimal| x.to_f64().unwrap();
    let sd = (t.iter().map(|x| f(*x - mean).powi(2)).sum::<f64>() / (t.len() - 1) as f64).sqrt();
    let in_y: Vec<Decimal> = t[2..].to_vec();
    let count = t.iter().filter(|x| **x >= d("5.2")).count();
    let band = t.iter().filter(|x| **x >= d("4") && **x < d("5.2")).count();
    let rank = 1 + t.iter().skip(1).filter(|x| **x > t[0]).count();
    let fa: Vec<f64> = a.iter().map(|x| f(*x)).collect();
    let fb: Vec<f64> = b.iter().map(|x| f(*x)).collect();
    vec![
        ("sum 总分", f(sum)),
        ("mean 总分", f(mean)),
        ("rate 总分", f(mean / d("10"))),
        ("median 总分", f(quantile(&s, d("0.5")))),
        ("min 总分", f(s[0])),
        ("max 总分", f(s[4])),
        (
            "mean 总分 in y",
            f(in_y.iter().sum::<Decimal>() / Decimal::from(3)),
        ),
        ("count where 总分 >= 5.2", count as f64),
        (
            "share where 总分 >= 4 and 总分 < 5.2",
            f(Decimal::from(band) / n),
        ),
        ("rank of u1", rank as f64),
        ("range 总分", f(s[4] - s[0])),
        (
            "qd 总分",
            f(quantile(&s, d("0.75")) - quantile(&s, d("0.25"))),
        ),
        ("sd 总分", sd),
        ("corr a, b", pearson(&fa, &fb)),
    ]
}

/// The smallest and largest value of every statistic over the grid.
fn brute_force() -> Vec<(&'static str, f64, f64)> {
    let grids: Vec<[Decimal; 3]> = CELLS.iter().flat_map(|r| r.map(grid)).collect();
    let mut out: Vec<(&'static str, f64, f64)> = Vec::new();
    let total = 3usize.pow(grids.len() as u32);
    for mut k in 0..total {
        let mut a = Vec::new();
        let mut b = Vec::new();
        for (i, g) in grids.iter().enumerate() {
            let v = g[k % 3];
            k /= 3;
            if i % 2 == 0 {
                a.push(v)
            } else {
                b.push(v)
            }
        }
        for (i, (q, v)) in statistics(&a, &b).into_iter().enumerate() {
            match out.get_mut(i) {
                Some(e) => {
                    e.1 = e.1.min(v);
                    e.2 = e.2.max(v);
                }
                None => out.push((q, v, v)),
            }
        }
    }
    out
}

#[test]
fn intervals_agree_with_brute_force_enumeration() {
    let l = load_small("intervals", SPEC, DATA);
    let exact = [
        "sum 总分",
        "mean 总分",
        "rate 总分",
        "median 总分",
        "min 总分",
        "max 总分",
        "mean 总分 in y",
        "count where 总分 >= 5.2",
        "share where 总分 >= 4 and 总分 < 5.2",
        "rank of u1",
    ];
    let eps = 1e-9;
    for (q, lo, hi) in brute_force() {
        let e = estimate(&l, q).unwrap_or_else(|e| panic!("{q}: {e:?}"));
        let (low, high) = (e.low.to_f64().unwrap(), e.high.to_f64().unwrap());
        if exact.contains(&q) {
            assert!(
                (low - lo).abs() < eps && (high - hi).abs() < eps,
                "{q}: cix [{low}, {high}], brute force [{lo}, {hi}]"
            );
        } else if q == "corr a, b" {
            // The two corners cix evaluates are inputs inside the box: inside the brute-force
            // range, and close to its ends (first order).
            assert!(
                low >= lo - eps && high <= hi + eps,
                "{q}: [{low}, {high}] vs [{lo}, {hi}]"
            );
            assert!(
                low - lo < 0.01 && hi - high < 0.01,
                "{q}: [{low}, {high}] vs [{lo}, {hi}]"
            );
        } else {
            // range, qd, sd: never narrower than what the inputs allow.
            assert!(
                low <= lo + eps && high >= hi - eps,
                "{q}: [{low}, {high}] vs [{lo}, {hi}]"
            );
        }
        if q == "range 总分" {
            // max(high) − min(low) is reached (at a corner of the box).
            assert!((high - hi).abs() < eps, "{q}: {high} vs {hi}");
        }
        assert!(low <= e.value.to_f64().unwrap() + eps && e.value.to_f64().unwrap() <= high + eps);
    }
}

#[test]
fn cells_at_a_leafs_bounds_stay_inside_them() {
    // b = 5.0 of a 5-point leaf lies in [4.95, 5]; a = 0.0 in [0, 0.05].
    let l = load_small("clamp", SPEC, DATA);
    let b = estimate(&l, "b of u4").unwrap();
    assert_eq!((b.low, b.high), (d("4.95"), d("5.0")));
    let a = estimate(&l, "a of u3").unwrap();
    assert_eq!((a.low, a.high), (d("0"), d("0.05")));
}

#[test]
fn differences_of_disjoint_groups_are_exact() {
    // mean in x − mean in y: the groups share no cell, so the interval arithmetic is exact.
    let l = load_small("difference", SPEC, DATA);
    let e = estimate(&l, "mean 总分 in x - mean 总分 in y").unwrap();
    let x = estimate(&l, "mean 总分 in x").unwrap();
    let y = estimate(&l, "mean 总分 in y").unwrap();
    assert_eq!(e.low, x.low - y.high);
    assert_eq!(e.high, x.high - y.low);
    // The same statistic minus itself is not: an outer bound around the exact 0.
    let z = estimate(&l, "mean 总分 - mean 总分").unwrap();
    assert_eq!(z.value, Decimal::ZERO);
    assert!(z.low < Decimal::ZERO && z.high > Decimal::ZERO);
}

#[test]
fn qd_reaches_its_upper_end_when_cells_have_equal_widths() {
    // No cell at 0 or at its maximum: every interval has width 0.1, and Q3(high) − Q1(low) is
    // reached by moving the upper units up and the lower ones down.
    let data = "id,g,a,b\nu1,x,1.2,2.8\nu2,x,3.4,0.6\nu3,y,0.3,4.1\nu4,y,2.0,4.5\nu5,y,3.3,2.4\nu6,y,1.7,1.1\n";
    let l = load_small("qd-equal", SPEC, data);
    let e = estimate(&l, "qd a").unwrap();
    let cells: Vec<Decimal> = ["1.2", "3.4", "0.3", "2.0", "3.3", "1.7"]
        .iter()
        .map(|v| d(v))
        .collect();
    let mut best = Decimal::MIN;
    let mut worst = Decimal::MAX;
    for k in 0..3usize.pow(6) {
        let mut k = k;
        let mut xs: Vec<Decimal> = cells
            .iter()
            .map(|v| {
                let x = v + d("0.05") * Decimal::from(k % 3) - d("0.05");
                k /= 3;
                x
            })
            .collect();
        xs.sort();
        let qd = quantile(&xs, d("0.75")) - quantile(&xs, d("0.25"));
        best = best.max(qd);
        worst = worst.min(qd);
    }
    assert_eq!(e.high, best);
    assert!(e.low <= worst);
}
