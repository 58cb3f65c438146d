//! `cix run --compare` ranked by sorting and matched through a map: every row's ranks and
//! 得分率 equal the definition (1 + the number of units with a higher 得分率, per edition),
//! units matched by key even when the two datasets order them differently.

use std::path::Path;

use rust_decimal::Decimal;

use super::percentile::Lcg;
use crate::common::temp_dir;
use cix::output::Cell;

fn spec(rule: &str, data: &str) -> String {
    format!(
        "index \"比较\" {{\n  data \"{data}\" key 单元\n  score {rule}\n  round 2\n  \
         indicator 甲 2 {{ 一 1  二 1 }}\n  indicator 乙 1\n  total 总分 3\n}}\n"
    )
}

/// 400 units (values 0 … 9, many tied totals); the old edition's data lack every 10th unit and
/// list the rest in reverse.
fn write(dir: &Path) {
    let mut rng = Lcg(14);
    let mut rows = Vec::new();
    for u in 0..400 {
        let v: Vec<u64> = (0..3).map(|_| rng.below(10)).collect();
        rows.push(format!("U{u:03},{},{},{}\n", v[0], v[1], v[2]));
    }
    let head = "单元,一,二,乙\n";
    let new: String = rows.concat();
    let old: String = rows
        .iter()
        .enumerate()
        .rev()
        .filter(|(u, _)| u % 10 != 0)
        .map(|(_, r)| r.as_str())
        .collect();
    std::fs::write(dir.join("new.csv"), format!("{head}{new}")).unwrap();
    std::fs::write(dir.join("old.csv"), format!("{head}{old}")).unwrap();
    std::fs::write(dir.join("new.cix"), spec("minmax", "new.csv")).unwrap();
    std::fs::write(dir.join("old.cix"), spec("percentile", "old.csv")).unwrap();
}

/// (key, competition rank by 得分率, 得分率) of every unit of a loaded edition.
fn naive(l: &cix::Loaded) -> Vec<(String, i64, Decimal)> {
    let max = l.model.max_of(l.model.total);
    let rates: Vec<Decimal> = l
        .results
        .units
        .iter()
        .map(|u| u.scores.get(l.model.total).unwrap() / max)
        .collect();
    l.results
        .units
        .iter()
        .zip(&rates)
        .map(|(u, &r)| {
            let better = rates.iter().filter(|&&o| o > r).count();
            (u.key.clone(), better as i64 + 1, r)
        })
        .collect()
}

#[test]
fn compare_by_sorting_equals_the_definition() {
    let dir = temp_dir("scale-compare");
    write(&dir);
    let new = cix::load(&dir.join("new.cix"), None).unwrap();
    let old = cix::load(&dir.join("old.cix"), None).unwrap();
    let out = cix::query::editions::compare((&old.model, &old.results), (&new.model, &new.results));
    let (want_new, want_old) = (naive(&new), naive(&old));
    assert_eq!(out.rows.len(), 360);
    let mut tied = 0;
    let mut last = 0;
    for row in &out.rows {
        let (Cell::Int(nr), Cell::Text(key), Cell::Rate(nrate), Cell::Int(or), Cell::Rate(orate)) =
            (&row[0], &row[1], &row[2], &row[3], &row[4])
        else {
            panic!("unexpected row {row:?}");
        };
        let n = want_new.iter().find(|w| &w.0 == key).unwrap();
        let o = want_old.iter().find(|w| &w.0 == key).unwrap();
        assert_eq!((*nr, *nrate), (n.1, n.2), "{key} new");
        assert_eq!((*or, *orate), (o.1, o.2), "{key} old");
        assert!(*nr >= last, "rows in the new edition's order");
        tied += i32::from(*nr == last);
        last = *nr;
    }
    assert!(tied > 50, "the data should hold tied totals ({tied})");
    assert!(out.notes.iter().any(|n| n.contains("40 units are only")));
}
