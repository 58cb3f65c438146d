//! `cix run NEW --compare OLD`: both editions over the same data, each unit's rank and 得分率
//! under both, and the movement. Across editions maxima change, so the comparison is by 得分率.
// Not yet free of panicking operations (issue 8): remove this line once the file is.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use rust_decimal::Decimal;

use crate::eval::Results;
use crate::model::Model;
use crate::output::{Cell, Output};

/// Competition ranks (1, 1, 3) of exact scores, indexed like `scores`.
pub fn competition_ranks(scores: &[Decimal]) -> Vec<i64> {
    scores
        .iter()
        .map(|s| 1 + scores.iter().filter(|o| *o > s).count() as i64)
        .collect()
}

fn rates(model: &Model, results: &Results) -> Vec<Decimal> {
    let max = model.nodes[model.total].max;
    results
        .units
        .iter()
        .map(|u| {
            let s = u.scores.get(model.total).copied().unwrap_or_default();
            if max.is_zero() {
                Decimal::ZERO
            } else {
                s / max
            }
        })
        .collect()
}

fn label(m: &Model, fallback: &str) -> String {
    m.edition
        .as_ref()
        .map_or_else(|| fallback.to_string(), |e| e.year.to_string())
}

/// The comparison table, in the new edition's order.
pub fn compare(old: (&Model, &Results), new: (&Model, &Results)) -> Output {
    let (om, or) = old;
    let (nm, nr) = new;
    let (ol, nl) = (label(om, "old"), label(nm, "new"));
    let new_rates = rates(nm, nr);
    let old_rates = rates(om, or);
    let new_ranks = competition_ranks(&new_rates);
    let old_ranks = competition_ranks(&old_rates);
    let mut out = Output::new(vec![
        "排名".to_string(),
        nm.key.node.clone(),
        "得分率".to_string(),
        format!("排名（{ol}）"),
        format!("得分率（{ol}）"),
        "名次变化".to_string(),
        "得分率变化".to_string(),
    ]);
    out.title = Some(format!("{nl} 与 {ol} 比较（按得分率）"));
    let mut order: Vec<usize> = (0..nr.units.len()).collect();
    order.sort_by(|&a, &b| new_ranks[a].cmp(&new_ranks[b]).then(a.cmp(&b)));
    let mut only_new = 0;
    for i in order {
        let key = &nr.units[i].key;
        let Some(j) = or.unit(key) else {
            only_new += 1;
            continue;
        };
        out.rows.push(vec![
            Cell::Int(new_ranks[i]),
            Cell::Text(key.clone()),
            Cell::Rate(new_rates[i]),
            Cell::Int(old_ranks[j]),
            Cell::Rate(old_rates[j]),
            Cell::Int(old_ranks[j] - new_ranks[i]),
            Cell::Rate(new_rates[i] - old_rates[j]),
        ]);
    }
    out.notes.push(format!(
        "得分率 = total ÷ maximum ({nl}: {}, {ol}: {}); 名次变化 > 0 means the unit moved up",
        nm.nodes[nm.total].max.normalize(),
        om.nodes[om.total].max.normalize()
    ));
    if only_new > 0 {
        out.notes.push(format!(
            "{only_new} units are only in the {nl} results and are left out"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_a_rank() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(
            competition_ranks(&[d("35.56"), d("40"), d("35.56"), d("1")]),
            vec![2, 1, 2, 4]
        );
    }
}
