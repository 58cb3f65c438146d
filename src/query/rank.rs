//! `rank by X [per A] [in G] [where C] [show COLS]`: competition ranking on exact values.

use crate::diag::Diags;
use crate::eval::competition_ranks;
use crate::output::{Cell, Output};
use crate::syntax::ast::RankQuery;

use super::resolve::{Column, Context, Scope};

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
    if let Some(p) = &q.per {
        if let Err(d) = scope.attribute(p) {
            diags.push(d);
        }
    }
    for s in &q.show {
        if let Err(d) = scope.column(s, by) {
            diags.push(d);
        }
    }
    diags
}

pub fn run(ctx: &Context<'_>, q: &RankQuery) -> Result<Output, Diags> {
    let diags = check(&ctx.scope, q);
    if diags.has_errors() {
        return Err(diags);
    }
    let model = ctx.model();
    let by = match &q.by {
        Some(b) => ctx.scope.indicator(b).map_err(Diags::from)?,
        None => model.total,
    };
    let mut units: Vec<usize> = match &q.within {
        Some(g) => ctx.group_members(g).map_err(Diags::from)?,
        None => (0..ctx.results.units.len()).collect(),
    };
    if let Some(c) = &q.filter {
        units = ctx.filter(c, units)?;
    }
    let per = match &q.per {
        Some(p) => Some(ctx.scope.attribute(p).map_err(Diags::from)?),
        None => None,
    };
    let show: Vec<Column> = if q.show.is_empty() {
        vec![Column::Node(by), Column::Rate(by)]
    } else {
        q.show
            .iter()
            .map(|s| ctx.scope.column(s, by))
            .collect::<Result<_, _>>()
            .map_err(Diags::from)?
    };

    // Partition into groups (in order of first appearance), rank inside each.
    let mut partitions: Vec<(String, Vec<usize>)> = Vec::new();
    for &u in &units {
        let key = per.map_or(String::new(), |a| {
            ctx.results.units[u].attributes[a].clone()
        });
        match partitions.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(u),
            None => partitions.push((key, vec![u])),
        }
    }

    let mut columns = vec!["排名".to_string(), model.key.node.clone()];
    if let Some(a) = per {
        columns.insert(0, model.attributes[a].node.clone());
    }
    columns.extend(show.iter().map(|c| ctx.scope.column_title(c)));
    let mut out = Output::new(columns);
    for (group, members) in partitions {
        let values: Vec<_> = members.iter().map(|&u| ctx.score(u, by)).collect();
        let ranks = competition_ranks(&values);
        let mut order: Vec<usize> = (0..members.len()).collect();
        // Stable: ties keep data order.
        order.sort_by(|&a, &b| values[b].cmp(&values[a]));
        for i in order {
            let u = members[i];
            let mut row = Vec::new();
            if per.is_some() {
                row.push(Cell::Text(group.clone()));
            }
            row.push(Cell::Int(ranks[i] as i64));
            row.push(Cell::Text(ctx.results.units[u].key.clone()));
            row.extend(show.iter().map(|c| ctx.cell(u, c)));
            out.rows.push(row);
        }
    }
    Ok(out)
}
