//! Variance-based sensitivity: first-order and total-order Sobol indices of groups of inputs,
//! by Saltelli sampling with Jansen's estimators (Saltelli et al. 2010, table 2), with bootstrap
//! confidence intervals. Generic over the model: any function of a point of the unit cube,
//! given a per-thread scratch. Deterministic: row j of the sample matrices A and B is drawn
//! from its own generator (seed, j), the model runs in parallel but its outputs are kept in row
//! order, and the bootstrap draws from its own stream.
//!
//! With f(A), f(B) and f(A_B⁽ⁱ⁾) (A with group i's columns from B), over N rows:
//! V = the variance of f over the 2N rows of A and B (population);
//! Sᵢ = (V − Σ (f(B) − f(A_B⁽ⁱ⁾))² / 2N) / V, Sᵀᵢ = Σ (f(A) − f(A_B⁽ⁱ⁾))² / 2N / V.

use std::ops::Range;

use rayon::prelude::*;

use super::uncertainty::{generator, uniform};

/// One group's indices, each with its 95% bootstrap interval (2.5th and 97.5th percentiles of
/// the bootstrap replicates, nearest rank).
#[derive(Clone, Debug, PartialEq)]
pub struct Indices {
    pub first: f64,
    pub first_ci: (f64, f64),
    pub total: f64,
    pub total_ci: (f64, f64),
}

/// What to sample: the number of dimensions, the groups (ranges of dimensions), N rows, the
/// seed and the number of bootstrap replicates.
#[derive(Clone, Debug)]
pub struct Sampling {
    pub dims: usize,
    pub groups: Vec<Range<usize>>,
    pub rows: usize,
    pub seed: u64,
    pub bootstrap: usize,
}

/// The indices of every group of `s.groups`, in order. `init` makes a thread's scratch, `f`
/// evaluates the model at a point of the unit cube. Runs `rows × (2 + groups)` evaluations.
pub fn indices<S, I, F>(s: &Sampling, init: I, f: F) -> Vec<Indices>
where
    I: Fn() -> S + Sync + Send,
    F: Fn(&[f64], &mut S) -> f64 + Sync + Send,
{
    let k = s.groups.len();
    let per_row = k.saturating_add(2);
    // Evaluation e of row j: 0 → A, 1 → B, 2 + i → A_B⁽ⁱ⁾.
    let evals: Vec<f64> = (0..s.rows.saturating_mul(per_row))
        .into_par_iter()
        .map_init(
            || (init(), vec![0.0; s.dims], vec![0.0; s.dims]),
            |(scratch, a, b), e| {
                let j = e.checked_div(per_row).unwrap_or(0);
                let which = e.checked_rem(per_row).unwrap_or(0);
                let mut rng = generator(s.seed, j as u64);
                for v in a.iter_mut().chain(b.iter_mut()) {
                    *v = uniform(&mut rng);
                }
                match which {
                    0 => f(a, scratch),
                    1 => f(b, scratch),
                    g => {
                        let range = s.groups.get(g.saturating_sub(2)).cloned().unwrap_or(0..0);
                        if let (Some(dst), Some(src)) = (a.get_mut(range.clone()), b.get(range)) {
                            dst.copy_from_slice(src);
                        }
                        f(a, scratch)
                    }
                }
            },
        )
        .collect();
    let rows: Vec<&[f64]> = evals.chunks(per_row.max(1)).collect();
    let all: Vec<usize> = (0..rows.len()).collect();
    let point: Vec<(f64, f64)> = (0..k).map(|i| estimate(&rows, &all, i)).collect();
    // Bootstrap: resample rows with replacement, from the stream after the sample's rows.
    let mut reps: Vec<Vec<(f64, f64)>> = vec![Vec::with_capacity(s.bootstrap); k];
    let mut pick = vec![0usize; rows.len()];
    for b in 0..s.bootstrap {
        let mut rng = generator(s.seed ^ 0x5EED_B007, b as u64);
        for p in &mut pick {
            *p = ((uniform(&mut rng) * rows.len() as f64) as usize)
                .min(rows.len().saturating_sub(1));
        }
        for (i, r) in reps.iter_mut().enumerate() {
            r.push(estimate(&rows, &pick, i));
        }
    }
    point
        .into_iter()
        .zip(reps)
        .map(|((first, total), r)| Indices {
            first,
            total,
            first_ci: interval(r.iter().map(|x| x.0).collect()),
            total_ci: interval(r.iter().map(|x| x.1).collect()),
        })
        .collect()
}

/// Jansen's first- and total-order estimates of group `i` over the chosen rows (0 when the
/// output does not vary).
fn estimate(rows: &[&[f64]], chosen: &[usize], i: usize) -> (f64, f64) {
    let n = chosen.len() as f64;
    let (mut sum, mut sq, mut first, mut total) = (0.0, 0.0, 0.0, 0.0);
    for &j in chosen {
        let Some(row) = rows.get(j) else {
            continue;
        };
        let get = |e: usize| row.get(e).copied().unwrap_or(0.0);
        let (fa, fb, fab) = (get(0), get(1), get(i.saturating_add(2)));
        sum += fa + fb;
        sq += fa * fa + fb * fb;
        first += (fb - fab).powi(2);
        total += (fa - fab).powi(2);
    }
    let mean = sum / (2.0 * n);
    let v = sq / (2.0 * n) - mean * mean;
    if v.is_nan() || v <= 1e-300 {
        return (0.0, 0.0);
    }
    ((v - first / (2.0 * n)) / v, total / (2.0 * n) / v)
}

/// The 2.5th and 97.5th percentiles (nearest rank) of bootstrap replicates.
fn interval(mut v: Vec<f64>) -> (f64, f64) {
    if v.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    v.sort_by(f64::total_cmp);
    let at = |p: f64| {
        let need = ((p * v.len() as f64).ceil() as usize).max(1);
        v.get(need.saturating_sub(1)).copied().unwrap_or(f64::NAN)
    };
    (at(0.025), at(0.975))
}
