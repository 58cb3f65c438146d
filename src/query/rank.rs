//! Rankings and unit views: `rank by`, `top N by`, `bottom N by`, `where … sort …`,
//! `rank of`, `show`, `compare`. Ranks are competition ranks (1, 2, 2, 4) on exact values,
//! inside the selection and inside each `per` group.
// Not yet free of panicking operations (issue 8): remove this line once the file is.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::collections::HashSet;

use rust_decimal::Decimal;

use crate::diag::Diags;
use crate::eval::{competition_ranks, rate};
use crate::model::{NodeId, Role};
use crate::output::{Cell, Output};
use crate::syntax::ast::{Name, RankKind, RankQuery, Tail};

use super::resolve::{Column, Context, Partition, Scope};

/// Static checks of the clauses every query may carry.
pub fn check_tail(scope: &Scope<'_>, tail: &Tail, rate_of: NodeId, diags: &mut Diags) {
    if let Some(p) = &tail.per {
        if let Err(d) = scope.partition(p) {
            diags.push(d);
        }
    }
    for s in &tail.show {
        if let Err(d) = scope.column(s, rate_of) {
            diags.push(d);
        }
    }
    if let Some((s, _)) = &tail.sort {
        if let Err(d) = scope.column(s, rate_of) {
            diags.push(d);
        }
    }
    if let Some(c) = &tail.filter {
        diags.extend(scope.check_condition(c));
    }
}

pub fn check(scope: &Scope<'_>, q: &RankQuery) -> Diags {
    let mut diags = Diags::new();
    let by = match &q.by {
        Some(b) => match scope.indicator(b) {
            Ok(id) => id,
            Err(d) => {
                diags.push(d);
                scope.model.total
            }
        },
        None => scope.model.total,
    };
    check_tail(scope, &q.tail, by, &mut diags);
    diags
}

/// The selection of a query: all units, narrowed by `in` and `where`.
pub fn select(ctx: &Context<'_>, tail: &Tail) -> Result<Vec<usize>, Diags> {
    let mut units = match &tail.within {
        Some(g) => ctx.group_members(g)?,
        None => ctx.all_units(),
    };
    if let Some(c) = &tail.filter {
        units = ctx.filter(c, units)?;
    }
    Ok(units)
}

/// The names a `where` mentions, in order, without repeats.
fn condition_names(tail: &Tail) -> Vec<Name> {
    let mut names: Vec<Name> = Vec::new();
    if let Some(c) = &tail.filter {
        for cmp in std::iter::once(&c.first).chain(c.rest.iter().map(|(_, c)| c)) {
            if !names.iter().any(|n| n.node == cmp.left().node) {
                names.push(cmp.left().clone());
            }
        }
    }
    names
}

pub fn run(ctx: &Context<'_>, q: &RankQuery) -> Result<Output, Diags> {
    let diags = check(&ctx.scope, q);
    if diags.has_errors() {
        return Err(diags);
    }
    let model = ctx.model();
    let sort_key = match &q.tail.sort {
        Some((n, desc)) => Some((
            ctx.scope.column(n, model.total).map_err(Diags::from)?,
            *desc,
        )),
        None => None,
    };
    let by = match (&q.by, q.kind, &sort_key) {
        (Some(b), _, _) => ctx.scope.indicator(b).map_err(Diags::from)?,
        (None, RankKind::List, Some((Column::Node(id), _))) => *id,
        _ => model.total,
    };
    let units = select(ctx, &q.tail)?;
    let per = match &q.tail.per {
        Some(p) => Some(ctx.scope.partition(p).map_err(Diags::from)?),
        None => None,
    };
    let show: Vec<Column> = if !q.tail.show.is_empty() {
        q.tail
            .show
            .iter()
            .map(|s| ctx.scope.column(s, by))
            .collect::<Result<_, _>>()
            .map_err(Diags::from)?
    } else if q.kind == RankKind::List {
        let mut cols = Vec::new();
        for n in condition_names(&q.tail) {
            if let Ok(c) = ctx.scope.column(&n, by) {
                cols.push(c);
            }
        }
        if let Some((c, _)) = &sort_key {
            if !cols.contains(c) {
                cols.push(c.clone());
            }
        }
        if !cols.contains(&Column::Node(model.total)) {
            cols.push(Column::Node(model.total));
        }
        cols
    } else {
        let mut cols = vec![Column::Node(by), Column::Rate(by)];
        if by != model.total {
            cols.push(Column::Node(model.total));
        }
        cols
    };

    let parts = match per {
        Some(p) => ctx.partition(p, &units),
        None => vec![(String::new(), units)],
    };
    let mut columns = Vec::new();
    if let Some(p) = per {
        columns.push(match p {
            Partition::Attribute(a) => model.attributes[a].node.clone(),
            Partition::Tiers(t) => model.tiers[t].name.node.clone(),
        });
    }
    if q.kind != RankKind::List {
        columns.push("排名".to_string());
    }
    columns.push(model.key.node.clone());
    columns.extend(show.iter().map(|c| ctx.scope.column_title(c)));
    let mut out = Output::new(columns);

    for (group, members) in parts {
        let values: Vec<Decimal> = members.iter().map(|&u| ctx.score(u, by)).collect();
        let ranks = competition_ranks(&values);
        let mut keep: Vec<usize> = (0..members.len()).collect();
        match q.kind {
            RankKind::Top(n) => {
                keep.retain(|&i| ranks[i] <= n);
                note_ties(ctx, &mut out, "top", n, keep.len(), &group);
            }
            RankKind::Bottom(n) => {
                let neg: Vec<Decimal> = values.iter().map(|v| -v).collect();
                let from_bottom = competition_ranks(&neg);
                keep.retain(|&i| from_bottom[i] <= n);
                note_ties(ctx, &mut out, "bottom", n, keep.len(), &group);
            }
            _ => {}
        }
        // Display order: by rank (stable, ties in data order), or by the sort key.
        match &sort_key {
            Some((col, desc)) => {
                keep.sort_by(|&a, &b| {
                    let ord =
                        sort_value(ctx, members[a], col).cmp(&sort_value(ctx, members[b], col));
                    if *desc {
                        ord.reverse()
                    } else {
                        ord
                    }
                });
            }
            None => keep.sort_by(|&a, &b| values[b].cmp(&values[a])),
        }
        for i in keep {
            let u = members[i];
            let mut row = Vec::new();
            if per.is_some() {
                row.push(Cell::Text(group.clone()));
            }
            if q.kind != RankKind::List {
                row.push(Cell::Int(ranks[i] as i64));
            }
            row.push(Cell::Text(ctx.key(u).to_string()));
            row.extend(show.iter().map(|c| ctx.cell(u, c)));
            out.rows.push(row);
        }
    }
    if q.kind == RankKind::List {
        out.notes.push(format!("{} units", out.rows.len()));
    }
    Ok(out)
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum SortValue {
    Number(Decimal),
    Text(String),
}

fn sort_value(ctx: &Context<'_>, unit: usize, col: &Column) -> SortValue {
    match ctx.cell(unit, col) {
        Cell::Num(v, _) | Cell::Rate(v) => SortValue::Number(v),
        Cell::Text(s) => SortValue::Text(s),
        _ => SortValue::Text(String::new()),
    }
}

fn note_ties(ctx: &Context<'_>, out: &mut Output, which: &str, n: usize, kept: usize, group: &str) {
    let _ = ctx;
    if kept > n {
        let within = if group.is_empty() {
            String::new()
        } else {
            format!(" in {group}")
        };
        out.notes.push(format!(
            "{which} {n}{within}: {kept} rows, because {} units tie at the {}th place",
            kept - n + 1,
            n
        ));
    }
}

/// `rank of 杭州[, 宁波] [by X]`: each unit's rank overall and within its attribute groups.
pub fn rank_of(ctx: &Context<'_>, units: &[Name], by: Option<&Name>) -> Result<Output, Diags> {
    let model = ctx.model();
    let mut diags = Diags::new();
    let by = match by {
        Some(b) => ctx.scope.indicator(b).map_err(Diags::from)?,
        None => model.total,
    };
    let ids: Vec<usize> = units
        .iter()
        .filter_map(|n| ctx.unit(n).map_err(|d| diags.push(d)).ok())
        .collect();
    if diags.has_errors() {
        return Err(diags);
    }
    let all = ctx.all_units();
    let values: Vec<Decimal> = all.iter().map(|&u| ctx.score(u, by)).collect();
    let ranks = competition_ranks(&values);
    let mut columns = vec![
        model.key.node.clone(),
        model.nodes[by].name.clone(),
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
    for &u in &ids {
        let mut row = vec![
            Cell::Text(ctx.key(u).to_string()),
            ctx.cell(u, &Column::Node(by)),
            ctx.cell(u, &Column::Rate(by)),
            Cell::Int(ranks[u] as i64),
        ];
        for a in 0..model.attributes.len() {
            let value = &ctx.results.units[u].attributes[a];
            let peers: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&v| &ctx.results.units[v].attributes[a] == value)
                .collect();
            let better = peers.iter().filter(|&&v| values[v] > values[u]).count();
            row.push(Cell::Text(format!(
                "{} / {} ({value})",
                better + 1,
                peers.len()
            )));
        }
        for t in 0..model.tiers.len() {
            row.push(ctx.cell(u, &Column::Tier(t)));
        }
        out.rows.push(row);
    }
    out.notes.push(format!(
        "排名 among {} units by {}",
        all.len(),
        model.nodes[by].name
    ));
    Ok(out)
}

/// Nodes in display order: each top-level item followed by its descendants, the total last.
fn tree_order(ctx: &Context<'_>) -> Vec<NodeId> {
    fn walk(ctx: &Context<'_>, id: NodeId, out: &mut Vec<NodeId>) {
        out.push(id);
        for &ch in &ctx.model().nodes[id].children {
            walk(ctx, ch, out);
        }
    }
    let model = ctx.model();
    let mut order = Vec::new();
    for id in model.top_level() {
        walk(ctx, id, &mut order);
    }
    order.push(model.total);
    order
}

fn node_label(ctx: &Context<'_>, id: NodeId) -> Cell {
    let n = &ctx.model().nodes[id];
    let depth = if n.role == Role::Total {
        0
    } else {
        n.level.saturating_sub(1)
    };
    Cell::Tree(n.name.clone(), depth)
}

/// `show 杭州`: the unit's score, maximum, 得分率 and rank at every node.
pub fn show(ctx: &Context<'_>, unit: &Name) -> Result<Output, Diags> {
    let model = ctx.model();
    let u = ctx.unit(unit).map_err(Diags::from)?;
    let mut out = Output::new(vec![
        "指标".to_string(),
        "得分".to_string(),
        "满分".to_string(),
        super::RATE.to_string(),
        "排名".to_string(),
    ]);
    let mut title = ctx.key(u).to_string();
    for (a, attr) in model.attributes.iter().enumerate() {
        title.push_str(&format!(
            " · {}: {}",
            attr.node, ctx.results.units[u].attributes[a]
        ));
    }
    for t in 0..model.tiers.len() {
        if let Some(name) = ctx.tier_name(t, u) {
            title.push_str(&format!(" · {}: {name}", model.tiers[t].name.node));
        }
    }
    out.title = Some(title);
    let all = ctx.all_units();
    for id in tree_order(ctx) {
        let values: Vec<Decimal> = all.iter().map(|&v| ctx.score(v, id)).collect();
        let rank = competition_ranks(&values)[u];
        let n = &model.nodes[id];
        out.rows.push(vec![
            node_label(ctx, id),
            Cell::Num(ctx.score(u, id), model.score_decimals()),
            Cell::Num(n.max, model.score_decimals()),
            rate(ctx.score(u, id), n.max).map_or(Cell::Empty, Cell::Rate),
            Cell::Int(rank as i64),
        ]);
    }
    out.notes.push(format!("排名 among {} units", all.len()));
    out.notes
        .extend(crate::edition::inferred_notes(model, tree_order(ctx)));
    Ok(out)
}

/// `compare 杭州, 宁波, 深圳`: scores side by side at every node, with 得分率 and rank of the
/// total at the end.
pub fn compare(ctx: &Context<'_>, units: &[Name]) -> Result<Output, Diags> {
    let model = ctx.model();
    let mut diags = Diags::new();
    let mut ids: Vec<usize> = Vec::new();
    let mut seen = HashSet::new();
    for n in units {
        match ctx.unit(n) {
            Ok(u) if seen.insert(u) => ids.push(u),
            Ok(_) => {}
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let mut columns = vec!["指标".to_string(), "满分".to_string()];
    columns.extend(ids.iter().map(|&u| ctx.key(u).to_string()));
    let mut out = Output::new(columns);
    for id in tree_order(ctx) {
        let dp = model.score_decimals();
        let mut row = vec![node_label(ctx, id), Cell::Num(model.nodes[id].max, dp)];
        row.extend(ids.iter().map(|&u| Cell::Num(ctx.score(u, id), dp)));
        out.rows.push(row);
    }
    let mut rate_row = vec![Cell::Text(super::RATE.to_string()), Cell::Empty];
    rate_row.extend(ids.iter().map(|&u| ctx.cell(u, &Column::Rate(model.total))));
    out.rows.push(rate_row);
    let all = ctx.all_units();
    let values: Vec<Decimal> = all.iter().map(|&v| ctx.score(v, model.total)).collect();
    let ranks = competition_ranks(&values);
    let mut rank_row = vec![Cell::Text("排名".to_string()), Cell::Empty];
    rank_row.extend(ids.iter().map(|&u| Cell::Int(ranks[u] as i64)));
    out.rows.push(rank_row);
    out.notes
        .extend(crate::edition::inferred_notes(model, tree_order(ctx)));
    Ok(out)
}
