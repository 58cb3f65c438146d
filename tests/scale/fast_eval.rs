//! Evaluation's integer sums (issue 14) give the decimal path's very numbers — value, scale and
//! sign — at every node: a spec of plain sums over leaves of mixed scales (`round 0` … `round 6`,
//! values as given with up to 7 decimals, exact zeros), parents and the total with their own
//! `round`, missing cells re-weighted or filled, is evaluated as it is (integer sums where they
//! apply) and with a `ratio` added, which sends every unit by the decimal path; the two agree
//! node by node. (A sum beyond exact arithmetic, E304, never meets the integer sums: they take
//! only children whose maxima add up exactly, and the decimal path reports it.)

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::common::temp_dir;
use crate::percentile::Lcg;

const ROUNDS: [&str; 5] = [
    "round 4 half-up",
    "round 0 half-even",
    "round 2 down",
    "round 6 up",
    "round 1 half-up",
];

/// A spec of `parents` indicators × `leaves` leaves each, and its data for `units` units.
fn write(dir: &std::path::Path, units: usize, seed: u64, ratio: bool, missing: &str) {
    let mut rng = Lcg(seed);
    let (parents, leaves) = (5, 6);
    let mut csv = String::from("单元");
    for p in 0..parents {
        for l in 0..leaves {
            write!(csv, ",c{p}_{l}").unwrap();
        }
    }
    csv.push('\n');
    for u in 0..units {
        write!(csv, "U{u:03}").unwrap();
        for _ in 0..parents {
            for l in 0..leaves {
                // Given leaves (l = 5) read points as written, up to 7 decimals; the others a
                // raw number. A few cells are missing.
                let cell = if u > 0 && rng.below(25) == 0 {
                    String::new()
                } else if l == 5 {
                    let scale = u32::try_from(rng.below(8)).unwrap();
                    let m = i64::try_from(rng.below(4 * 10u64.pow(scale) + 1)).unwrap();
                    Decimal::new(m, scale).to_string()
                } else if rng.below(10) == 0 {
                    "0".into()
                } else {
                    Decimal::new(i64::try_from(rng.below(100_000)).unwrap(), 2).to_string()
                };
                write!(csv, ",{cell}").unwrap();
            }
        }
        csv.push('\n');
    }
    let mut spec = format!("index \"和\" {{\n  data \"d.csv\" key 单元\n  {missing}\n");
    let mut total = Decimal::ZERO;
    for p in 0..parents {
        let mut body = String::new();
        let mut max = Decimal::ZERO;
        for l in 0..leaves {
            // Points as given keep their own scale; minmax leaves are rounded.
            let (points, rule, round) = if l == 5 {
                ("4", "score given", "")
            } else {
                let points = ["3", "1.5", "0.25", "2", "12.5"][(p + l) % 5];
                (points, "score minmax", ROUNDS[(p + l) % ROUNDS.len()])
            };
            max += points.parse::<Decimal>().unwrap();
            writeln!(
                body,
                "    x{p}_{l} {points} {{ from c{p}_{l}  {rule}  {round} }}"
            )
            .unwrap();
        }
        total += max;
        let round = ["", "  round 3 half-even", "", "  round 1 up", ""][p];
        writeln!(spec, "  indicator P{p} {max} {{\n{body}{round}\n  }}").unwrap();
    }
    writeln!(spec, "  total 总分 {total} {{ round 5 half-up }}").unwrap();
    if ratio {
        spec.push_str("  ratio 比 = P0 / P1\n");
    }
    spec.push_str("}\n");
    std::fs::write(dir.join("s.cix"), spec).unwrap();
    std::fs::write(dir.join("d.csv"), csv).unwrap();
}

fn load(name: &str, units: usize, seed: u64, ratio: bool, missing: &str) -> cix::Loaded {
    let dir = temp_dir(name);
    write(&dir, units, seed, ratio, missing);
    cix::load(&dir.join("s.cix"), None)
        .unwrap_or_else(|d| panic!("{}", cix::diag::render_plain(&d.0)))
}

fn same_as_decimal_path(name: &str, seed: u64, missing: &str) {
    let units = 150;
    let fast = load(&format!("{name}-sums"), units, seed, false, missing);
    let exact = load(&format!("{name}-decimal"), units, seed, true, missing);
    let mut compared = 0;
    for (id, node) in fast.model.nodes.iter().enumerate() {
        let other = exact.model.node(&node.name).unwrap();
        for u in 0..units {
            let (a, b) = (fast.results.score(u, id), exact.results.score(u, other));
            assert_eq!(
                a.map(|d| d.serialize()),
                b.map(|d| d.serialize()),
                "{} at {}: {a:?} ≠ {b:?}",
                fast.results.units[u].key,
                node.name
            );
            compared += 1;
        }
    }
    assert_eq!(compared, fast.model.nodes.len() * units);
    // The leaves' scales differ: the sums really mix them.
    let scales: std::collections::BTreeSet<u32> = fast
        .model
        .leaves()
        .flat_map(|l| (0..units).map(move |u| (u, l)))
        .filter_map(|(u, l)| fast.results.score(u, l))
        .map(|d| d.scale())
        .collect();
    assert!(scales.len() >= 6, "{scales:?}");
}

#[test]
fn integer_sums_equal_the_decimal_path_node_by_node() {
    same_as_decimal_path("fast-eval-a", 14, "missing mean");
    same_as_decimal_path("fast-eval-b", 2015, "missing zero");
}

#[test]
fn units_left_out_of_a_sum_are_reweighted_as_before() {
    same_as_decimal_path("fast-eval-reweight", 7, "missing reweight");
}
