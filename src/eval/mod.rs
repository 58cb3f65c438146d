//! Stage 4, eval: model + dataset → exact scores for every unit at every node. Pure: no files,
//! no printing.
// Not yet free of panicking operations (issue 8): remove this line once the file is.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use rust_decimal::{Decimal, MathematicalOps};

pub mod tiers;

use crate::codes;
use crate::data::Dataset;
use crate::diag::{Diag, Diags};
use crate::model::{Model, NodeId, Role};
use crate::rules::Aggregate;
use crate::syntax::ast::NodeKind;

/// Every unit's score at every node of the model, exactly.
#[derive(Clone, Debug)]
pub struct Results {
    pub units: Vec<UnitScores>,
    /// For each `tiers` declaration, each unit's tier (an index into its tier names).
    pub tiers: Vec<Vec<Option<usize>>>,
}

#[derive(Clone, Debug)]
pub struct UnitScores {
    pub key: String,
    /// Attribute values, in the model's attribute order.
    pub attributes: Vec<String>,
    /// Indexed like `Model::nodes`.
    pub scores: Vec<Decimal>,
}

impl Results {
    pub fn unit(&self, key: &str) -> Option<usize> {
        self.units.iter().position(|u| u.key == key)
    }
}

/// Score every unit: leaves read their points (after [`crate::scoring::apply`]), parents sum
/// their children (or take their weighted geometric mean), bonus items are capped at their
/// points, penalty items are subtracted, the total adds the top level up. A leaf without a value
/// (`missing reweight`) is left out and its present siblings are scaled up to fill the parent.
/// The only error: a weighted geometric mean over a child scoring 0 or less.
pub fn evaluate(model: &Model, data: &Dataset) -> Result<Results, Diags> {
    let mut diags = Diags::new();
    let units = data
        .units
        .iter()
        .map(|u| {
            let mut scores = vec![Decimal::ZERO; model.nodes.len()];
            let mut ctx = Ctx {
                model,
                key: &u.key,
                values: &u.values,
                out: &mut scores,
                diags: &mut diags,
            };
            ctx.score(model.total);
            UnitScores {
                key: u.key.clone(),
                attributes: u.attributes.clone(),
                scores,
            }
        })
        .collect::<Vec<_>>();
    if diags.has_errors() {
        return Err(diags);
    }
    let tiers = tiers::assign(model, &units);
    Ok(Results { units, tiers })
}

struct Ctx<'a> {
    model: &'a Model,
    key: &'a str,
    values: &'a [Option<Decimal>],
    out: &'a mut [Decimal],
    diags: &'a mut Diags,
}

impl Ctx<'_> {
    /// A node's score; None when every leaf under it is left out.
    fn score(&mut self, id: NodeId) -> Option<Decimal> {
        let model = self.model;
        let node = &model.nodes[id];
        let s = if node.role == Role::Total {
            // Primaries left out (`missing reweight`) are filled by re-weighting the others.
            let (mut base, mut base_max, mut present_max) =
                (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
            let mut extra = Decimal::ZERO;
            let mut present = Vec::new();
            for &ch in &node.children {
                let v = self.score(ch);
                match model.nodes[ch].role {
                    Role::Indicator(NodeKind::Penalty) => extra -= v.unwrap_or(Decimal::ZERO),
                    Role::Indicator(NodeKind::Bonus) => extra += v.unwrap_or(Decimal::ZERO),
                    _ => {
                        base_max += model.nodes[ch].max;
                        if let Some(v) = v {
                            base += v;
                            present_max += model.nodes[ch].max;
                            present.push((ch, v));
                        }
                    }
                }
            }
            if node.scoring.aggregate == Aggregate::Geometric && !present.is_empty() {
                base = self.geometric(id, &present, present_max, base_max);
            } else if present_max < base_max && !present_max.is_zero() {
                base = rescale(base, base_max, present_max);
            }
            Some(base + extra)
        } else if node.children.is_empty() {
            self.values.get(id).copied().flatten()
        } else {
            let parts: Vec<(NodeId, Option<Decimal>)> = node
                .children
                .iter()
                .map(|&ch| (ch, self.score(ch)))
                .collect();
            let present: Vec<(NodeId, Decimal)> = parts
                .iter()
                .filter_map(|&(ch, v)| v.map(|v| (ch, v)))
                .collect();
            if present.is_empty() {
                None
            } else {
                let present_max: Decimal = present.iter().map(|&(ch, _)| model.nodes[ch].max).sum();
                let v = match node.scoring.aggregate {
                    Aggregate::Sum => {
                        let sum: Decimal = present.iter().map(|&(_, v)| v).sum();
                        if present.len() < parts.len() && !present_max.is_zero() {
                            rescale(sum, node.max, present_max)
                        } else {
                            sum
                        }
                    }
                    Aggregate::Geometric => self.geometric(id, &present, present_max, node.max),
                };
                Some(match node.role {
                    Role::Indicator(NodeKind::Bonus | NodeKind::Penalty) => v.min(node.max),
                    _ => v,
                })
            }
        };
        self.out[id] = s.unwrap_or(Decimal::ZERO);
        s
    }

    /// max × Π (sᵢ / maxᵢ)^(maxᵢ / Σ max) over the present children (the total: its base): fractional powers, so not exact (28 digits).
    fn geometric(
        &mut self,
        id: NodeId,
        present: &[(NodeId, Decimal)],
        present_max: Decimal,
        max: Decimal,
    ) -> Decimal {
        let model = self.model;
        let node = &model.nodes[id];
        let mut product = Decimal::ONE;
        for &(ch, v) in present {
            let child = &model.nodes[ch];
            if v <= Decimal::ZERO || child.max.is_zero() || present_max.is_zero() {
                let span = node.scoring.aggregate_span.unwrap_or(node.span);
                self.diags.push(
                    Diag::error(
                        codes::E405,
                        format!(
                            "`{}` scores {} on `{}`, so the geometric mean of `{}` is undefined",
                            self.key,
                            v.normalize(),
                            child.name,
                            node.name
                        ),
                    )
                    .in_source(&model.source)
                    .label(span, "geometric mean")
                    .label(child.span, "scores 0 here")
                    .help("a weighted geometric mean needs every input above 0: use `aggregate sum`, or a scoring rule with a floor (e.g. a rubric whose lowest step is above 0)"),
                );
                return Decimal::ZERO;
            }
            let share = v / child.max;
            let exp = child.max / present_max;
            product = share
                .checked_powd(exp)
                .and_then(|p| product.checked_mul(p))
                .unwrap_or(Decimal::ZERO);
        }
        product.checked_mul(max).unwrap_or(Decimal::ZERO)
    }
}

/// `v × to ÷ from` (re-weighting), without overflowing: divide first when the product is too big.
fn rescale(v: Decimal, to: Decimal, from: Decimal) -> Decimal {
    v.checked_mul(to)
        .and_then(|x| x.checked_div(from))
        .or_else(|| v.checked_div(from).and_then(|x| x.checked_mul(to)))
        .unwrap_or(v)
}

/// 得分率: a score as a share of the node's maximum.
pub fn rate(score: Decimal, max: Decimal) -> Option<Decimal> {
    (!max.is_zero()).then(|| score / max)
}

/// Competition ranks (1, 2, 2, 4) of `values`, highest first, on exact values.
pub fn competition_ranks(values: &[Decimal]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].cmp(&values[a]));
    let mut ranks = vec![0; values.len()];
    for (pos, &i) in order.iter().enumerate() {
        ranks[i] = match pos.checked_sub(1).map(|p| order[p]) {
            Some(prev) if values[prev] == values[i] => ranks[prev],
            _ => pos + 1,
        };
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_a_rank() {
        let v: Vec<Decimal> = [5, 7, 7, 3].iter().map(|&i| Decimal::from(i)).collect();
        assert_eq!(competition_ranks(&v), vec![3, 1, 1, 4]);
    }
}
