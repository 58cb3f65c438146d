//! Sums on integers (issue 14): when every parent and the total of a model are plain sums, a
//! unit whose leaves all have points adds them up as scaled integers — each value its packed
//! word's mantissa and scale, a sum at the larger scale of its terms — and writes the parents'
//! and the total's scores into the unit's own values, which become its scores (no row of
//! `Decimal`s, no new vector).
//!
//! This is exactly what the decimal path computes: a `Decimal` sum of values below 2⁹⁵ is exact
//! at the larger of their scales, and a parent's `round N` is applied to that very `Decimal`.
//! Everything else takes the decimal path ([`super::Ctx`]), which decides and reports: a model
//! with bonus or penalty items, ratios, a mean other than the sum, or children's maxima that
//! are negative or overflow ([`super::Plan`]'s `safe`); a unit with a leaf left out (re-weighting),
//! a negative value (a sum's sign at zero), a value held in 8 bytes, or a sum beyond 2⁹⁵.

use crate::model::{Model, NodeId, NodeKind, Role};
use crate::packed::{word_parts, Packed};
use crate::rules::{Aggregate, Rounding};

/// Sums below this are exact in a `Decimal` (96 bits) whatever their terms' scales.
const EXACT: i128 = 1 << 95;

/// A model whose parents and total are all plain sums, in the order to add them up.
pub(super) struct Sums {
    /// Every parent and the total, each after the parents under it.
    steps: Vec<Step>,
    /// Nodes the evaluation does not reach from the total: they hold no score.
    unreached: Vec<NodeId>,
}

/// One parent: its children (and whether each is a parent, read from the sums already made)
/// and its `round`.
struct Step {
    node: NodeId,
    children: Vec<(NodeId, bool)>,
    round: Option<Rounding>,
}

impl Sums {
    /// The model's sums, or None when some node is not a plain sum (see the module's notes);
    /// `safe` is [`super::Plan`]'s: whether a node's children's maxima add up without overflow.
    pub(super) fn of(model: &Model, safe: &[bool]) -> Option<Sums> {
        if model.ratios().next().is_some() {
            return None;
        }
        let total = model.nodes.get(model.total)?;
        if total.role != Role::Total || total.children.is_empty() {
            return None;
        }
        let mut reached = vec![false; model.nodes.len()];
        let mut steps = Vec::new();
        // Depth first, children before parents, without recursion.
        let mut stack: Vec<(NodeId, usize)> = vec![(model.total, 0)];
        while let Some((id, next)) = stack.last_mut() {
            let node = model.nodes.get(*id)?;
            if let Some(&ch) = node.children.get(*next) {
                *next = next.saturating_add(1);
                // A tree has no node twice on a path; a longer stack would be a cycle.
                if stack.len() > model.nodes.len() {
                    return None;
                }
                stack.push((ch, 0));
                continue;
            }
            let id = *id;
            stack.pop();
            let plain = !matches!(
                node.role,
                Role::Indicator(NodeKind::Bonus | NodeKind::Penalty) | Role::Ratio { .. }
            );
            if !plain || std::mem::replace(reached.get_mut(id)?, true) {
                return None;
            }
            if node.children.is_empty() && id != model.total {
                continue;
            }
            if node.scoring.aggregate != Aggregate::Sum || !safe.get(id).copied().unwrap_or(false) {
                return None;
            }
            let children = node
                .children
                .iter()
                .map(|&ch| {
                    let parent = model.nodes.get(ch).is_some_and(|c| !c.children.is_empty());
                    (ch, parent)
                })
                .collect();
            steps.push(Step {
                node: id,
                children,
                round: node.scoring.round,
            });
        }
        let unreached = (0..model.nodes.len())
            .filter(|&id| !reached.get(id).copied().unwrap_or(false))
            .collect();
        Some(Sums { steps, unreached })
    }

    /// Add up one unit's parents and total into its `values` (leaves' points in, every node's
    /// score out). `sums`: scratch, one entry per node, any content. False, with `values`
    /// unchanged, when the unit takes the decimal path.
    pub(super) fn unit(&self, values: &mut Packed, sums: &mut Vec<(i128, u32)>) -> bool {
        let Some(words) = values.narrow_words() else {
            return false;
        };
        sums.resize(words.len(), (0, 0));
        for step in &self.steps {
            let (mut sum, mut scale) = (0i128, 0u32);
            for &(ch, parent) in &step.children {
                let term = if parent {
                    sums.get(ch).copied()
                } else {
                    words
                        .get(ch)
                        .and_then(|&w| word_parts(w))
                        .map(|(m, s)| (i128::from(m), s))
                };
                let Some((sum2, scale2)) = term.and_then(|t| add((sum, scale), t)) else {
                    return false;
                };
                (sum, scale) = (sum2, scale2);
            }
            if let Some(r) = step.round {
                let Some(rounded) = round(r, sum, scale) else {
                    return false;
                };
                (sum, scale) = rounded;
            }
            let Some(slot) = sums.get_mut(step.node) else {
                return false;
            };
            *slot = (sum, scale);
        }
        for step in &self.steps {
            if let Some(&(sum, scale)) = sums.get(step.node) {
                values.set_parts(step.node, sum, scale);
            }
        }
        for &id in &self.unreached {
            values.set(id, None);
        }
        true
    }
}

/// a + b for non-negative values (mantissa, scale), at the larger scale, as `Decimal` adds them;
/// None for a negative term or a sum beyond exact.
fn add((a, sa): (i128, u32), (b, sb): (i128, u32)) -> Option<(i128, u32)> {
    if a < 0 || b < 0 {
        return None;
    }
    if sa == sb {
        return a.checked_add(b).filter(|&s| s < EXACT).map(|s| (s, sa));
    }
    let scale = sa.max(sb);
    let up = |m: i128, s: u32| m.checked_mul(10i128.checked_pow(scale.checked_sub(s)?)?);
    let sum = up(a, sa)?.checked_add(up(b, sb)?)?;
    (sum < EXACT).then_some((sum, scale))
}

/// `round N` of the `Decimal` with these parts, as its parts.
fn round(r: Rounding, sum: i128, scale: u32) -> Option<(i128, u32)> {
    let d = rust_decimal::Decimal::try_from_i128_with_scale(sum, scale).ok()?;
    let rounded = r.apply(d);
    Some((rounded.mantissa(), rounded.scale()))
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)] // generated test values, small enough
mod tests {
    use super::*;
    use crate::rules::RoundMode;
    use rust_decimal::Decimal;

    #[test]
    fn integer_sums_are_decimal_sums_scale_and_all() {
        let mut seed = 14u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        for _ in 0..20_000 {
            let terms: Vec<(i128, u32)> = (0..=next(6))
                .map(|_| {
                    (
                        i128::from(next(40_000_000)),
                        u32::try_from(next(9)).unwrap(),
                    )
                })
                .collect();
            let mut want = Decimal::ZERO;
            let mut got = (0i128, 0u32);
            for &(m, s) in &terms {
                want = want
                    .checked_add(Decimal::from_i128_with_scale(m, s))
                    .unwrap();
                got = add(got, (m, s)).unwrap();
            }
            let got = Decimal::from_i128_with_scale(got.0, got.1);
            assert_eq!(got.serialize(), want.serialize(), "{terms:?}");
            let r = Rounding {
                digits: u32::try_from(next(6)).unwrap(),
                mode: RoundMode::HalfUp,
            };
            let (m, s) = round(r, got.mantissa(), got.scale()).unwrap();
            let rounded = Decimal::from_i128_with_scale(m, s);
            assert_eq!(rounded.serialize(), r.apply(want).serialize());
        }
        assert_eq!(add((-1, 0), (1, 0)), None);
        assert_eq!(add((EXACT - 1, 0), (1, 0)), None);
    }
}
