//! Group statistics, counts, histograms and correlations.
// Not yet free of panicking operations (issue 8): remove this line once the file is.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use rust_decimal::Decimal;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::NodeId;
use crate::output::{Cell, Output};
use crate::report::to_f64;
use crate::stats::{self, Quartiles, Summary};
use crate::syntax::ast::{Bins, Name, StatFn, StatQuery, Tail};

use super::rank::{check_tail, select};
use super::resolve::{Context, Partition, Scope};

fn quartiles(scope: &Scope<'_>, tail: &Tail) -> Result<Quartiles, Diag> {
    match &tail.quartiles {
        None => Ok(scope.model.quartiles),
        Some(q) => Quartiles::parse(&q.node).ok_or_else(|| {
            Diag::error(codes::E303, format!("unknown quartile convention `{}`", q.node))
                .in_source(scope.source)
                .label(q.span, "not a convention")
                .help("use `quartiles exc` ((n+1)p, SPSS, the default) or `quartiles inc` (1+(n-1)p, Excel QUARTILE.INC)")
        }),
    }
}

pub fn check(scope: &Scope<'_>, q: &StatQuery) -> Diags {
    let mut diags = Diags::new();
    let of = match scope.indicator(&q.of) {
        Ok(id) => id,
        Err(d) => {
            diags.push(d);
            scope.model.total
        }
    };
    if let Some(b) = &q.by {
        if let Err(d) = scope.partition(b) {
            diags.push(d);
        }
    }
    if let Err(d) = quartiles(scope, &q.tail) {
        diags.push(d);
    }
    check_tail(scope, &q.tail, of, &mut diags);
    diags
}

/// Named groups of units, in display order.
type Groups = Vec<(String, Vec<usize>)>;

/// Split the selection into groups: by a partition, else one group named after the selection.
fn groups(ctx: &Context<'_>, by: Option<&Name>, tail: &Tail) -> Result<(String, Groups), Diags> {
    let units = select(ctx, tail)?;
    match by {
        Some(b) => {
            let p = ctx.scope.partition(b).map_err(Diags::from)?;
            let head = match p {
                Partition::Attribute(a) => ctx.model().attributes[a].node.clone(),
                Partition::Tiers(t) => ctx.model().tiers[t].name.node.clone(),
            };
            Ok((head, ctx.partition(p, &units)))
        }
        None => {
            let label = tail
                .within
                .as_ref()
                .map_or("全部".to_string(), |g| g.node.clone());
            Ok(("组".to_string(), vec![(label, units)]))
        }
    }
}

/// Keep each group's best N by `node` (ties with the N-th kept), for `top N`.
fn top_n(ctx: &Context<'_>, node: NodeId, n: usize, members: &mut Vec<usize>) {
    let values: Vec<Decimal> = members.iter().map(|&u| ctx.score(u, node)).collect();
    let ranks = crate::eval::competition_ranks(&values);
    let mut i = 0;
    members.retain(|_| {
        i += 1;
        ranks[i - 1] <= n
    });
}

fn dp_for(ctx: &Context<'_>, node: NodeId) -> u32 {
    if ctx.model().nodes[node].max <= Decimal::ONE {
        4
    } else {
        2
    }
}

pub fn run(ctx: &Context<'_>, q: &StatQuery) -> Result<Output, Diags> {
    let diags = check(&ctx.scope, q);
    if diags.has_errors() {
        return Err(diags);
    }
    let node = ctx.scope.indicator(&q.of).map_err(Diags::from)?;
    let conv = quartiles(&ctx.scope, &q.tail).map_err(Diags::from)?;
    let (head, mut parts) = groups(ctx, q.by.as_ref(), &q.tail)?;
    if let Some(n) = &q.tail.top {
        for (_, members) in &mut parts {
            top_n(ctx, node, n.node, members);
        }
    }
    let dp = dp_for(ctx, node);
    let max = ctx.model().nodes[node].max;
    let stat_names: Vec<&str> = match q.func {
        StatFn::Stats => vec![
            "n", "mean", "median", "min", "max", "range", "sd", "qd", "rate",
        ],
        StatFn::Mean => vec!["n", "mean", "rate"],
        StatFn::Median => vec!["n", "median"],
        StatFn::Min => vec!["n", "min"],
        StatFn::Max => vec!["n", "max"],
        StatFn::Sd => vec!["n", "sd"],
        StatFn::Qd => vec!["n", "qd"],
        StatFn::Range => vec!["n", "range"],
    };
    let mut columns = vec![if q.by.is_some() {
        head
    } else {
        "指标".to_string()
    }];
    columns.extend(stat_names.iter().map(|s| s.to_string()));
    let mut out = Output::new(columns);
    let mut rows: Vec<(Decimal, Vec<Cell>)> = Vec::new();
    for (label, members) in parts {
        let xs: Vec<Decimal> = members.iter().map(|&u| ctx.score(u, node)).collect();
        let name = &ctx.model().nodes[node].name;
        let overflow = |e: stats::Overflow| Diags::from(e.diag(ctx.scope.source, q.of.span, name));
        let Some(s) = Summary::of(&xs, conv) else {
            continue;
        };
        let key = match q.func {
            StatFn::Median => s.median,
            StatFn::Min => s.min,
            StatFn::Max => s.max,
            StatFn::Sd => s.sd().map_err(overflow)?.unwrap_or_default(),
            StatFn::Qd => s.qd().map_err(overflow)?,
            StatFn::Range => s.range().map_err(overflow)?,
            _ => s.mean,
        };
        let first = if q.by.is_some() {
            label
        } else if let Some(g) = &q.tail.within {
            format!("{} ({})", ctx.model().nodes[node].name, g.node)
        } else {
            ctx.model().nodes[node].name.clone()
        };
        let mut row = vec![Cell::Text(first)];
        for name in &stat_names {
            row.push(match *name {
                "n" => Cell::Int(s.n as i64),
                "mean" => Cell::Num(s.mean, dp),
                "median" => Cell::Num(s.median, dp),
                "min" => Cell::Num(s.min, dp),
                "max" => Cell::Num(s.max, dp),
                "range" => Cell::Num(s.range().map_err(overflow)?, dp),
                "sd" => s
                    .sd()
                    .map_err(overflow)?
                    .map_or(Cell::Empty, |v| Cell::Num(v, dp)),
                "qd" => Cell::Num(s.qd().map_err(overflow)?, dp),
                _ => crate::eval::rate(s.mean, max).map_or(Cell::Empty, Cell::Rate),
            });
        }
        rows.push((key, row));
    }
    // Highest first; ties keep group order.
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    out.rows = rows.into_iter().map(|(_, r)| r).collect();
    if matches!(q.func, StatFn::Stats | StatFn::Qd | StatFn::Median) {
        let mut note = String::new();
        if matches!(q.func, StatFn::Stats | StatFn::Qd) {
            note.push_str(&format!("qd = Q3 − Q1, {}", conv.describe()));
        }
        if q.func == StatFn::Stats {
            note.push_str("; sd is the sample standard deviation (n − 1)");
        }
        if !note.is_empty() {
            out.notes.push(note);
        }
    }
    if let Some(n) = &q.tail.top {
        out.notes.push(format!(
            "each group limited to its top {} by {} (ties kept)",
            n.node,
            ctx.model().nodes[node].name
        ));
    }
    if matches!(q.func, StatFn::Stats | StatFn::Mean) {
        out.notes.push(format!(
            "rate = mean ÷ {} (the maximum of {})",
            max.normalize(),
            ctx.model().nodes[node].name
        ));
    }
    Ok(out)
}

pub fn count(ctx: &Context<'_>, by: &Name, tail: &Tail) -> Result<Output, Diags> {
    let mut diags = Diags::new();
    if let Err(d) = ctx.scope.partition(by) {
        diags.push(d);
    }
    check_tail(&ctx.scope, tail, ctx.model().total, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    let (head, parts) = groups(ctx, Some(by), tail)?;
    let total: usize = parts.iter().map(|(_, m)| m.len()).sum();
    let mut out = Output::new(vec![head, "n".to_string(), "share".to_string()]);
    let mut rows: Vec<(usize, Vec<Cell>)> = parts
        .into_iter()
        .map(|(label, m)| {
            let share = if total == 0 {
                Cell::Empty
            } else {
                Cell::Rate(Decimal::from(m.len()) / Decimal::from(total))
            };
            (
                m.len(),
                vec![Cell::Text(label), Cell::Int(m.len() as i64), share],
            )
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    out.rows = rows.into_iter().map(|(_, r)| r).collect();
    out.notes.push(format!("{total} units"));
    Ok(out)
}

fn fmt_edge(d: Decimal) -> String {
    d.normalize().to_string()
}

pub fn histogram(ctx: &Context<'_>, of: &Name, bins: &Bins, tail: &Tail) -> Result<Output, Diags> {
    let mut diags = Diags::new();
    let node = match ctx.scope.indicator(of) {
        Ok(n) => n,
        Err(d) => {
            diags.push(d);
            ctx.model().total
        }
    };
    check_tail(&ctx.scope, tail, node, &mut diags);
    let bad_bins = match bins {
        Bins::Step(s) if s.node <= Decimal::ZERO => Some((s.span, "the step must be above 0")),
        Bins::Edges(e) if e.windows(2).any(|w| w[1].node <= w[0].node) => e
            .windows(2)
            .find(|w| w[1].node <= w[0].node)
            .map(|w| (w[1].span, "edges must increase")),
        _ => None,
    };
    if let Some((span, msg)) = bad_bins {
        diags.push(
            Diag::error(codes::E303, msg.to_string())
                .in_source(ctx.scope.source)
                .label(span, "here")
                .help("e.g. `histogram 总分 step 10` or `histogram 总分 edges 20, 30, 40`"),
        );
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let units = select(ctx, tail)?;
    let xs: Vec<Decimal> = units.iter().map(|&u| ctx.score(u, node)).collect();
    let n = xs.len();
    let share = |k: usize| {
        if n == 0 {
            Cell::Empty
        } else {
            Cell::Rate(Decimal::from(k) / Decimal::from(n))
        }
    };
    let mut out = Output::new(vec![
        "区间".to_string(),
        "n".to_string(),
        "share".to_string(),
    ]);
    match bins {
        Bins::Step(step) => {
            let s = step.node;
            let (Some(lo), Some(hi)) = (xs.iter().min(), xs.iter().max()) else {
                return Ok(out);
            };
            let mut a = (lo / s).floor() * s;
            while a <= *hi {
                let b = a + s;
                let k = xs.iter().filter(|x| **x >= a && **x < b).count();
                out.rows.push(vec![
                    Cell::Text(format!("[{}, {})", fmt_edge(a), fmt_edge(b))),
                    Cell::Int(k as i64),
                    share(k),
                ]);
                a = b;
            }
        }
        Bins::Edges(edges) => {
            let e: Vec<Decimal> = edges.iter().map(|x| x.node).collect();
            if let (Some(first), Some(last)) = (e.first(), e.last()) {
                let below = xs.iter().filter(|x| *x < first).count();
                if below > 0 {
                    out.rows.push(vec![
                        Cell::Text(format!("< {}", fmt_edge(*first))),
                        Cell::Int(below as i64),
                        share(below),
                    ]);
                }
                for w in e.windows(2) {
                    let k = xs.iter().filter(|x| **x >= w[0] && **x < w[1]).count();
                    out.rows.push(vec![
                        Cell::Text(format!("[{}, {})", fmt_edge(w[0]), fmt_edge(w[1]))),
                        Cell::Int(k as i64),
                        share(k),
                    ]);
                }
                let above = xs.iter().filter(|x| *x >= last).count();
                if above > 0 {
                    out.rows.push(vec![
                        Cell::Text(format!("≥ {}", fmt_edge(*last))),
                        Cell::Int(above as i64),
                        share(above),
                    ]);
                }
            }
        }
    }
    out.notes
        .push(format!("{n} units; bands are half-open [a, b)"));
    Ok(out)
}

pub fn corr(
    ctx: &Context<'_>,
    names: &[Name],
    p_values: bool,
    tail: &Tail,
) -> Result<Output, Diags> {
    let mut diags = Diags::new();
    let mut nodes = Vec::new();
    for n in names {
        match ctx.scope.indicator(n) {
            Ok(id) => nodes.push(id),
            Err(d) => diags.push(d),
        }
    }
    check_tail(&ctx.scope, tail, ctx.model().total, &mut diags);
    if nodes.len() < 2 && !diags.has_errors() {
        diags.push(
            Diag::error(codes::E303, "`corr` needs at least two indicators")
                .in_source(ctx.scope.source)
                .label(
                    names.first().map_or_else(Default::default, |n| n.span),
                    "only one",
                )
                .help("e.g. `corr 智慧管理, 智慧服务`"),
        );
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let units = select(ctx, tail)?;
    let series: Vec<Vec<f64>> = nodes
        .iter()
        .map(|&id| units.iter().map(|&u| to_f64(ctx.score(u, id))).collect())
        .collect();
    let mut columns = vec!["指标".to_string()];
    columns.extend(nodes.iter().map(|&id| ctx.model().nodes[id].name.clone()));
    let mut out = Output::new(columns);
    for (i, &a) in nodes.iter().enumerate() {
        let mut row = vec![Cell::Text(ctx.model().nodes[a].name.clone())];
        for j in 0..nodes.len() {
            let r = stats::pearson(&series[i], &series[j]);
            let cell = match (r, p_values) {
                // A variable's p-value against itself means nothing.
                (Some(_), true) if i == j => Cell::Empty,
                (Some(r), false) => Cell::Float(r, 3),
                (Some(r), true) => {
                    stats::pearson_p(r, units.len()).map_or(Cell::Empty, |p| Cell::Float(p, 4))
                }
                (None, _) => Cell::Empty,
            };
            row.push(cell);
        }
        out.rows.push(row);
    }
    out.notes.push(if p_values {
        format!(
            "two-sided p-values of Pearson's r (t test, {} df), n = {}",
            units.len().saturating_sub(2),
            units.len()
        )
    } else {
        format!("Pearson's r, n = {}", units.len())
    });
    Ok(out)
}
