//! Ratio nodes (language chapter 6): each unit's numerator score ÷ its denominator score,
//! exactly, after everything the ratio divides is final (coverage included). A unit without a
//! value at either, or whose denominator is 0, has no value at the ratio: left out of rankings
//! with a note (W422 names the units whose denominator is 0), never a panic or a made-up value.

use rust_decimal::Decimal;

use crate::model::{Model, NodeId};

/// Set every ratio node of one unit's row (indexed like `Model::nodes`) from the row's values.
pub fn apply(model: &Model, row: &mut [Option<Decimal>]) {
    for (id, num, den) in model.ratios() {
        let value = quotient(row, num, den).map(|v| {
            let round = model.nodes.get(id).and_then(|n| n.scoring.round);
            round.map_or(v, |r| r.apply(v))
        });
        if let Some(slot) = row.get_mut(id) {
            *slot = value;
        }
    }
}

/// numerator ÷ denominator; None when either is missing, the denominator is 0, or the quotient
/// leaves exact arithmetic.
fn quotient(row: &[Option<Decimal>], num: NodeId, den: NodeId) -> Option<Decimal> {
    let n = row.get(num).copied().flatten()?;
    let d = row.get(den).copied().flatten()?;
    n.checked_div(d)
}

/// Whether a unit's ratio is undefined because its denominator scores 0.
pub fn zero_denominator(model: &Model, scores: &super::Scores, ratio: NodeId) -> bool {
    model
        .ratios()
        .any(|(id, _, den)| id == ratio && scores.get(den).is_some_and(|d| d.is_zero()))
}

/// W422: one warning per ratio that some units lack because their denominator is 0.
pub fn warnings(model: &Model, results: &super::Results) -> Vec<crate::diag::Diag> {
    model
        .ratios()
        .filter_map(|(id, _, den)| {
            let units: Vec<&str> = results
                .units
                .iter()
                .filter(|u| zero_denominator(model, &u.scores, id))
                .map(|u| u.key.as_str())
                .collect();
            if units.is_empty() {
                return None;
            }
            let node = model.nodes.get(id)?;
            let more = units.len().saturating_sub(10);
            let sep = crate::lang::list_separator();
            let mut list = units.iter().take(10).copied().collect::<Vec<_>>().join(sep);
            if more > 0 {
                list.push_str(&t!("eval.and_more", sep = sep, n = more));
            }
            Some(
                crate::diag::Diag::warning(
                    crate::codes::W422,
                    if units.len() == 1 {
                        t!(
                            "eval.w422_one",
                            name = &node.name,
                            den = model.name_of(den),
                            list = list
                        )
                    } else {
                        t!(
                            "eval.w422",
                            n = units.len(),
                            name = &node.name,
                            den = model.name_of(den),
                            list = list
                        )
                    },
                )
                .in_source(&model.source)
                .label(node.span, t!("eval.this_ratio"))
                .help(t!("eval.w422_help")),
            )
        })
        .collect()
}
