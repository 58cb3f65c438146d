//! The scoring stage's fast path (scaled integers, no `Detail`) gives the decimal path's very
//! numbers — value, scale and sign — cell by cell: every leaf of generated specs (every rule the
//! fast path takes and some it does not, both directions, every rounding mode, no `round`,
//! awkward leaf points) over adversarial columns (exact halves, thirds of a range, ties at the
//! sample's ends, negatives, huge and tiny values, missing cells filled with the mean) is
//! compared with `scoring::detail`, which always takes the decimal path (`explain` shows it).
//! And near a rounding boundary where rounding twice (28 digits, then `round N`) differs from
//! rounding the exact share once, the decimal path's answer stands.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::common::temp_dir;
use crate::percentile::Lcg;

/// A column's values for `n` units (None: a missing cell; unit 0 always has a value).
fn column(kind: &str, n: usize, rng: &mut Lcg) -> Vec<Option<Decimal>> {
    (0..n)
        .map(|u| {
            if u > 0 && rng.below(40) == 0 {
                return None;
            }
            let r = |rng: &mut Lcg, k: u64| i64::try_from(rng.below(k)).unwrap();
            Some(match kind {
                // Any scale 0–6, either sign, some exact eighths.
                "混合" => match rng.below(3) {
                    0 => Decimal::new(
                        r(rng, 2_000_001) - 1_000_000,
                        u32::try_from(rng.below(7)).unwrap(),
                    ),
                    1 => Decimal::new(r(rng, 17) - 8, 0) / Decimal::from(8),
                    _ => Decimal::new(r(rng, 2001) - 1000, 0),
                },
                "正" => Decimal::new(r(rng, 9_999_999) + 1, u32::try_from(rng.below(7)).unwrap()),
                // k/10 for k in 0…30: shares are k/30, many exactly on a rounding boundary.
                "三" => Decimal::new(r(rng, 31), 1),
                "半" => Decimal::new(r(rng, 17), 0),
                "巨" => {
                    Decimal::new(r(rng, 2_000_000_001) - 1_000_000_000, 0)
                        * Decimal::from(10i64.pow(16))
                }
                // Points as given: 0 … 0.125 (the smallest leaf's), up to 7 decimals.
                "分" => Decimal::new(r(rng, 1_250_001), 7),
                "微" => Decimal::new(
                    r(rng, 1_000_000) + 1,
                    12 + u32::try_from(rng.below(9)).unwrap(),
                ),
                _ => unreachable!(),
            })
        })
        .collect()
}

const COLUMNS: [&str; 7] = ["混合", "正", "三", "半", "巨", "微", "分"];
const ROUNDS: [&str; 7] = [
    "round 2 half-up",
    "round 4 half-even",
    "round 0 down",
    "round 3 up",
    "round 1 half-even",
    "round 6 half-up",
    "",
];
const POINTS: [&str; 8] = ["3", "1.5", "0.7", "2.25", "12.345", "100", "0.125", "7"];

/// The rules tried on a column (those dividing by a value only on the positive columns).
fn methods(col: &str) -> Vec<String> {
    let (lo, hi, t) = match col {
        "混合" => ("-500", "500", "0"),
        "正" => ("10", "50", "5"),
        "三" => ("0.5", "2.5", "1.5"),
        "半" => ("2", "14", "8"),
        "巨" => (
            "-1000000000000000000000000",
            "5000000000000000000000000",
            "0",
        ),
        "分" => ("0.01", "0.1", "0.05"),
        _ => ("0.0000001", "0.0000005", "0.0000003"),
    };
    let mut m: Vec<String> = [
        "minmax".to_string(),
        "minmax  direction lower".into(),
        "distance to max".into(),
        "distance to max  direction lower".into(),
        "percentile".into(),
        "percentile  direction lower".into(),
        format!("goalposts {lo} → {hi}"),
        format!("goalposts {lo} → {hi}  direction lower"),
        format!("target {t} cap"),
        format!("target {t}  direction lower"),
        "zscore".into(),
    ]
    .into();
    if col == "分" {
        m.extend([
            "given".to_string(),
            "given 0-1".into(),
            "given 0-100".into(),
        ]);
    }
    if col == "正" || col == "微" {
        m.extend([
            "ratio".to_string(),
            "ratio  direction lower".into(),
            "fraction".into(),
            "reference U000 cap".into(),
            "reference U000  direction lower".into(),
            "log minmax".into(),
        ]);
    }
    m
}

/// A spec with a leaf for every column × rule × rounding (points taken in turn), and its data.
fn write(dir: &std::path::Path, units: usize, seed: u64) -> Vec<String> {
    let mut rng = Lcg(seed);
    let cols: Vec<Vec<Option<Decimal>>> =
        COLUMNS.iter().map(|c| column(c, units, &mut rng)).collect();
    let mut csv = format!("单元,{}\n", COLUMNS.join(","));
    for u in 0..units {
        let cells: Vec<String> = cols
            .iter()
            .map(|c| c[u].map_or(String::new(), |d| d.to_string()))
            .collect();
        writeln!(csv, "U{u:03},{}", cells.join(",")).unwrap();
    }
    let mut spec = String::from("index \"快\" {\n  data \"d.csv\" key 单元\n  missing mean\n");
    let mut leaves = Vec::new();
    let mut total = Decimal::ZERO;
    for (c, col) in COLUMNS.iter().enumerate() {
        for (m, method) in methods(col).iter().enumerate() {
            let mut group = Decimal::ZERO;
            let mut body = String::new();
            for (r, round) in ROUNDS.iter().enumerate() {
                let points = POINTS[(c + m + r) % POINTS.len()];
                group += points.parse::<Decimal>().unwrap();
                let name = format!("L{c}_{m}_{r}");
                writeln!(
                    body,
                    "    {name} {points} {{ from {col}  score {method}  {round} }}"
                )
                .unwrap();
                leaves.push(name);
            }
            total += group;
            writeln!(spec, "  indicator G{c}_{m} {group} {{\n{body}  }}").unwrap();
        }
    }
    writeln!(spec, "  total 总分 {total}\n}}").unwrap();
    std::fs::write(dir.join("s.cix"), spec).unwrap();
    std::fs::write(dir.join("d.csv"), csv).unwrap();
    leaves
}

/// Every leaf's points after scoring equal, byte for byte (`Decimal::serialize`: value, scale
/// and sign), the decimal path's (`scoring::detail`, as `explain` shows them).
fn same_as_decimal_path(name: &str, units: usize, seed: u64) {
    let dir = temp_dir(name);
    let leaves = write(&dir, units, seed);
    let l = cix::load(&dir.join("s.cix"), None)
        .unwrap_or_else(|d| panic!("{}", cix::diag::render_plain(&d.0)));
    let m = &l.model;
    let mut compared = 0;
    for leaf in &leaves {
        let id = m.node(leaf).unwrap();
        for (u, unit) in l.dataset.units.iter().enumerate() {
            // The points as evaluation keeps them (it takes them out of the units).
            let got = l.results.score(u, id);
            let want = cix::scoring::detail(m, &l.dataset, &l.scoring, u, id)
                .unwrap()
                .score;
            assert_eq!(
                got.map(|d| d.serialize()),
                want.map(|d| d.serialize()),
                "{leaf} at {}: {got:?} ≠ {want:?}",
                unit.key
            );
            compared += 1;
        }
    }
    assert_eq!(compared, leaves.len() * units);
}

#[test]
fn the_fast_path_equals_the_decimal_path_cell_by_cell() {
    same_as_decimal_path("fast-scoring-a", 120, 14);
    same_as_decimal_path("fast-scoring-b", 60, 2015);
}

#[test]
fn near_a_boundary_the_decimal_path_decides() {
    // minmax over 0 … 2·10²⁸ + 1 with 3 points and `round 0 half-up`: the exact share of 10²⁸
    // is ½ − 2.5·10⁻²⁹, so 3 × share = 1.5 − 7.5·10⁻²⁹ rounds once to 1; the decimal path
    // rounds the share to 28 digits (0.5), then 1.5 half-up to 2. The cell is the decimal path's.
    let dir = temp_dir("fast-scoring-boundary");
    std::fs::write(
        dir.join("d.csv"),
        "单元,x\nA,0\nB,10000000000000000000000000000\nC,20000000000000000000000000001\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("s.cix"),
        "index \"界\" {\n  data \"d.csv\" key 单元\n  indicator 甲 3 { x 3 { score minmax  round 0 half-up } }\n  total 总分 3\n}\n",
    )
    .unwrap();
    let l = cix::load(&dir.join("s.cix"), None)
        .unwrap_or_else(|d| panic!("{}", cix::diag::render_plain(&d.0)));
    let id = l.model.node("x").unwrap();
    let points: Vec<Option<Decimal>> = (0..3).map(|u| l.results.score(u, id)).collect();
    assert_eq!(
        points,
        vec![
            Some(Decimal::ZERO),
            Some(Decimal::TWO),
            Some(Decimal::from(3))
        ]
    );
    let explained = cix::scoring::detail(&l.model, &l.dataset, &l.scoring, 1, id).unwrap();
    assert_eq!(explained.score, Some(Decimal::TWO));
}
