//! `score rank` and `score borda` counted in the sorted sample (n log n): every unit's share
//! equals the definition counted unit by unit over the other units — rank: (units worse + 1 +
//! ties ÷ 2) ÷ (others + 1); Borda: units worse ÷ others — on data full of ties, both
//! directions, with a missing value filled with the mean (a unit outside the sample).

use rust_decimal::Decimal;

use crate::common::temp_dir;
use crate::percentile::Lcg;

const SPEC: &str = r#"index "秩" {
  data "d.csv" key 单元
  missing mean
  indicator 秩 2 { 秩高 1 { from x  score rank }  秩低 1 { from x  score rank  direction lower } }
  indicator 波达 2 { 波高 1 { from x  score borda }  波低 1 { from x  score borda  direction lower } }
  total 总分 4
}
"#;

fn naive(values: &[Option<Decimal>], u: usize, v: Decimal, lower: bool, rank: bool) -> Decimal {
    let others: Vec<Decimal> = values
        .iter()
        .enumerate()
        .filter(|&(o, _)| o != u)
        .filter_map(|(_, x)| *x)
        .collect();
    let worse = others
        .iter()
        .filter(|&&x| if lower { x > v } else { x < v })
        .count();
    let ties = others.iter().filter(|&&x| x == v).count();
    let n = Decimal::from(others.len());
    if rank {
        (Decimal::from(worse) + Decimal::ONE + Decimal::from(ties) / Decimal::TWO)
            / (n + Decimal::ONE)
    } else {
        Decimal::from(worse) / n
    }
}

#[test]
fn rank_and_borda_by_sorting_equal_the_definition() {
    let dir = temp_dir("scale-rank-borda");
    let mut rng = Lcg(8);
    let values: Vec<Option<Decimal>> = (0..240)
        .map(|u| (u % 11 != 5).then(|| Decimal::new(i64::try_from(rng.below(15)).unwrap(), 1)))
        .collect();
    let mut csv = String::from("单元,x\n");
    for (u, v) in values.iter().enumerate() {
        csv.push_str(&format!(
            "U{u:03},{}\n",
            v.map_or(String::new(), |d| d.to_string())
        ));
    }
    std::fs::write(dir.join("index.cix"), SPEC).unwrap();
    std::fs::write(dir.join("d.csv"), csv).unwrap();
    let l = cix::load(&dir.join("index.cix"), None).unwrap();
    let seen: Vec<Decimal> = values.iter().filter_map(|v| *v).collect();
    let mean = seen.iter().sum::<Decimal>() / Decimal::from(seen.len());
    for (name, lower, rank) in [
        ("秩高", false, true),
        ("秩低", true, true),
        ("波高", false, false),
        ("波低", true, false),
    ] {
        let id = l.model.node(name).unwrap();
        for (u, unit) in l.results.units.iter().enumerate() {
            let want = naive(&values, u, values[u].unwrap_or(mean), lower, rank);
            assert_eq!(unit.scores.get(id), Some(want), "{} at {name}", unit.key);
        }
    }
}
