//! The geometric, harmonic and generalised (power) means of a parent's children (`aggregate
//! geometric`, `aggregate harmonic`, `aggregate power P`), weighted by the children's points: each child
//! contributes its share sᵢ = scoreᵢ ÷ maxᵢ with weight wᵢ = maxᵢ ÷ Σ max over the present
//! children, and the parent scores its points × the mean of the shares.
//!
//! - harmonic: 1 ÷ Σ wᵢ ÷ sᵢ — exact decimal division (28 digits); a share of 0 is an error;
//! - power p: (Σ wᵢ sᵢᵖ)^(1/p) — exact for p = 1; otherwise `rust_decimal`'s `powd`/`powi`,
//!   28 significant digits, not exact; p < 0 with a share of 0 is an error, p = 0 is refused by
//!   check (it is the geometric mean: write `aggregate geometric`).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, MathematicalOps};

use super::Ctx;
use crate::codes;
use crate::diag::Diag;
use crate::model::NodeId;
use crate::rules::Aggregate;

impl Ctx<'_> {
    /// max × Π (sᵢ / maxᵢ)^(maxᵢ / Σ max) over the present children (the total: its base):
    /// fractional powers, so not exact (28 digits).
    pub(super) fn geometric(
        &mut self,
        id: NodeId,
        present: &[(NodeId, Decimal)],
        present_max: Decimal,
        max: Decimal,
    ) -> Result<Decimal, Diag> {
        let model = self.model;
        let Some(node) = model.nodes.get(id) else {
            return Ok(Decimal::ZERO);
        };
        let mut product = Decimal::ONE;
        for &(ch, v) in present {
            let Some(child) = model.nodes.get(ch) else {
                continue;
            };
            if v <= Decimal::ZERO || child.max.is_zero() || present_max.is_zero() {
                let span = node.scoring.aggregate_span.unwrap_or(node.span);
                return Err(Diag::error(
                    codes::E405,
                    t!(
                        "eval.e405",
                        unit = self.key,
                        value = v.normalize(),
                        child = &child.name,
                        node = &node.name
                    ),
                )
                .in_source(&model.source)
                .label(span, t!("eval.geometric_mean"))
                .label(child.span, t!("eval.scores_zero"))
                .help(t!("eval.e405_help")));
            }
            product = v
                .checked_div(child.max)
                .zip(child.max.checked_div(present_max))
                .and_then(|(share, exp)| share.checked_powd(exp))
                .and_then(|p| product.checked_mul(p))
                .ok_or_else(|| self.overflow(id, "geometric mean"))?;
        }
        product
            .checked_mul(max)
            .ok_or_else(|| self.overflow(id, "geometric mean"))
    }

    /// A parent's harmonic or power mean over its present children, times `max`.
    pub(super) fn mean(
        &mut self,
        id: NodeId,
        how: Aggregate,
        present: &[(NodeId, Decimal)],
        present_max: Decimal,
        max: Decimal,
    ) -> Result<Decimal, Diag> {
        let model = self.model;
        let mut acc = Decimal::ZERO;
        for &(ch, v) in present {
            let Some(child) = model.nodes.get(ch) else {
                continue;
            };
            let share = v.checked_div(child.max);
            let weight = child.max.checked_div(present_max);
            let (Some(share), Some(weight)) = (share, weight) else {
                return Err(self.overflow(id, "mean"));
            };
            let term = match how {
                Aggregate::Harmonic => {
                    if share <= Decimal::ZERO {
                        return Err(self.undefined(id, ch, v, how));
                    }
                    weight.checked_div(share)
                }
                Aggregate::Power(p) => {
                    if share < Decimal::ZERO || (share.is_zero() && p < Decimal::ZERO) {
                        return Err(self.undefined(id, ch, v, how));
                    }
                    power(share, p).and_then(|x| x.checked_mul(weight))
                }
                // Only harmonic and power means come here; a weighted arithmetic mean otherwise.
                Aggregate::Sum | Aggregate::Geometric => share.checked_mul(weight),
            };
            acc = term
                .and_then(|t| acc.checked_add(t))
                .ok_or_else(|| self.overflow(id, "mean"))?;
        }
        let mean = match how {
            Aggregate::Harmonic => Decimal::ONE.checked_div(acc),
            Aggregate::Power(p) => Decimal::ONE.checked_div(p).and_then(|inv| power(acc, inv)),
            Aggregate::Sum | Aggregate::Geometric => Some(acc),
        };
        mean.and_then(|m| m.checked_mul(max))
            .ok_or_else(|| self.overflow(id, "mean"))
    }

    /// E441: a harmonic mean (or a power mean with p < 0) over a child scoring 0 or less.
    fn undefined(&self, id: NodeId, ch: NodeId, v: Decimal, how: Aggregate) -> Diag {
        let model = self.model;
        let (node, child) = (model.nodes.get(id), model.nodes.get(ch));
        let name = |n: Option<&crate::model::Node>| n.map_or(String::new(), |n| n.name.clone());
        let mut d = Diag::error(
            codes::E441,
            t!(
                "eval.e441",
                unit = self.key,
                value = v.normalize(),
                child = name(child),
                agg = crate::scoring::words::aggregate(how),
                node = name(node)
            ),
        )
        .in_source(&model.source)
        .help(t!("eval.e441_help"));
        if let Some(n) = node {
            d = d.label(
                n.scoring.aggregate_span.unwrap_or(n.span),
                t!("eval.this_mean"),
            );
        }
        if let Some(c) = child {
            d = d.label(c.span, t!("eval.scores_zero"));
        }
        d
    }
}

/// x^p: exact repeated multiplication for an integer p, else `powd` (28 digits).
fn power(x: Decimal, p: Decimal) -> Option<Decimal> {
    if p == Decimal::ONE {
        return Some(x);
    }
    if x.is_zero() {
        return (p > Decimal::ZERO).then_some(Decimal::ZERO);
    }
    if p.fract().is_zero() {
        return x.checked_powi(p.to_i64()?);
    }
    x.checked_powd(p)
}
