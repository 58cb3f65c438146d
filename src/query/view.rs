//! Unit views: `show`, `compare`, `rank of`. Ranks are competition ranks among the units with a
//! value at the node; a unit without one shows an empty cell and no rank.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use crate::diag::Diags;
use crate::model::{NodeId, Role};
use crate::output::{Cell, Output};
use crate::syntax::ast::Name;

use super::resolve::{units_word, Column, Context};

/// Over `peers`: how many have a value above `value` at `node`, and those without a value
/// there (one pass, each score read once).
fn above_and_missing(
    ctx: &Context<'_>,
    peers: &[usize],
    node: NodeId,
    value: Option<Decimal>,
) -> (usize, Vec<usize>) {
    let mut above = 0usize;
    let mut missing = Vec::new();
    for &p in peers {
        match ctx.score(p, node) {
            Some(x) => {
                if value.is_some_and(|v| x > v) {
                    above = above.saturating_add(1);
                }
            }
            None => missing.push(p),
        }
    }
    (above, missing)
}

/// How many units to rank among the same peers before sorting them once pays over counting.
const COUNT_UP_TO: usize = 8;

/// The competition rank of each of `units` at `node` among `peers` that have a value there
/// (None for a unit without one): counted for a few units, else read off the peers' values
/// sorted once (binary search), so ranking many units stays n log n.
fn ranks_among(
    ctx: &Context<'_>,
    peers: &[usize],
    node: NodeId,
    units: &[usize],
) -> Vec<Option<usize>> {
    if units.len() <= COUNT_UP_TO {
        return units
            .iter()
            .map(|&u| {
                let v = ctx.score(u, node)?;
                Some(
                    above_and_missing(ctx, peers, node, Some(v))
                        .0
                        .saturating_add(1),
                )
            })
            .collect();
    }
    let mut values: Vec<Decimal> = peers.iter().filter_map(|&p| ctx.score(p, node)).collect();
    values.sort_unstable_by(|a, b| b.cmp(a));
    units
        .iter()
        .map(|&u| {
            let v = ctx.score(u, node)?;
            Some(values.partition_point(|x| *x > v).saturating_add(1))
        })
        .collect()
}

fn rank_cell(rank: Option<usize>) -> Cell {
    rank.map_or(Cell::Missing, |r| {
        Cell::Int(i64::try_from(r).unwrap_or(i64::MAX))
    })
}

/// The units named by a query, resolved against the data (each once, in the order written).
pub fn plan_units(ctx: &Context<'_>, names: &[Name]) -> Result<Vec<usize>, Diags> {
    let mut diags = Diags::new();
    let mut ids: Vec<usize> = Vec::new();
    let mut seen = HashSet::new();
    for n in names {
        match ctx.unit(n) {
            Ok(u) if seen.insert(u) => ids.push(u),
            Ok(_) => {}
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(ids)
}

/// `rank of 杭州[, 宁波] [by X]`: each unit's rank overall and within its attribute groups.
pub fn rank_of(ctx: &Context<'_>, ids: &[usize], by: NodeId) -> Output {
    let model = ctx.model();
    let all = ctx.all_units();
    let mut columns = vec![
        model.key.node.clone(),
        model.name_of(by).to_string(),
        ctx.scope.column_title(&Column::Rate(by)),
        "排名".to_string(),
    ];
    for a in &model.attributes {
        columns.push(format!("{}内排名", a.node));
    }
    for t in &model.tiers {
        columns.push(t.name.node.clone());
    }
    let mut out = Output::new(columns);
    let overall = ranks_among(ctx, &all, by, ids);
    let within: Vec<Vec<Cell>> = (0..model.attributes.len())
        .map(|a| ranks_within(ctx, &all, a, by, ids))
        .collect();
    for (i, &u) in ids.iter().enumerate() {
        let mut row = vec![
            Cell::Text(ctx.key(u).to_string()),
            ctx.cell(u, &Column::Node(by)),
            ctx.cell(u, &Column::Rate(by)),
            rank_cell(overall.get(i).copied().flatten()),
        ];
        row.extend(
            within
                .iter()
                .map(|cells| cells.get(i).cloned().unwrap_or(Cell::Missing)),
        );
        for t in 0..model.tiers.len() {
            row.push(ctx.cell(u, &Column::Tier(t)));
        }
        out.rows.push(row);
    }
    let (present, missing) = ctx.split_missing(&all, by);
    out.notes.push(
        t!(
            "query.ranked_among_by",
            units = units_word(present.len()),
            name = model.name_of(by)
        )
        .into_owned(),
    );
    out.notes.extend(ctx.missing_note(by, &missing));
    out
}

/// Each of `ids`' rank at `by` among the units sharing its value of attribute `a` (`3 / 11
/// (浙江)`): every unit read once, each value's peers ranked once.
fn ranks_within(
    ctx: &Context<'_>,
    all: &[usize],
    a: usize,
    by: NodeId,
    ids: &[usize],
) -> Vec<Cell> {
    let mut peers: HashMap<&str, Vec<usize>> = ids
        .iter()
        .map(|&u| (ctx.attribute(u, a), Vec::new()))
        .collect();
    for &v in all {
        if let Some(p) = peers.get_mut(ctx.attribute(v, a)) {
            if ctx.score(v, by).is_some() {
                p.push(v);
            }
        }
    }
    let mut ranks: HashMap<usize, Option<usize>> = HashMap::new();
    for (value, members) in &peers {
        let asked: Vec<usize> = ids
            .iter()
            .copied()
            .filter(|&u| ctx.attribute(u, a) == *value)
            .collect();
        ranks.extend(
            asked
                .iter()
                .copied()
                .zip(ranks_among(ctx, members, by, &asked)),
        );
    }
    ids.iter()
        .map(|&u| {
            let value = ctx.attribute(u, a);
            let n = peers.get(value).map_or(0, Vec::len);
            match ranks.get(&u).copied().flatten() {
                Some(r) => Cell::words(|| {
                    t!("query.rank_among", rank = r, n = n, group = value).into_owned()
                }),
                None => Cell::Missing,
            }
        })
        .collect()
}

/// Nodes in display order: each top-level item followed by its descendants, the total last.
pub fn tree_order(ctx: &Context<'_>) -> Vec<NodeId> {
    let model = ctx.model();
    let mut order = Vec::new();
    let mut stack: Vec<NodeId> = model.top_level().collect();
    stack.reverse();
    while let Some(id) = stack.pop() {
        order.push(id);
        if let Some(n) = model.nodes.get(id) {
            stack.extend(n.children.iter().rev());
        }
    }
    order.push(model.total);
    // Ratio nodes (chapter 6) after the total: outside the sum.
    order.extend(model.ratios().map(|(id, _, _)| id));
    order
}

fn node_label(ctx: &Context<'_>, id: NodeId) -> Cell {
    let Some(n) = ctx.model().nodes.get(id) else {
        return Cell::Empty;
    };
    let depth = if matches!(n.role, Role::Total | Role::Ratio { .. }) {
        0
    } else {
        n.level.saturating_sub(1)
    };
    Cell::Tree(n.name.clone(), depth)
}

/// A node's maximum as shown; empty for a ratio, which has none (chapter 6).
fn max_cell(model: &crate::model::Model, id: NodeId, max: rust_decimal::Decimal) -> Cell {
    if model.is_ratio(id) {
        return Cell::Empty;
    }
    Cell::Num(model.shown_value(id, max), model.decimals_of(id))
}

/// Notes for the nodes of `order` where some of `units` have no value (they are left out of
/// the ranks there).
fn missing_notes(ctx: &Context<'_>, order: &[NodeId], units: &[usize]) -> Vec<String> {
    order
        .iter()
        .filter_map(|&id| ctx.missing_note(id, &above_and_missing(ctx, units, id, None).1))
        .collect()
}

/// `show 杭州`: the unit's score, maximum, 得分率 and rank at every node. A penalty item shows
/// the points it subtracts, with their sign.
pub fn show(ctx: &Context<'_>, u: usize) -> Output {
    let model = ctx.model();
    let mut columns = vec![
        "指标".to_string(),
        "得分".to_string(),
        "满分".to_string(),
        super::RATE.to_string(),
        "排名".to_string(),
    ];
    // Every imputed cell marked (chapter 5): how each of the unit's imputed leaves was filled.
    let imputed = model
        .leaves()
        .any(|l| ctx.results.inputs.imputed(u, l).is_some());
    if imputed {
        columns.push(super::treatment::IMPUTED.to_string());
    }
    let mut out = Output::new(columns);
    let mut title = ctx.key(u).to_string();
    for (a, attr) in model.attributes.iter().enumerate() {
        title.push_str(&t!(
            "query.title_part",
            name = &attr.node,
            value = ctx.attribute(u, a)
        ));
    }
    for t in 0..model.tiers.len() {
        if let Some(name) = ctx.tier_name(t, u) {
            title.push_str(&t!(
                "query.title_part",
                name = model.tiers_name(t),
                value = name
            ));
        }
    }
    out.title = Some(title);
    let all = ctx.all_units();
    let order = tree_order(ctx);
    let mut notes = Vec::new();
    for &id in &order {
        // The unit's rank and the units without a value here, in one pass over the sample.
        let value = ctx.score(u, id);
        let (above, missing) = above_and_missing(ctx, &all, id, value);
        notes.extend(ctx.missing_note(id, &missing));
        let mut row = vec![
            node_label(ctx, id),
            ctx.cell(u, &Column::Node(id)),
            max_cell(model, id, ctx.results.max_of(model, u, id)),
            ctx.cell(u, &Column::Rate(id)),
            rank_cell(value.map(|_| above.saturating_add(1))),
        ];
        if imputed {
            row.push(
                ctx.results
                    .inputs
                    .imputed(u, id)
                    .map_or(Cell::Empty, |how| Cell::Text(how.to_string())),
            );
        }
        out.rows.push(row);
    }
    let own = ctx.results.methods.get(u).copied().flatten();
    if let Some(m) = own.and_then(|m| model.grouping.methods.get(m)) {
        let group = model
            .groups
            .get(m.group)
            .map_or("", |g| g.name.node.as_str());
        out.notes
            .push(t!("query.scored_by_methods", group = group).into_owned());
    }
    if u >= ctx.results.sample_len() {
        out.notes
            .push(t!("query.outside_sample", unit = ctx.key(u)).into_owned());
    }
    out.notes
        .push(t!("query.ranked_among", units = units_word(all.len())).into_owned());
    out.notes.extend(notes);
    out.notes
        .extend(super::treatment::imputed_note(ctx, u, &order));
    out.notes
        .extend(crate::edition::inferred_notes(model, order));
    out
}

/// `compare 杭州, 宁波, 深圳`: scores side by side at every node, with 得分率 and rank of the
/// total at the end.
pub fn compare(ctx: &Context<'_>, ids: &[usize]) -> Output {
    let model = ctx.model();
    let mut columns = vec!["指标".to_string(), "满分".to_string()];
    columns.extend(ids.iter().map(|&u| ctx.key(u).to_string()));
    let mut out = Output::new(columns);
    let order = tree_order(ctx);
    for &id in &order {
        let mut row = vec![node_label(ctx, id), max_cell(model, id, model.max_of(id))];
        row.extend(ids.iter().map(|&u| ctx.cell(u, &Column::Node(id))));
        out.rows.push(row);
    }
    let mut rate_row = vec![Cell::Text(super::RATE.to_string()), Cell::Empty];
    rate_row.extend(ids.iter().map(|&u| ctx.cell(u, &Column::Rate(model.total))));
    out.rows.push(rate_row);
    let all = ctx.all_units();
    let mut rank_row = vec![Cell::Text("排名".to_string()), Cell::Empty];
    rank_row.extend(
        ranks_among(ctx, &all, model.total, ids)
            .into_iter()
            .map(rank_cell),
    );
    out.rows.push(rank_row);
    out.notes.extend(missing_notes(ctx, &order, ids));
    out.notes
        .extend(crate::edition::inferred_notes(model, order));
    out
}
