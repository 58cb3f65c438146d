//! `cix run NEW --compare OLD`: both editions over the same data, each unit's rank and 得分率
//! under both, and the movement. Across editions maxima change, so the comparison is by 得分率.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::eval::Results;
use crate::model::Model;
use crate::output::{Cell, Output};

/// Competition ranks (1, 1, 3) of exact scores, indexed like `scores`; a unit without a score
/// has no rank. One sort of the present scores (n log n), not a count per unit.
pub fn competition_ranks(scores: &[Option<Decimal>]) -> Vec<Option<i64>> {
    let present: Vec<(usize, Decimal)> = scores
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((i, (*s)?)))
        .collect();
    let values: Vec<Decimal> = present.iter().map(|&(_, v)| v).collect();
    let mut ranks = vec![None; scores.len()];
    for (&(i, _), r) in present.iter().zip(crate::eval::competition_ranks(&values)) {
        if let Some(slot) = ranks.get_mut(i) {
            *slot = i64::try_from(r).ok();
        }
    }
    ranks
}

/// Each unit's 得分率 of the total (None: no total, or a maximum of 0).
fn rates(model: &Model, results: &Results) -> Vec<Option<Decimal>> {
    let max = model.max_of(model.total);
    results
        .units
        .iter()
        .map(|u| crate::eval::rate(u.scores.get(model.total)?, max))
        .collect()
}

fn label(m: &Model, fallback: &str) -> String {
    m.edition
        .as_ref()
        .map_or_else(|| fallback.to_string(), |e| e.year.to_string())
}

/// One unit's row, or None when it has no 得分率 in either edition.
fn row(
    key: &str,
    new: (Option<i64>, Option<Decimal>),
    old: (Option<i64>, Option<Decimal>),
) -> Option<Vec<Cell>> {
    let (nr, nrate) = (new.0?, new.1?);
    let (or, orate) = (old.0?, old.1?);
    Some(vec![
        Cell::Int(nr),
        Cell::Text(key.to_string()),
        Cell::Rate(nrate),
        Cell::Int(or),
        Cell::Rate(orate),
        or.checked_sub(nr).map_or(Cell::Empty, Cell::Int),
        nrate.checked_sub(orate).map_or(Cell::Empty, Cell::Rate),
    ])
}

/// The comparison table, in the new edition's order.
pub fn compare(old: (&Model, &Results), new: (&Model, &Results)) -> Output {
    let (om, or) = old;
    let (nm, nr) = new;
    let (ol, nl) = (
        label(om, &t!("query.edition_old")),
        label(nm, &t!("query.edition_new")),
    );
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
    let rank_of = |i: usize| new_ranks.get(i).copied().flatten().unwrap_or(i64::MAX);
    order.sort_by(|&a, &b| rank_of(a).cmp(&rank_of(b)).then(a.cmp(&b)));
    // Units are found in the old results by key through a map, not a search per unit.
    let old_index: HashMap<&str, usize> = or
        .units
        .iter()
        .enumerate()
        .map(|(j, u)| (u.key.as_str(), j))
        .collect();
    let mut only_new = 0usize;
    let mut no_rate = Vec::new();
    for i in order {
        let Some(unit) = nr.units.get(i) else {
            continue;
        };
        let Some(&j) = old_index.get(unit.key.as_str()) else {
            only_new = only_new.saturating_add(1);
            continue;
        };
        let at = |ranks: &[Option<i64>], rates: &[Option<Decimal>], k: usize| {
            (
                ranks.get(k).copied().flatten(),
                rates.get(k).copied().flatten(),
            )
        };
        match row(
            &unit.key,
            at(&new_ranks, &new_rates, i),
            at(&old_ranks, &old_rates, j),
        ) {
            Some(r) => out.rows.push(r),
            None => no_rate.push(unit.key.as_str()),
        }
    }
    out.notes.push(
        t!(
            "query.editions_note",
            rate = "得分率",
            change = "名次变化",
            new = &nl,
            new_max = nm.max_of(nm.total).normalize(),
            old = &ol,
            old_max = om.max_of(om.total).normalize()
        )
        .into_owned(),
    );
    if only_new > 0 {
        out.notes
            .push(t!("query.editions_only_new", n = only_new, new = &nl).into_owned());
    }
    if !no_rate.is_empty() {
        out.notes.push(
            t!(
                "query.editions_no_rate",
                units = super::units_word(no_rate.len()),
                rate = "得分率",
                keys = no_rate.join(crate::lang::list_separator())
            )
            .into_owned(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_a_rank() {
        let d = |s: &str| s.parse::<Decimal>().ok();
        assert_eq!(
            competition_ranks(&[d("35.56"), d("40"), d("35.56"), d("1"), None]),
            vec![Some(2), Some(1), Some(2), Some(4), None]
        );
    }
}
