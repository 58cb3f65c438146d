//! The REPL through a pipe on 100,000 units: answers from the index kept with the loaded
//! results (attribute values, declared groups by condition and by list, units by key, `where`
//! on top of `in`, top and bottom N by a partial selection) equal the answers computed here
//! from the generated numbers by sorting. Correctness only: no timing is asserted.

use std::collections::HashMap;
use std::path::Path;

use super::percentile::Lcg;
use crate::common::{cix, temp_dir};

const UNITS: usize = 100_000;
const REGIONS: [&str; 7] = ["华北", "东北", "华东", "华中", "华南", "西南", "西北"];

pub struct Unit {
    key: String,
    region: &'static str,
    a: u64,
    b: u64,
}

impl Unit {
    fn total(&self) -> u64 {
        self.a + self.b
    }
}

/// `score given 0-100` with weight 100 keeps each value as its points: 总分 = 甲 + 乙, with
/// many ties (values 0 … 99).
pub fn write(dir: &Path, count: usize) -> Vec<Unit> {
    let mut rng = Lcg(1_000_014);
    let units: Vec<Unit> = (0..count)
        .map(|u| Unit {
            key: format!("U{u:06}"),
            region: REGIONS[rng.below(7) as usize],
            a: rng.below(100),
            b: rng.below(100),
        })
        .collect();
    let mut csv = String::from("单元,区域,甲,乙\n");
    for u in &units {
        csv.push_str(&format!("{},{},{},{}\n", u.key, u.region, u.a, u.b));
    }
    std::fs::write(dir.join("data.csv"), csv).unwrap();
    let list: Vec<String> = (0..count).step_by(97).map(|u| format!("U{u:06}")).collect();
    std::fs::write(
        dir.join("index.cix"),
        format!(
            "index \"规模\" {{\n  data \"data.csv\" key 单元\n  attributes 区域\n  \
             group 沿海 = 区域 in [华东, 华南]\n  group 抽样 = [{}]\n  \
             indicator 甲 100 {{ score given 0-100 }}\n  indicator 乙 100 {{ score given 0-100 }}\n  \
             total 总分 200\n}}\n",
            list.join(", ")
        ),
    )
    .unwrap();
    units
}

/// Competition ranks by total (highest first) among `units`; the top `n` (ties kept), or the
/// bottom `n` when `bottom`, as (rank, key, total) in the REPL's order (by total, ties in data
/// order).
fn expected(units: &[&Unit], n: usize, bottom: bool) -> Vec<(usize, String, u64)> {
    let mut totals: Vec<u64> = units.iter().map(|u| u.total()).collect();
    totals.sort_unstable_by(|x, y| y.cmp(x));
    let rank = |t: u64| totals.partition_point(|&x| x > t) + 1;
    let from_end = |t: u64| totals.len() - totals.partition_point(|&x| x >= t) + 1;
    let mut kept: Vec<(usize, String, u64)> = units
        .iter()
        .filter(|u| {
            if bottom {
                from_end(u.total()) <= n
            } else {
                rank(u.total()) <= n
            }
        })
        .map(|u| (rank(u.total()), u.key.clone(), u.total()))
        .collect();
    kept.sort_by_key(|x| std::cmp::Reverse(x.2));
    kept
}

/// The (rank, key, 总分) rows of one CSV answer (up to the next answer).
fn rows(csv: &str) -> Vec<(usize, String, u64)> {
    csv.lines()
        .skip(1)
        .map_while(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let (rank, key, total) = (f[0].parse().ok()?, f[1].to_string(), f.get(2)?);
            Some((rank, key, total.strip_suffix(".00")?.parse().ok()?))
        })
        .collect()
}

#[test]
fn queries_through_a_pipe_on_100k_units() {
    let dir = temp_dir("scale-repl");
    let units = write(&dir, UNITS);
    let queries = [
        "top 10 by 总分 in 华南 show 总分",
        "bottom 10 by 总分 in 华南 show 总分",
        "top 5 by 总分 in 沿海 where 甲 >= 90 show 总分",
        "top 7 by 总分 in 抽样 in 华北 show 总分",
        "show U099999",
    ];
    let input = format!(":format csv\n{}\n", queries.join("\n"));
    let out = cix()
        .args(["repl"])
        .arg(dir.join("index.cix"))
        .write_stdin(input)
        .timeout(std::time::Duration::from_secs(600))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Answers are separated by the lines naming their columns.
    let answers: Vec<String> = stdout
        .split("排名,单元,总分\n")
        .skip(1)
        .map(|a| format!("排名,单元,总分\n{a}"))
        .collect();
    assert_eq!(answers.len(), 4, "{stdout}");

    let in_region = |r: &str| -> Vec<&Unit> { units.iter().filter(|u| u.region == r).collect() };
    let south = in_region("华南");
    assert_eq!(rows(&answers[0]), expected(&south, 10, false));
    assert_eq!(rows(&answers[1]), expected(&south, 10, true));
    let coast: Vec<&Unit> = units
        .iter()
        .filter(|u| matches!(u.region, "华东" | "华南") && u.a >= 90)
        .collect();
    assert_eq!(rows(&answers[2]), expected(&coast, 5, false));
    let listed: HashMap<&str, ()> = (0..UNITS)
        .step_by(97)
        .map(|u| (units[u].key.as_str(), ()))
        .collect();
    let sampled: Vec<&Unit> = units
        .iter()
        .filter(|u| listed.contains_key(u.key.as_str()) && u.region == "华北")
        .collect();
    assert_eq!(rows(&answers[3]), expected(&sampled, 7, false));
    let last = &units[UNITS - 1];
    assert!(
        stdout.contains(&format!("总分,{}.00,200.00", last.total())),
        "{stdout}"
    );
    // Ties at the cut are kept: the first answer has at least 10 rows, all ranked ≤ 10.
    assert!(rows(&answers[0]).len() >= 10);
}
