//! Evaluation at scale (issue 14): the points kept once, in 4-byte words while they fit, and
//! the parents' scores — summed with their children's maxima worked out once per model —
//! equal to the definition recomputed here node by node from the cells, re-weighting included.

use std::collections::HashMap;
use std::path::Path;

use rust_decimal::Decimal;

use crate::common::temp_dir;
use crate::percentile::Lcg;

const SPEC: &str = r#"index "重算" {
  data "d.csv" key 单元
  attributes 区域
  missing reweight
  indicator 甲 40 { a1 10  a2 20  a3 10 }
  indicator 乙 60 { 丙 30 { c1 15  c2 15 }  b2 30 }
  bonus 加分 5 { x1 3  x2 3 }
  penalty 减分 4
  total 总分 105
}
"#;

/// Leaves and their points, in the data's column order.
const LEAVES: [(&str, i64); 9] = [
    ("a1", 10),
    ("a2", 20),
    ("a3", 10),
    ("c1", 15),
    ("c2", 15),
    ("b2", 30),
    ("x1", 3),
    ("x2", 3),
    ("减分", 4),
];

type Cells = Vec<HashMap<&'static str, Decimal>>;

/// 400 units; a leaf's cell is missing one time in four (never the penalty's), else a number
/// of points with 0–2 decimals up to the leaf's maximum; unit 7 has no 甲 at all.
fn write(dir: &Path) -> Cells {
    let mut rng = Lcg(14);
    let mut csv = String::from("单元,区域");
    for (name, _) in LEAVES {
        csv.push(',');
        csv.push_str(name);
    }
    csv.push('\n');
    let mut units = Vec::new();
    for u in 0..400 {
        let mut cells = HashMap::new();
        csv.push_str(&format!("U{u:03},区{}", u % 3));
        for (name, max) in LEAVES {
            csv.push(',');
            let gone = name != "减分" && (rng.below(4) == 0 || (u == 7 && name.starts_with('a')));
            if gone {
                continue;
            }
            let scale = u32::try_from(rng.below(3)).unwrap();
            let top = u64::try_from(max * 10i64.pow(scale)).unwrap();
            let v = Decimal::new(i64::try_from(rng.below(top + 1)).unwrap(), scale);
            csv.push_str(&v.to_string());
            cells.insert(name, v);
        }
        csv.push('\n');
        units.push(cells);
    }
    std::fs::write(dir.join("index.cix"), SPEC).unwrap();
    std::fs::write(dir.join("d.csv"), csv).unwrap();
    units
}

/// A parent by the definition: the sum of its present children, scaled up to its points when
/// some are missing (None when all are); a bonus or penalty item capped at its points.
fn parent(children: &[(Option<Decimal>, i64)], max: i64, capped: bool) -> Option<Decimal> {
    let present: Vec<(Decimal, i64)> = children
        .iter()
        .filter_map(|&(v, m)| Some((v?, m)))
        .collect();
    if present.is_empty() {
        return None;
    }
    let sum: Decimal = present.iter().map(|p| p.0).sum();
    let present_max: i64 = present.iter().map(|p| p.1).sum();
    let all: i64 = children.iter().map(|c| c.1).sum();
    let v = if present_max < all {
        sum * Decimal::from(max) / Decimal::from(present_max)
    } else {
        sum
    };
    Some(if capped { v.min(Decimal::from(max)) } else { v })
}

/// Every node's score by the definition, as the results hold it (penalties with their sign).
fn expected(cells: &HashMap<&'static str, Decimal>) -> Vec<(&'static str, Option<Decimal>)> {
    let leaf = |n: &str| cells.get(n).copied();
    let c = |n: &str| (leaf(n), LEAVES.iter().find(|l| l.0 == n).unwrap().1);
    let jia = parent(&[c("a1"), c("a2"), c("a3")], 40, false);
    let bing = parent(&[c("c1"), c("c2")], 30, false);
    let yi = parent(&[(bing, 30), c("b2")], 60, false);
    let bonus = parent(&[c("x1"), c("x2")], 5, true);
    let penalty = leaf("减分").map(|p| p.min(Decimal::from(4)));
    // No primary at all: the base is 0.
    let base = parent(&[(jia, 40), (yi, 60)], 100, false).unwrap_or_default();
    // Bonus and penalty are added up first, then to the base (at 28 digits the order shows).
    let extra = Decimal::ZERO + bonus.unwrap_or_default() - penalty.unwrap_or_default();
    let total = base + extra;
    let mut out: Vec<(&'static str, Option<Decimal>)> = LEAVES
        .iter()
        .filter(|l| l.0 != "减分")
        .map(|l| (l.0, leaf(l.0)))
        .collect();
    out.extend([
        ("甲", jia),
        ("丙", bing),
        ("乙", yi),
        ("加分", bonus),
        ("减分", penalty.map(|p| -p)),
        ("总分", Some(total)),
    ]);
    out
}

#[test]
fn parents_equal_their_children_recomputed_by_the_definition() {
    let dir = temp_dir("scale-eval-recompute");
    let units = write(&dir);
    let l = cix::load(&dir.join("index.cix"), None).unwrap();
    assert_eq!(l.results.units.len(), units.len());
    let mut reweighted = 0;
    for (u, cells) in units.iter().enumerate() {
        let got = &l.results.units[u];
        assert_eq!(got.key, format!("U{u:03}"));
        for (name, want) in expected(cells) {
            let id = l.model.node(name).unwrap();
            assert_eq!(got.scores.get(id), want, "{} at {name}", got.key);
        }
        reweighted += usize::from(cells.len() < LEAVES.len());
    }
    assert!(
        reweighted > 300,
        "most units should miss a leaf ({reweighted})"
    );
    // Unit 7 has no 甲: no value there, and the total re-weights 乙 alone.
    assert_eq!(l.results.score(7, l.model.node("甲").unwrap()), None);
}

#[test]
fn a_loaded_index_keeps_the_points_once_in_four_byte_words() {
    let dir = temp_dir("scale-eval-memory");
    write(&dir);
    let l = cix::load(&dir.join("index.cix"), None).unwrap();
    // The points are in the results; the units gave theirs up.
    assert!(l.dataset.units.iter().all(|u| u.values.is_empty()));
    let a1 = l.model.node("a1").unwrap();
    assert!(l.results.units.iter().any(|u| u.scores.get(a1).is_some()));
    // Cells of up to 2 decimals: every raw column in 4-byte words.
    for (id, column) in l.scoring.raw.iter().enumerate() {
        assert!(!column.is_wide(), "{}", l.model.name_of(id));
    }
    // A unit with every leaf holds short sums: 4-byte words; a re-weighted one (40 ÷ 30 …)
    // may need 8, exactly.
    let full = l
        .results
        .units
        .iter()
        .find(|u| (0..l.model.nodes.len()).all(|id| u.scores.get(id).is_some()))
        .unwrap();
    assert!(!full.scores.is_wide(), "{}", full.key);
    assert!(l.results.units.iter().any(|u| u.scores.is_wide()));
}

#[test]
fn units_are_found_by_key_as_by_a_pass_over_them() {
    let dir = temp_dir("scale-eval-keys");
    write(&dir);
    let l = cix::load(&dir.join("index.cix"), None).unwrap();
    let mut results = l.results.clone();
    for (i, u) in results.units.iter().enumerate() {
        assert_eq!(results.unit(&u.key), Some(i));
    }
    assert_eq!(results.unit("U400"), None);
    assert_eq!(results.unit(""), None);
    // Units added after a lookup are found too; a repeated key finds its first unit.
    let mut extra = results.units[5].clone();
    extra.key = "U999".into();
    results.units.push(extra);
    results.units.push(results.units[3].clone());
    assert_eq!(results.unit("U999"), Some(400));
    assert_eq!(results.unit("U003"), Some(3));
}
