//! Issue 14's growth benchmarks on generated data (the layout of `scripts/scale/gen.py`: N units
//! × 60 raw indicators under 8 primaries, min-max, leaves rounded to 4 decimals, a 区域
//! attribute): each pipeline stage at 1 k / 10 k / 100 k units (time must grow linearly), the two
//! rules that used to be quadratic (`score percentile`, `run --compare`), methods by group with
//! group queries, and REPL queries on a loaded index (through `repl::Session`, as typed).
//!
//!     cargo bench --bench scale                       # 1 k, 10 k, 100 k; REPL on 10 k
//!     CIX_BENCH_SIZES=1000,10000 cargo bench --bench scale
//!     CIX_BENCH_QUERY_UNITS=1000000 cargo bench --bench scale -- repl
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // benchmarks may fail loudly

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const REGIONS: [&str; 7] = ["华北", "东北", "华东", "华中", "华南", "西南", "西北"];

/// The spec of gen.py with `rule` for every leaf; with `grouped`, also methods by group (the
/// south scored with two leaf weights swapped), a list group of every 100th unit and tiers.
fn spec(rule: &str, n: usize, grouped: bool) -> String {
    let mut s = format!(
        "index \"规模测试\" {{\n  data \"data.csv\" key 单元\n  attributes 区域\n  score {rule}\n  round 4 half-up\n"
    );
    let mut leaf = 0;
    let mut total = 0;
    for p in 0..8u8 {
        let count = if p < 4 { 8 } else { 7 };
        let mut body = Vec::new();
        let mut weight = 0;
        for _ in 0..count {
            leaf += 1;
            let w = 1 + leaf % 3;
            weight += w;
            body.push(format!("指标{leaf:02} {w}"));
        }
        total += weight;
        let name = char::from(b'A' + p);
        writeln!(
            s,
            "  indicator 维度{name} {weight} {{ {} }}",
            body.join("  ")
        )
        .unwrap();
    }
    writeln!(s, "  total 总分 {total}").unwrap();
    if grouped {
        let listed: Vec<String> = (0..n).step_by(100).map(|u| format!("U{u:07}")).collect();
        writeln!(
            s,
            "  group 南方 = 区域 in [华东, 华中, 华南, 西南]\n  group 抽样 = [{}]\n  \
             for 南方 {{ set 指标01 3  set 指标02 2 }}\n  \
             tiers 梯队 by share [领先 10%, 中游 40%, 其余 50%]",
            listed.join(", ")
        )
        .unwrap();
    }
    writeln!(s, "  report 总排名 = rank by 总分 show 总分\n}}").unwrap();
    s
}

/// Generate `n` units and the spec into a folder of the system's temp dir (the data reused
/// when present).
fn generate(n: usize, rule: &str) -> PathBuf {
    generate_spec(n, rule, false)
}

fn generate_spec(n: usize, rule: &str, grouped: bool) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cix-bench-scale-{rule}-{n}"));
    let spec_path = dir.join(if grouped { "grouped.cix" } else { "index.cix" });
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(&spec_path, spec(rule, n, grouped)).unwrap();
    if !dir.join("data.csv").exists() {
        write_data(&dir, n);
    }
    spec_path
}

fn write_data(dir: &Path, n: usize) {
    let mut csv = String::from("单元,区域");
    for i in 1..=60 {
        write!(csv, ",指标{i:02}").unwrap();
    }
    csv.push('\n');
    let mut state: u64 = 14;
    for u in 0..n {
        write!(csv, "U{u:07},{}", REGIONS[u % REGIONS.len()]).unwrap();
        for _ in 0..60 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let c = (state >> 33) % 100_000;
            write!(csv, ",{}.{:02}", c / 100, c % 100).unwrap();
        }
        csv.push('\n');
    }
    std::fs::write(dir.join("data.csv"), csv).unwrap();
}

/// Whether the command line's filter (`cargo bench --bench scale -- repl`) can select benchmarks
/// of `group`: their setup (generating and loading data) is skipped otherwise.
fn wanted(group: &str) -> bool {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    filters.is_empty()
        || filters
            .iter()
            .any(|f| f.contains(group) || group.contains(f.as_str()))
}

fn sizes() -> Vec<usize> {
    std::env::var("CIX_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000])
}

fn model(spec_path: &Path) -> cix::model::Model {
    cix::load_spec(spec_path).unwrap().0
}

/// Each stage of `cix run` on its own: read (decode + parse the CSV), bind (typed values),
/// score (min-max per leaf), evaluate (sums, tiers), rank and write the CSV.
fn stages(c: &mut Criterion) {
    if !wanted("stages") {
        return;
    }
    let mut g = c.benchmark_group("stages");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    for n in sizes() {
        let spec_path = generate(n, "minmax");
        let data = spec_path.with_file_name("data.csv");
        let m = model(&spec_path);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("read", n), &data, |b, data| {
            b.iter(|| cix::data::read_table(data, None).unwrap().rows.len())
        });
        let table = cix::data::read_table(&data, None).unwrap();
        g.bench_with_input(BenchmarkId::new("bind", n), &table, |b, t| {
            b.iter(|| cix::data::bind(&m, t.clone()).unwrap().units.len())
        });
        let bound = cix::data::bind(&m, table).unwrap();
        g.bench_with_input(BenchmarkId::new("score", n), &bound, |b, ds| {
            b.iter(|| {
                let mut ds = ds.clone();
                cix::scoring::apply(&m, &mut ds).unwrap();
                ds.units.len()
            })
        });
        let mut scored = bound.clone();
        cix::scoring::apply(&m, &mut scored).unwrap();
        g.bench_with_input(BenchmarkId::new("evaluate", n), &scored, |b, ds| {
            b.iter(|| cix::eval::evaluate(&m, ds).unwrap().units.len())
        });
        let loaded = cix::load(&spec_path, None).unwrap();
        g.bench_with_input(
            BenchmarkId::new("rank and write csv", n),
            &loaded,
            |b, l| {
                b.iter(|| {
                    let out = cix::project::run_reports(l, &[]).unwrap();
                    cix::report::render(&out[0].1, cix::report::Format::Csv).len()
                })
            },
        );
        g.bench_with_input(BenchmarkId::new("whole load", n), &spec_path, |b, p| {
            b.iter(|| cix::load(p, None).unwrap().results.units.len())
        });
    }
    g.finish();
}

/// The two rules that counted per unit: percentile scoring of 60 leaves, and `--compare`.
fn formerly_quadratic(c: &mut Criterion) {
    if !wanted("formerly quadratic") {
        return;
    }
    let mut g = c.benchmark_group("formerly quadratic");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    for n in sizes() {
        let spec_path = generate(n, "percentile");
        let m = model(&spec_path);
        let table = cix::data::read_table(&spec_path.with_file_name("data.csv"), None).unwrap();
        let bound = cix::data::bind(&m, table).unwrap();
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("score percentile", n), &bound, |b, ds| {
            b.iter(|| {
                let mut ds = ds.clone();
                cix::scoring::apply(&m, &mut ds).unwrap();
                ds.units.len()
            })
        });
        let new = cix::load(&generate(n, "minmax"), None).unwrap();
        let old = cix::load(&spec_path, None).unwrap();
        g.bench_function(BenchmarkId::new("run --compare", n), |b| {
            b.iter(|| {
                cix::query::editions::compare(
                    (&old.model, &old.results),
                    (&new.model, &new.results),
                )
                .rows
                .len()
            })
        });
    }
    g.finish();
}

/// Methods by group (each unit's own group found once, scores put back by key), then queries
/// on a group by condition, a list group and a tier: every lookup is a hash or a binary search,
/// so the time grows linearly with the units.
fn groups(c: &mut Criterion) {
    if !wanted("groups") {
        return;
    }
    let mut g = c.benchmark_group("groups");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    for n in sizes() {
        let spec_path = generate_spec(n, "minmax", true);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("load", n), &spec_path, |b, p| {
            b.iter(|| cix::load(p, None).unwrap().results.units.len())
        });
        let (mut session, diags) = cix::repl::Session::open(&spec_path, None);
        assert!(session.loaded.is_some(), "{diags:?}");
        for q in [
            "top 10 by 总分 in 南方 where 区域 != 华南",
            "top 10 by 维度A in 抽样",
            "mean 总分 by 区域 in 领先",
        ] {
            g.bench_function(BenchmarkId::new(q, n), |b| {
                b.iter(|| {
                    let r = session.eval(q);
                    assert!(!r.failed, "{}", r.err);
                    r.out.len()
                })
            });
        }
    }
    g.finish();
}

/// The REPL on a loaded index (`CIX_BENCH_QUERY_UNITS`, default 10,000; the goal is
/// under 50 ms at 1,000,000): each input goes through `Session::eval`, as typed; the pipeline
/// is not run again. The first query, which fills the index, is timed once and printed.
fn repl(c: &mut Criterion) {
    if !wanted("repl") {
        return;
    }
    let n = std::env::var("CIX_BENCH_QUERY_UNITS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let spec_path = generate(n, "minmax");
    let started = Instant::now();
    let (mut session, diags) = cix::repl::Session::open(&spec_path, None);
    assert!(session.loaded.is_some(), "{diags:?}");
    eprintln!("repl: loaded {n} units in {:.2?}", started.elapsed());
    let started = Instant::now();
    let first = session.eval("top 10 by 总分 in 华南");
    assert!(!first.failed, "{}", first.err);
    eprintln!(
        "repl: first `top 10 by 总分 in 华南` (fills the index) {:.2?}",
        started.elapsed()
    );
    let mut g = c.benchmark_group("repl");
    g.sample_size(20);
    for q in [
        "top 10 by 总分 in 华南",
        "top 10 by 总分 in 华南 where 维度A >= 5",
        "show U0000001",
    ] {
        g.bench_function(BenchmarkId::new(q, n), |b| {
            b.iter(|| {
                let r = session.eval(q);
                assert!(!r.failed, "{}", r.err);
                r.out.len()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, stages, formerly_quadratic, groups, repl);
criterion_main!(benches);
