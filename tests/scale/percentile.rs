//! `score percentile` ranked by sorting once: every unit's share equals the definition counted
//! unit by unit (the share of the other units with a lower value; ties count as not lower), on
//! generated data full of ties, with `direction lower` and a filled missing value.

use std::path::Path;

use rust_decimal::Decimal;

use crate::common::temp_dir;

/// A small deterministic generator (a linear congruential one), so the data need no crate.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

const SPEC: &str = r#"index "百分位" {
  data "d.csv" key 单元
  attributes 区域
  indicator 高 1 { score percentile }
  indicator 低 1 { score percentile  direction lower }
  indicator 缺 1 { score percentile  missing mean }
  total 总分 3
}
"#;

/// Values in 0 … 19 for 300 units (many ties); every 7th unit has no 缺.
fn write(dir: &Path) -> Vec<[Option<Decimal>; 3]> {
    let mut rng = Lcg(2015);
    let mut csv = String::from("单元,区域,高,低,缺\n");
    let mut rows = Vec::new();
    for u in 0..300 {
        let mut row = [None; 3];
        for (i, slot) in row.iter_mut().enumerate() {
            if i == 2 && u % 7 == 0 {
                continue;
            }
            *slot = Some(Decimal::new(i64::try_from(rng.below(20)).unwrap(), 1));
        }
        let cell = |v: Option<Decimal>| v.map_or(String::new(), |d| d.to_string());
        csv.push_str(&format!(
            "U{u:03},区{},{},{},{}\n",
            u % 4,
            cell(row[0]),
            cell(row[1]),
            cell(row[2])
        ));
        rows.push(row);
    }
    std::fs::write(dir.join("index.cix"), SPEC).unwrap();
    std::fs::write(dir.join("d.csv"), csv).unwrap();
    rows
}

/// The definition, unit by unit: among the other units with a value, the share with a lower
/// value (higher when lower is better). A filled unit is not among the observed.
fn naive(values: &[Option<Decimal>], u: usize, v: Decimal, lower: bool) -> Decimal {
    let others: Vec<Decimal> = values
        .iter()
        .enumerate()
        .filter(|&(o, _)| o != u)
        .filter_map(|(_, x)| *x)
        .collect();
    let below = others
        .iter()
        .filter(|&&x| if lower { x > v } else { x < v })
        .count();
    Decimal::from(below) / Decimal::from(others.len())
}

#[test]
fn percentile_by_sorting_equals_the_definition() {
    let dir = temp_dir("scale-percentile");
    let rows = write(&dir);
    let l = cix::load(&dir.join("index.cix"), None).unwrap();
    let m = &l.model;
    let ids = ["高", "低", "缺"].map(|n| m.node(n).unwrap());
    let mean = {
        let seen: Vec<Decimal> = rows.iter().filter_map(|r| r[2]).collect();
        seen.iter().sum::<Decimal>() / Decimal::from(seen.len())
    };
    let mut tied_pairs = 0;
    for (i, id) in ids.iter().enumerate() {
        let column: Vec<Option<Decimal>> = rows.iter().map(|r| r[i]).collect();
        for (u, unit) in l.results.units.iter().enumerate() {
            let v = column[u].unwrap_or(mean);
            let want = naive(&column, u, v, i == 1);
            assert_eq!(unit.scores.get(*id), Some(want), "{} at {}", unit.key, i);
        }
        // Equal values share a share: ties stay ties.
        for a in 0..50 {
            for b in a + 1..50 {
                if column[a].is_some() && column[a] == column[b] {
                    tied_pairs += 1;
                    assert_eq!(
                        l.results.units[a].scores.get(*id),
                        l.results.units[b].scores.get(*id)
                    );
                }
            }
        }
    }
    assert!(tied_pairs > 20, "the data should hold ties ({tied_pairs})");
}
