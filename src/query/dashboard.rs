//! `dashboard NAME [in G] [where …]` (language chapter 7): the units evaluated × the dashboard's
//! lines, each cell a colour named as the spec names it.

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::output::{Cell, Output, Tone};
use crate::source::Spanned;
use crate::syntax::ast::{Name, Tail};

use super::resolve::Context;
use super::select::Selection;

#[derive(Clone, Debug, PartialEq)]
pub struct DashboardPlan {
    /// An index into the model's dashboards.
    dashboard: usize,
    selection: Selection,
}

pub fn plan(ctx: &Context<'_>, name: &Name, tail: &Tail) -> Result<DashboardPlan, Diags> {
    let model = ctx.model();
    let dashboards = &model.grouping.dashboards;
    let Some(dashboard) = dashboards.iter().position(|d| d.name.node == name.node) else {
        let known: Vec<&str> = dashboards.iter().map(|d| d.name.node.as_str()).collect();
        let what = t!("query.what_dashboard");
        return Err(Diags::from(ctx.scope.unknown(name, &what, known)));
    };
    let other: Option<&Spanned<String>> = tail
        .per
        .as_ref()
        .or(tail.show.first())
        .or(tail.sort.first().map(|(n, _)| n))
        .or(tail.quartiles.as_ref())
        .or(tail.at.as_ref());
    if let Some(n) = other {
        return Err(Diags::from(
            Diag::error(codes::E303, t!("query.dashboard_tail"))
                .in_source(ctx.scope.source)
                .label(n.span, t!("query.dashboard_tail_label"))
                .help(t!("query.dashboard_tail_help", name = &name.node)),
        ));
    }
    Ok(DashboardPlan {
        dashboard,
        selection: Selection::plan(ctx, tail)?,
    })
}

/// The tone a colour is painted in a terminal or a report: by its name when it names one of
/// the four traffic-light colours, else by its place on the scale (best green, worst red).
pub fn tone(name: &str, position: usize, count: usize) -> Tone {
    let lower = name.to_lowercase();
    let named = [
        (Tone::Green, ["green", "绿"]),
        (Tone::Yellow, ["yellow", "黄"]),
        (Tone::Orange, ["orange", "橙"]),
        (Tone::Red, ["red", "红"]),
    ];
    if let Some((t, _)) = named
        .iter()
        .find(|(_, words)| words.iter().any(|w| lower.starts_with(w)))
    {
        return *t;
    }
    let last = count.saturating_sub(1);
    match position {
        0 => Tone::Green,
        p if p >= last => Tone::Red,
        p if p.saturating_mul(2) < last => Tone::Yellow,
        _ => Tone::Orange,
    }
}

pub fn run(ctx: &Context<'_>, p: &DashboardPlan) -> Output {
    let model = ctx.model();
    let Some(d) = model.grouping.dashboards.get(p.dashboard) else {
        return Output::default();
    };
    let colours = ctx.results.dashboards.get(p.dashboard);
    let mut columns = vec![model.key.node.clone()];
    columns.extend(d.lines.iter().map(|l| model.name_of(l.node).to_string()));
    let mut out = Output::new(columns);
    out.title = Some(d.name.node.clone());
    let selected = p.selection.apply(ctx);
    let n = d.colours.len();
    for &u in &selected.units {
        let mut row = vec![Cell::Text(ctx.key(u).to_string())];
        for i in 0..d.lines.len() {
            let c = colours
                .and_then(|lines| lines.get(i))
                .and_then(|v| v.get(u))
                .copied()
                .flatten();
            row.push(
                match c.and_then(|c| d.colours.get(c).map(|name| (c, name))) {
                    Some((c, name)) => Cell::Colour(name.node.clone(), tone(&name.node, c, n)),
                    None => Cell::Missing,
                },
            );
        }
        out.rows.push(row);
    }
    out.notes = selected.notes;
    let names: Vec<&str> = d.colours.iter().map(|c| c.node.as_str()).collect();
    let colours = names.join(crate::lang::list_separator());
    out.notes
        .push(t!("query.dashboard_note", colours = colours).into_owned());
    out
}
