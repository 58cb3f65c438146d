//! Issue 11's speed targets on the generated 300-unit × 60-indicator index
//! (examples/generated-300x60): one full re-evaluation and ranking of every unit under varied
//! weights (the floor is ≈ 10–13 µs), and 10,000 replications with every weight varied ±25% on
//! one core (target ≤ 0.5 s) and on every core.
//!
//! cargo bench --bench robust -- --warm-up-time 1 --measurement-time 3
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // benchmarks may fail loudly

use std::path::Path;

use cix::robust::{rank_intervals, Design, Plan};
use criterion::{criterion_group, criterion_main, Criterion};

fn robust(c: &mut Criterion) {
    let l = cix::load(Path::new("examples/generated-300x60/index.cix"), None).unwrap();
    let plan = Plan::build(&l.model, &l.dataset, &l.results, &l.scoring, &[]).unwrap();
    let design = Design::vary_all_weights(&plan, &l.model, 0.25);
    let mut setting = plan.nominal().clone();
    let x: Vec<f64> = (0..design.dims()).map(|i| (i % 10) as f64 / 10.0).collect();
    design.apply(&plan, &x, &mut setting);
    let mut scratch = plan.scratch();
    let mut ranks = vec![0; plan.units()];
    c.bench_function("one re-evaluation and ranking, 300 × 60", |b| {
        b.iter(|| plan.ranks(&setting, &mut scratch, &mut ranks))
    });
    let mut group = c.benchmark_group("10,000 replications, every weight ±25%");
    group.sample_size(10);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    group.bench_function("one core", |b| {
        b.iter(|| one.install(|| rank_intervals(&plan, &design, 10_000, 1, &|_| {})))
    });
    group.bench_function("every core", |b| {
        b.iter(|| rank_intervals(&plan, &design, 10_000, 1, &|_| {}))
    });
    group.finish();
}

criterion_group!(benches, robust);
criterion_main!(benches);
