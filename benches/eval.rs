//! Benchmarks on the 2015 example: loading (parse, check, read, bind, evaluate), a ranking query,
//! and group statistics.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // tests may fail loudly

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

const SPEC: &str = "examples/smart-city-2015/index.cix";

fn bench(c: &mut Criterion) {
    c.bench_function("load 2015 (151 cities)", |b| {
        b.iter(|| {
            cix::load(Path::new(SPEC), None)
                .map(|l| l.results.units.len())
                .unwrap_or(0)
        })
    });
    let loaded = match cix::load(Path::new(SPEC), None) {
        Ok(l) => l,
        Err(_) => return,
    };
    c.bench_function("run all 2015 reports", |b| {
        b.iter(|| {
            cix::project::run_reports(&loaded, &["all".to_string()])
                .map(|o| o.len())
                .unwrap_or(0)
        })
    });
    c.bench_function("query top ten by 智慧服务 in 华南", |b| {
        b.iter(|| {
            cix::project::query(&loaded, "top ten by 智慧服务 in 华南")
                .map(|o| o.rows.len())
                .unwrap_or(0)
        })
    });
    c.bench_function("query stats 总分 by 省份", |b| {
        b.iter(|| {
            cix::project::query(&loaded, "stats 总分 by 省份")
                .map(|o| o.rows.len())
                .unwrap_or(0)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
