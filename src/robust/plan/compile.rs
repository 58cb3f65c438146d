//! Compiling the plan: its nodes and their order, and every leaf's shares under each variant
//! and normalisation (moved out of `plan.rs`, which keeps the evaluation).

use super::variants::{self, Variant};
use super::{f, slot, Kind, Norm, PNode};
use crate::diag::Diags;
use crate::model::{Model, NodeId, NodeKind, Role};

/// For each column of the shares and each leaf: whether every unit has a share there.
pub(super) fn complete_columns(shares: &[f64], units: usize, leaves: usize) -> Vec<bool> {
    let per = units.saturating_mul(leaves).max(1);
    let columns = shares.len().checked_div(per).unwrap_or(0);
    let mut complete = vec![true; columns.saturating_mul(leaves)];
    for (i, v) in shares.iter().enumerate() {
        if v.is_nan() {
            let a = i.checked_div(per).unwrap_or(0);
            let k = i.checked_rem(leaves).unwrap_or(0);
            if let Some(c) = complete.get_mut(a.saturating_mul(leaves).saturating_add(k)) {
                *c = false;
            }
        }
    }
    complete
}

/// The nodes with children, each after its children (the total last): a walk down from the
/// total with an explicit stack (the model's depth is bounded, the walk needs no recursion).
pub(super) fn post_order(model: &Model) -> Vec<NodeId> {
    let mut top_down = Vec::new();
    let mut stack = vec![model.total];
    while let Some(id) = stack.pop() {
        let Some(n) = model.nodes.get(id) else {
            continue;
        };
        if !n.children.is_empty() {
            top_down.push(id);
            stack.extend(n.children.iter().copied());
        }
    }
    // Every parent was pushed before its children, so the reverse has children first.
    top_down.reverse();
    top_down
}

/// The plan's nodes: declared weights, kinds, where their children are in the flat list of
/// children, and `round N` on parents.
pub(super) fn compile_nodes(model: &Model) -> Vec<PNode> {
    let mut nodes = Vec::with_capacity(model.nodes.len());
    let mut first = 0usize;
    for n in &model.nodes {
        let end = first.saturating_add(n.children.len());
        let kind = match n.role {
            Role::Total => Kind::Total,
            // A ratio is no child of any node: inert in the plan.
            Role::Indicator(NodeKind::Base) | Role::Ratio { .. } => Kind::Base,
            Role::Indicator(NodeKind::Bonus) => Kind::Bonus,
            Role::Indicator(NodeKind::Penalty) => Kind::Penalty,
        };
        let parent = !n.children.is_empty() || n.role == Role::Total;
        let round = n
            .scoring
            .round
            .filter(|_| parent)
            .map(|r| 10f64.powi(i32::try_from(r.digits).unwrap_or(0)));
        nodes.push(PNode {
            max: f(n.max),
            kind,
            first,
            end,
            round,
        });
        first = end;
    }
    nodes
}

/// Every leaf's shares under each of its variants and normalisations (see [`Plan::shares`]);
/// the errors of every variant that cannot be scored.
pub(super) fn shares(
    x: &variants::Inputs,
    leaves: &[NodeId],
    all: &[Vec<Variant>],
) -> Result<Vec<f64>, Diags> {
    let units = x.kept.len();
    let width = all.iter().map(Vec::len).max().unwrap_or(1);
    let columns = width.saturating_mul(Norm::ALL.len());
    let mut shares = vec![f64::NAN; slot(columns, units, 0, leaves.len(), 0)];
    // One model per missing policy the variants use, made once.
    let mut models: Vec<(crate::model::uncertainty::MissingChoice, Model)> = Vec::new();
    let mut diags = Diags::new();
    for ((k, &leaf), vs) in leaves.iter().enumerate().zip(all) {
        for (v, &variant) in vs.iter().enumerate() {
            if !models.iter().any(|(m, _)| *m == variant.missing) {
                models.push((
                    variant.missing,
                    variants::model_for(x.model, variant.missing),
                ));
            }
            let Some((_, model_v)) = models.iter().find(|(m, _)| *m == variant.missing) else {
                continue;
            };
            let cols = match variants::columns(x, model_v, leaf, variant) {
                Ok(c) => c,
                Err(e) => {
                    diags.extend(e);
                    continue;
                }
            };
            for (a, column) in cols.into_iter().enumerate() {
                let col = v.saturating_mul(Norm::ALL.len()).saturating_add(a);
                for (u, value) in column.into_iter().enumerate() {
                    if let Some(slot) = shares.get_mut(slot(col, units, u, leaves.len(), k)) {
                        *slot = value;
                    }
                }
            }
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(shares)
}
