//! Input rounding intervals (`cix audit`): every data cell is known only to the decimals it was
//! printed with — 3.45 stands for any value in [3.445, 3.455]. [`corners`] builds the two
//! extreme datasets (every cell at the low end of its interval, and at the high end; a penalty
//! leaf the other way round, since it lowers the total); scoring and evaluating each gives every
//! unit's lowest and highest possible score at every node ([`Bounds`]). A node that sums its
//! children is monotone in every cell, so these are the exact extremes of each node for each
//! unit; the query stage turns them into intervals of statistics.

use rust_decimal::Decimal;

use super::{is_penalty, Results};
use crate::data::Dataset;
use crate::model::Model;
use crate::rules::Method;

/// Every unit's score at every node with all cells at the low end ([`Bounds::low`]) and at the
/// high end ([`Bounds::high`]) of their rounding intervals.
#[derive(Clone, Debug)]
pub struct Bounds {
    pub low: Results,
    pub high: Results,
}

impl Bounds {
    /// The interval of a unit's score at a node (ordered, whatever the direction).
    pub fn range(&self, unit: usize, node: usize) -> Option<(Decimal, Decimal)> {
        let a = self.low.score(unit, node)?;
        let b = self.high.score(unit, node)?;
        Some((a.min(b), a.max(b)))
    }
}

/// Half a unit of a number's last printed digit: 3.45 → 0.005, 12 → 0.5 (0 when the number
/// already has 28 decimals).
pub fn half_ulp(v: Decimal) -> Decimal {
    Decimal::try_new(5, v.scale().saturating_add(1)).unwrap_or(Decimal::ZERO)
}

/// The raw (unscored) dataset with every cell at the low end of its rounding interval, and at
/// the high end. A leaf that holds points as given (`score given`, the default) is kept within
/// 0 and its maximum: a printed 5.00 of a 5-point leaf is in [4.995, 5].
pub fn corners(model: &Model, raw: &Dataset) -> (Dataset, Dataset) {
    let mut low = raw.clone();
    let mut high = raw.clone();
    for (lu, hu) in low.units.iter_mut().zip(high.units.iter_mut()) {
        for id in 0..lu.values.len() {
            let Some(v) = lu.values.get(id) else {
                continue;
            };
            let half = half_ulp(v);
            let (mut a, mut b) = (
                v.checked_sub(half).unwrap_or(v),
                v.checked_add(half).unwrap_or(v),
            );
            if let Some(node) = model.nodes.get(id) {
                let points = node
                    .scoring
                    .rule
                    .as_ref()
                    .is_none_or(|r| r.node.method == Method::Given && !r.node.log);
                if points {
                    a = a.max(Decimal::ZERO.min(v));
                    b = b.min(node.max.max(v));
                }
            }
            if is_penalty(model, id) {
                std::mem::swap(&mut a, &mut b);
            }
            lu.values.set(id, Some(a));
            hu.values.set(id, Some(b));
        }
    }
    (low, high)
}
