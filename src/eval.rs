//! Stage 4, eval: model + dataset → exact scores for every unit at every node. Pure: no files,
//! no printing.

use rust_decimal::Decimal;

use crate::data::Dataset;
use crate::model::{Model, NodeId, Role};
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

/// Score every unit: leaves read their values, parents sum their children, bonus items are
/// capped at their points, penalty items are subtracted, the total adds the top level up.
pub fn evaluate(model: &Model, data: &Dataset) -> Results {
    let units = data
        .units
        .iter()
        .map(|u| {
            let mut scores = vec![Decimal::ZERO; model.nodes.len()];
            score(model, model.total, &u.values, &mut scores);
            UnitScores {
                key: u.key.clone(),
                attributes: u.attributes.clone(),
                scores,
            }
        })
        .collect::<Vec<_>>();
    let tiers = crate::tiers::assign(model, &units);
    Results { units, tiers }
}

fn score(model: &Model, id: NodeId, values: &[Option<Decimal>], out: &mut [Decimal]) -> Decimal {
    let node = &model.nodes[id];
    let s = if node.role == Role::Total {
        let mut sum = Decimal::ZERO;
        for &ch in &node.children {
            let v = score(model, ch, values, out);
            match model.nodes[ch].role {
                Role::Indicator(NodeKind::Penalty) => sum -= v,
                _ => sum += v,
            }
        }
        sum
    } else if node.children.is_empty() {
        values.get(id).copied().flatten().unwrap_or(Decimal::ZERO)
    } else {
        let sum: Decimal = node
            .children
            .iter()
            .map(|&ch| score(model, ch, values, out))
            .sum();
        match node.role {
            Role::Indicator(NodeKind::Bonus | NodeKind::Penalty) => sum.min(node.max),
            _ => sum,
        }
    };
    out[id] = s;
    s
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
