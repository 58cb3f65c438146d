//! Group statistics (`stats`, `mean`, `median`, … `by A`) and correlations (`corr`).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::check::query::{check_stat as check, check_tail, quartiles};
use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::NodeId;
use crate::output::{Cell, Output};
use crate::source::Span;
use crate::stats::{self, Quartiles, Summary};
use crate::syntax::ast::{Name, StatFn, StatQuery, Tail};

use super::resolve::{Context, Partition};
use super::select::{partition_title, Selection};

/// A decimal as f64, for statistics that leave exact arithmetic (r).
fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

/// A statistics query with its names resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct StatPlan {
    func: StatFn,
    of: NodeId,
    /// Where the query names the indicator (for an overflow in its statistics).
    of_span: Span,
    by: Option<Partition>,
    /// `by A, B, …`: the partitions after the first.
    then: Vec<Partition>,
    selection: Selection,
    top: Option<usize>,
    quartiles: Quartiles,
}

pub fn plan(ctx: &Context<'_>, q: &StatQuery) -> Result<StatPlan, Diags> {
    let diags = check(&ctx.scope, q);
    if diags.has_errors() {
        return Err(diags);
    }
    let by = match &q.by {
        Some(b) => Some(ctx.scope.partition(b).map_err(Diags::from)?),
        None => None,
    };
    let then = q
        .then_by
        .iter()
        .map(|b| ctx.scope.partition(b).map_err(Diags::from))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(StatPlan {
        then,
        func: q.func,
        of: ctx.scope.indicator(&q.of).map_err(Diags::from)?,
        of_span: q.of.span,
        by,
        selection: Selection::plan(ctx, &q.tail)?,
        top: q.tail.top.as_ref().map(|n| n.node),
        quartiles: quartiles(&ctx.scope, &q.tail).map_err(Diags::from)?,
    })
}

/// Keep each group's best N by value (ties with the N-th kept), for `top N`.
fn top_n(present: &mut Vec<(usize, Decimal)>, n: usize) {
    let values: Vec<Decimal> = present.iter().map(|&(_, v)| v).collect();
    let ranks = crate::eval::competition_ranks(&values);
    let mut i = 0;
    present.retain(|_| {
        let keep = ranks.get(i).is_some_and(|&r| r <= n);
        i = i.saturating_add(1);
        keep
    });
}

fn dp_for(ctx: &Context<'_>, node: NodeId) -> u32 {
    if ctx.model().max_of(node) <= Decimal::ONE {
        4
    } else {
        2
    }
}

fn stat_names(func: StatFn) -> Vec<&'static str> {
    match func {
        StatFn::Stats => vec![
            "n",
            "mean",
            "median",
            "min",
            "max",
            "range",
            "sd",
            "qd",
            "rate",
            "skew",
            "kurtosis",
            "zeros",
            "availability",
        ],
        StatFn::Mean => vec!["n", "mean", "rate"],
        StatFn::Median => vec!["n", "median"],
        StatFn::Min => vec!["n", "min"],
        StatFn::Max => vec!["n", "max"],
        StatFn::Sd => vec!["n", "sd"],
        StatFn::Qd => vec!["n", "qd"],
        StatFn::Range => vec!["n", "range"],
    }
}

/// One group's row of statistics, with the value it is ordered by.
fn stat_row(
    ctx: &Context<'_>,
    func: StatFn,
    node: NodeId,
    first: String,
    (s, xs, units): (&Summary, &[Decimal], &[usize]),
) -> Result<(Decimal, Vec<Cell>), stats::Overflow> {
    let dp = dp_for(ctx, node);
    let max = ctx.model().max_of(node);
    let key = match func {
        StatFn::Median => s.median,
        StatFn::Min => s.min,
        StatFn::Max => s.max,
        StatFn::Sd => s.sd()?.unwrap_or_default(),
        StatFn::Qd => s.qd()?,
        StatFn::Range => s.range()?,
        _ => s.mean,
    };
    let mut row = vec![Cell::Text(first)];
    for name in stat_names(func) {
        row.push(match name {
            "n" => Cell::Int(i64::try_from(s.n).unwrap_or(i64::MAX)),
            "mean" => Cell::Num(s.mean, dp),
            "median" => Cell::Num(s.median, dp),
            "min" => Cell::Num(s.min, dp),
            "max" => Cell::Num(s.max, dp),
            "range" => Cell::Num(s.range()?, dp),
            "sd" => s.sd()?.map_or(Cell::Empty, |v| Cell::Num(v, dp)),
            "qd" => Cell::Num(s.qd()?, dp),
            "skew" | "kurtosis" | "zeros" | "availability" => {
                super::treatment::shape_cell(ctx, name, node, xs, units)
            }
            _ => crate::eval::rate(s.mean, max).map_or(Cell::Empty, Cell::Rate),
        });
    }
    Ok((key, row))
}

pub fn run(ctx: &Context<'_>, p: &StatPlan) -> Result<Output, Diags> {
    let node = p.of;
    let selected = p.selection.apply(ctx);
    let mut notes = selected.notes;
    let mut parts: Vec<(Vec<String>, Vec<usize>)> = vec![(Vec::new(), selected.units.clone())];
    for &by in p.by.iter().chain(&p.then) {
        // Every group's subgroups in one order: the partition's over all the units selected.
        let order: Vec<String> = ctx
            .partition(by, &selected.units)
            .0
            .into_iter()
            .map(|(label, _)| label)
            .collect();
        let mut split = Vec::new();
        for (labels, members) in parts {
            let (mut sub, none) = ctx.partition(by, &members);
            sub.sort_by_key(|(label, _)| order.iter().position(|o| o == label));
            notes.extend(ctx.partition_note(by, &none));
            for (label, m) in sub {
                let mut l = labels.clone();
                l.push(label);
                split.push((l, m));
            }
        }
        parts = split;
    }
    let name = ctx.model().name_of(node).to_string();
    let mut columns: Vec<String> =
        p.by.iter()
            .chain(&p.then)
            .map(|&by| partition_title(ctx, by))
            .collect();
    if columns.is_empty() {
        columns.push("指标".to_string());
    }
    columns.extend(stat_names(p.func).iter().map(|s| s.to_string()));
    let mut out = Output::new(columns);
    let mut rows: Vec<(Decimal, Vec<Cell>)> = Vec::new();
    let mut missing_all = Vec::new();
    for (labels, members) in parts {
        let mut labels = labels.into_iter();
        // Units without a value at the indicator are left out of its statistics.
        let (mut present, missing) = ctx.split_missing(&members, node);
        missing_all.extend(missing);
        if let Some(n) = p.top {
            top_n(&mut present, n);
        }
        let xs: Vec<Decimal> = present.iter().map(|&(_, v)| v).collect();
        let overflow = |e: stats::Overflow| Diags::from(e.diag(ctx.scope.source, p.of_span, &name));
        let Some(s) = Summary::of(&xs, p.quartiles) else {
            continue;
        };
        let first = match (p.by, &p.selection.label) {
            (Some(_), _) => labels.next().unwrap_or_default(),
            (None, Some(within)) => {
                t!("query.name_within", name = &name, within = within).into_owned()
            }
            (None, None) => name.clone(),
        };
        let (key, mut row) =
            stat_row(ctx, p.func, node, first, (&s, &xs, &members)).map_err(overflow)?;
        // The labels of the partitions after the first, in their columns.
        let first_cell = row.drain(..1).collect::<Vec<_>>();
        row = first_cell
            .into_iter()
            .chain(labels.map(Cell::Text))
            .chain(row)
            .collect();
        rows.push((key, row));
    }
    // One partition: highest first, ties in group order. Several: in group order, as a table
    // of the groups within groups reads.
    if p.then.is_empty() {
        rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    } else {
        out.notes.push(t!("query.nested_groups_note").into_owned());
    }
    out.rows = rows.into_iter().map(|(_, r)| r).collect();
    if matches!(p.func, StatFn::Stats | StatFn::Qd) {
        let quartiles = match p.quartiles {
            Quartiles::Exc => t!("query.quartiles_exc"),
            Quartiles::Inc => t!("query.quartiles_inc"),
        };
        let mut note = t!("query.qd_note", quartiles = quartiles).into_owned();
        if p.func == StatFn::Stats {
            note.push_str(&t!("query.stats_note"));
        }
        out.notes.push(note);
    }
    if let Some(n) = p.top {
        out.notes
            .push(t!("query.top_per_group", n = n, name = &name).into_owned());
    }
    // A ratio (chapter 6) has no maximum, so no rate.
    if matches!(p.func, StatFn::Stats | StatFn::Mean) && !ctx.model().is_ratio(p.of) {
        out.notes.push(
            t!(
                "query.rate_note",
                max = ctx.model().max_of(node).normalize(),
                name = &name
            )
            .into_owned(),
        );
    }
    notes.extend(ctx.missing_note(node, &missing_all));
    out.notes.extend(notes);
    Ok(out)
}

/// `corr A, B, …` with its names resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct CorrPlan {
    nodes: Vec<NodeId>,
    p_values: bool,
    /// Spearman's rank correlation (ties averaged) instead of Pearson's r.
    pub spearman: bool,
    selection: Selection,
}

pub fn plan_corr(
    ctx: &Context<'_>,
    names: &[Name],
    p_values: bool,
    tail: &Tail,
) -> Result<CorrPlan, Diags> {
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
            Diag::error(codes::E303, t!("query.corr_needs_two"))
                .in_source(ctx.scope.source)
                .label(
                    names.first().map_or_else(Default::default, |n| n.span),
                    t!("query.only_one"),
                )
                .help(t!("query.corr_help")),
        );
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(CorrPlan {
        nodes,
        p_values,
        spearman: false,
        selection: Selection::plan(ctx, tail)?,
    })
}

/// Pearson's r (or its p-values) of every pair, each over the units with a value at both.
pub fn corr(ctx: &Context<'_>, p: &CorrPlan) -> Output {
    let (nodes, p_values) = (&p.nodes, p.p_values);
    let selected = p.selection.apply(ctx);
    let units = &selected.units;
    let mut columns = vec!["指标".to_string()];
    columns.extend(nodes.iter().map(|&id| ctx.model().name_of(id).to_string()));
    let mut out = Output::new(columns);
    // Each pair uses the units with a value at both indicators (pairwise-complete).
    let mut sizes: Vec<usize> = Vec::new();
    for &a in nodes {
        let mut row = vec![Cell::Text(ctx.model().name_of(a).to_string())];
        for &b in nodes {
            let (xs, ys): (Vec<f64>, Vec<f64>) = units
                .iter()
                .filter_map(|&u| Some((to_f64(ctx.score(u, a)?), to_f64(ctx.score(u, b)?))))
                .unzip();
            sizes.push(xs.len());
            let r = if p.spearman {
                stats::shape::spearman(&xs, &ys)
            } else {
                stats::pearson(&xs, &ys)
            };
            row.push(match (r, p_values) {
                // A variable's p-value against itself means nothing.
                (Some(_), true) if a == b => Cell::Empty,
                (Some(r), false) => Cell::Float(r, 3),
                (Some(r), true) => {
                    stats::pearson_p(r, xs.len()).map_or(Cell::Empty, |p| Cell::Float(p, 4))
                }
                (None, _) => Cell::Empty,
            });
        }
        out.rows.push(row);
    }
    let lo = sizes.iter().copied().min().unwrap_or(0);
    let hi = sizes.iter().copied().max().unwrap_or(0);
    let r = if p.spearman {
        t!("query.spearman")
    } else {
        t!("query.pearson")
    };
    let note = match (p_values, lo == hi) {
        (true, true) => t!(
            "query.corr_p_note",
            r = r,
            df = lo.saturating_sub(2),
            n = lo
        ),
        (true, false) => t!("query.corr_p_note_range", r = r, lo = lo, hi = hi),
        (false, true) => t!("query.corr_note", r = r, n = lo),
        (false, false) => t!("query.corr_note_range", r = r, lo = lo, hi = hi),
    };
    out.notes.push(note.into_owned());
    out.notes.extend(selected.notes);
    let mut any_missing = false;
    for &id in nodes {
        let missing = ctx.split_missing(units, id).1;
        any_missing |= !missing.is_empty();
        out.notes.extend(ctx.missing_note(id, &missing));
    }
    if any_missing {
        out.notes.push(t!("query.pairwise_note").into_owned());
    }
    out
}
