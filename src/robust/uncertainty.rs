//! Monte Carlo rank intervals: `runs` replications, each a point of the unit cube drawn from
//! its own generator seeded by (seed, replication index) — ChaCha8 with the index as its stream
//! — so the result is the same byte for byte whatever the number of threads. Replications run
//! in parallel (rayon); each thread counts ranks in a histogram per unit, and histograms add up
//! in integers, so the order of combination cannot change the result.
//!
//! Percentile convention: the nearest-rank method (Hyndman–Fan type 1): the p-th percentile is
//! the smallest rank r such that at least p% of the replications rank the unit r or better.
//! The median is the 50th percentile so defined (the lower median when two ranks split the
//! runs evenly). The mean is the arithmetic mean of the ranks.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use rayon::prelude::*;

use super::assume::Design;
use super::plan::Plan;

/// One unit's ranks over the replications.
#[derive(Clone, Debug, PartialEq)]
pub struct RankStats {
    pub unit: usize,
    pub nominal: u32,
    pub median: u32,
    pub p5: u32,
    pub p95: u32,
    pub mean: f64,
}

/// The replications' generator: one stream per replication.
pub fn generator(seed: u64, replication: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(replication);
    rng
}

/// A uniform number in [0, 1) (53 random bits).
pub fn uniform(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Run `runs` replications of the design; `progress` is told how many replications finished
/// (from any thread). Units in nominal rank order (ties in data order).
pub fn rank_intervals(
    plan: &Plan,
    design: &Design,
    runs: usize,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<RankStats> {
    let units = plan.units();
    let counts = (0..runs)
        .into_par_iter()
        .with_min_len(64)
        .fold(
            || Worker::new(plan, design),
            |mut w, i| {
                w.replicate(plan, design, seed, i as u64);
                if i % 64 == 63 {
                    progress(64);
                }
                w
            },
        )
        .map(|w| w.counts)
        .reduce(
            || vec![0u64; units.saturating_mul(units)],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x = x.saturating_add(y);
                }
                a
            },
        );
    let mut scratch = plan.scratch();
    let mut nominal = vec![0u32; units];
    plan.ranks(plan.nominal(), &mut scratch, &mut nominal);
    let mut stats: Vec<RankStats> = (0..units)
        .map(|u| {
            let row = counts
                .get(u.saturating_mul(units)..u.saturating_add(1).saturating_mul(units))
                .unwrap_or(&[]);
            summarise(u, nominal.get(u).copied().unwrap_or(0), row, runs as u64)
        })
        .collect();
    stats.sort_by_key(|s| (s.nominal, s.unit));
    stats
}

/// One thread's buffers and rank counts.
struct Worker {
    x: Vec<f64>,
    setting: super::plan::Setting,
    scratch: super::plan::Scratch,
    ranks: Vec<u32>,
    /// counts[unit × units + rank − 1]
    counts: Vec<u64>,
}

impl Worker {
    fn new(plan: &Plan, design: &Design) -> Worker {
        let units = plan.units();
        Worker {
            x: vec![0.0; design.dims()],
            setting: plan.nominal().clone(),
            scratch: plan.scratch(),
            ranks: vec![0; units],
            counts: vec![0; units.saturating_mul(units)],
        }
    }

    fn replicate(&mut self, plan: &Plan, design: &Design, seed: u64, i: u64) {
        let mut rng = generator(seed, i);
        for v in &mut self.x {
            *v = uniform(&mut rng);
        }
        design.apply(plan, &self.x, &mut self.setting);
        plan.ranks(&self.setting, &mut self.scratch, &mut self.ranks);
        let units = self.ranks.len();
        for (u, &r) in self.ranks.iter().enumerate() {
            let at = u
                .saturating_mul(units)
                .saturating_add((r as usize).saturating_sub(1));
            if let Some(c) = self.counts.get_mut(at) {
                *c = c.saturating_add(1);
            }
        }
    }
}

/// Median, 5th and 95th percentiles (nearest rank) and mean of one unit's rank histogram.
fn summarise(unit: usize, nominal: u32, row: &[u64], runs: u64) -> RankStats {
    let percentile = |p: u64| -> u32 {
        // The smallest r with count(rank ≤ r) ≥ p% of the runs, i.e. ≥ ceil(p·runs / 100).
        let need = p.saturating_mul(runs).div_ceil(100).max(1);
        let mut seen = 0u64;
        for (r, &c) in row.iter().enumerate() {
            seen = seen.saturating_add(c);
            if seen >= need {
                return u32::try_from(r.saturating_add(1)).unwrap_or(u32::MAX);
            }
        }
        u32::try_from(row.len()).unwrap_or(u32::MAX)
    };
    let sum: f64 = row
        .iter()
        .enumerate()
        .map(|(r, &c)| (r as f64 + 1.0) * c as f64)
        .sum();
    RankStats {
        unit,
        nominal,
        median: percentile(50),
        p5: percentile(5),
        p95: percentile(95),
        mean: if runs > 0 { sum / runs as f64 } else { 0.0 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        // 20 runs: ranks 1 ×1, 2 ×9, 3 ×9, 4 ×1. 5%: 1 run → rank 1; 50%: 10 runs → rank 2;
        // 95%: 19 runs → rank 3; mean (1 + 18 + 27 + 4) / 20 = 2.5.
        let s = summarise(0, 2, &[1, 9, 9, 1], 20);
        assert_eq!((s.p5, s.median, s.p95), (1, 2, 3));
        assert!((s.mean - 2.5).abs() < 1e-12);
    }

    #[test]
    fn a_replication_stream_depends_on_seed_and_index_only() {
        let a = uniform(&mut generator(7, 3));
        assert_eq!(a, uniform(&mut generator(7, 3)));
        assert_ne!(a, uniform(&mut generator(7, 4)));
        assert!((0.0..1.0).contains(&a));
    }
}
