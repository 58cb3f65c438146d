//! The Sobol/Jansen estimator on functions with known indices, within sampling error.

use std::f64::consts::PI;

use cix::robust::sobol::{indices, Sampling};

fn sampling(dims: usize, rows: usize) -> Sampling {
    Sampling {
        dims,
        groups: (0..dims).map(|i| i..i + 1).collect(),
        rows,
        seed: 11,
        bootstrap: 100,
    }
}

#[test]
fn ishigami_indices_within_sampling_error() {
    // f = sin x₁ + 7 sin² x₂ + 0.1 x₃⁴ sin x₁, xᵢ uniform on [−π, π]: S = 0.3139, 0.4424, 0;
    // Sᵀ = 0.5576, 0.4424, 0.2437 (Ishigami & Homma 1990; Saltelli et al. 2010).
    let r = indices(
        &sampling(3, 20_000),
        || (),
        |x, _| {
            let [a, b, c] = [x[0], x[1], x[2]].map(|u| PI * (2.0 * u - 1.0));
            a.sin() + 7.0 * b.sin().powi(2) + 0.1 * c.powi(4) * a.sin()
        },
    );
    let first = [0.3139, 0.4424, 0.0];
    let total = [0.5576, 0.4424, 0.2437];
    for i in 0..3 {
        assert!((r[i].first - first[i]).abs() < 0.03, "S{i} {:?}", r[i]);
        assert!((r[i].total - total[i]).abs() < 0.03, "ST{i} {:?}", r[i]);
        assert!(r[i].first_ci.0 <= r[i].first && r[i].first <= r[i].first_ci.1);
        assert!(r[i].total_ci.0 - 0.01 <= total[i] && total[i] <= r[i].total_ci.1 + 0.01);
    }
}

#[test]
fn a_linear_model_has_indices_a_squared_over_the_sum_of_squares() {
    // Σ aᵢXᵢ with independent uniform Xᵢ: Sᵢ = Sᵀᵢ = aᵢ² / Σ aⱼ² = 1/14, 4/14, 9/14.
    let a = [1.0, 2.0, 3.0];
    let r = indices(
        &sampling(3, 10_000),
        || (),
        |x, _| x.iter().zip(a).map(|(x, a)| a * x).sum(),
    );
    for i in 0..3 {
        let s = a[i] * a[i] / 14.0;
        assert!((r[i].first - s).abs() < 0.03, "S{i} {:?}", r[i]);
        assert!((r[i].total - s).abs() < 0.03, "ST{i} {:?}", r[i]);
    }
}

#[test]
fn groups_of_inputs_and_determinism() {
    // Grouping x₂ and x₃ of the linear model: their joint index is (4 + 9) / 14.
    let mut s = sampling(3, 5_000);
    s.groups = vec![0..1, 1..3];
    let f = |x: &[f64], _: &mut ()| x[0] + 2.0 * x[1] + 3.0 * x[2];
    let r = indices(&s, || (), f);
    assert!((r[1].first - 13.0 / 14.0).abs() < 0.03, "{:?}", r[1]);
    assert_eq!(r, indices(&s, || (), f));
}
