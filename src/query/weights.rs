//! `weights [of NODE]`: every node's points, its share of its parent and its effective weight
//! in the total (COINr's `get_eff_weights`): the tree as the spec declares it, after percent,
//! equal, relative and assumed weights became points in `check`. The effective weight of a node
//! is its points ÷ the points of the base (the primaries' sum), which is the product of the
//! shares down its path. Under a geometric, harmonic or power mean the weights are the mean's
//! nominal weights; a note says so.

use rust_decimal::Decimal;

use crate::model::{Model, NodeId, Role};
use crate::output::{Cell, Output};
use crate::rules::Aggregate;

/// The tree under `root` (the total: the whole index) with points, % of parent, effective %.
pub fn weights(model: &Model, root: NodeId) -> Output {
    let mut out = Output::new(vec![
        "指标".to_string(),
        "分值".to_string(),
        "占上级".to_string(),
        "有效权重".to_string(),
    ]);
    // The base: the total's points (exact from check) less the bonus items' caps.
    let base = model
        .bonuses
        .iter()
        .filter_map(|&b| model.nodes.get(b))
        .try_fold(model.max_of(model.total), |acc, n| acc.checked_sub(n.max))
        .unwrap_or(Decimal::ZERO);
    let dp = model.score_decimals().max(weight_decimals(model));
    let share =
        |part: Decimal, whole: Decimal| part.checked_div(whole).map_or(Cell::Empty, Cell::Rate);
    let root_depth = depth(model, root);
    let mut stack = vec![root];
    let mut means = Vec::new();
    while let Some(id) = stack.pop() {
        let Some(n) = model.nodes.get(id) else {
            continue;
        };
        let children: Vec<NodeId> = if n.role == Role::Total {
            model.top_level().collect()
        } else {
            n.children.clone()
        };
        stack.extend(children.iter().rev());
        if children.len() > 1 && n.scoring.aggregate != Aggregate::Sum {
            let agg = crate::scoring::words::aggregate(n.scoring.aggregate);
            means.push(t!("query.mean_at", name = &n.name, agg = agg).into_owned());
        }
        let parent_max = match n.parent {
            Some(p) if p != model.total => model.max_of(p),
            _ => base,
        };
        let of_parent = if n.role == Role::Total {
            Cell::Empty
        } else {
            share(n.max, parent_max)
        };
        out.rows.push(vec![
            Cell::Tree(n.name.clone(), depth(model, id).saturating_sub(root_depth)),
            Cell::Num(n.max, dp),
            of_parent,
            share(n.max, base),
        ]);
    }
    out.notes.push(
        t!(
            "query.effective_weight_note",
            column = "有效权重",
            base = base.normalize()
        )
        .into_owned(),
    );
    if !means.is_empty() {
        let at = means.join(crate::lang::list_separator());
        out.notes
            .push(t!("query.nominal_weights_note", at = at).into_owned());
    }
    out.notes.extend(model.assumptions.iter().cloned());
    out
}

/// The depth of a node in the tree (the total 0, primaries 1).
fn depth(model: &Model, id: NodeId) -> usize {
    model
        .nodes
        .get(id)
        .map_or(0, |n| if n.role == Role::Total { 0 } else { n.level })
}

/// Enough decimals to tell weights apart: 2, or 4 when a weight has more than 2.
fn weight_decimals(model: &Model) -> u32 {
    let fine = model.nodes.iter().any(|n| n.max.normalize().scale() > 2);
    if fine {
        4
    } else {
        2
    }
}
