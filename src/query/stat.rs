//! Group statistics, counts, histograms and correlations.

use rust_decimal::Decimal;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::NodeId;
use crate::output::{Cell, Output};
use crate::report::to_f64;
use crate::stats::{self, Quartiles, Summary};
use crate::syntax::ast::{Bins, Name, StatFn, StatQuery, Tail};

use super::rank::{check_tail, partition_title, select};
use super::resolve::{units_word, Context, Scope};

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
/// Also the notes on units the selection or the partition left out.
fn groups(
    ctx: &Context<'_>,
    by: Option<&Name>,
    tail: &Tail,
) -> Result<(String, Groups, Vec<String>), Diags> {
    let selection = select(ctx, tail)?;
    let mut notes = selection.notes;
    match by {
        Some(b) => {
            let p = ctx.scope.partition(b).map_err(Diags::from)?;
            let (parts, none) = ctx.partition(p, &selection.units);
            notes.extend(ctx.partition_note(p, &none));
            Ok((partition_title(ctx, p), parts, notes))
        }
        None => {
            let label = if tail.within.is_empty() {
                "全部".to_string()
            } else {
                within_label(tail)
            };
            Ok(("组".to_string(), vec![(label, selection.units)], notes))
        }
    }
}

/// `华南` or `华南 ∩ 省会` for the groups of the `in` clauses.
fn within_label(tail: &Tail) -> String {
    tail.within
        .iter()
        .map(|g| g.node.as_str())
        .collect::<Vec<_>>()
        .join(" ∩ ")
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
            "n", "mean", "median", "min", "max", "range", "sd", "qd", "rate",
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
    q: &StatQuery,
    node: NodeId,
    first: String,
    s: &Summary,
) -> Result<(Decimal, Vec<Cell>), stats::Overflow> {
    let dp = dp_for(ctx, node);
    let max = ctx.model().max_of(node);
    let key = match q.func {
        StatFn::Median => s.median,
        StatFn::Min => s.min,
        StatFn::Max => s.max,
        StatFn::Sd => s.sd.unwrap_or_default(),
        StatFn::Qd => s.qd()?,
        StatFn::Range => s.range()?,
        _ => s.mean,
    };
    let mut row = vec![Cell::Text(first)];
    for name in stat_names(q.func) {
        row.push(match name {
            "n" => Cell::Int(i64::try_from(s.n).unwrap_or(i64::MAX)),
            "mean" => Cell::Num(s.mean, dp),
            "median" => Cell::Num(s.median, dp),
            "min" => Cell::Num(s.min, dp),
            "max" => Cell::Num(s.max, dp),
            "range" => Cell::Num(s.range()?, dp),
            "sd" => s.sd.map_or(Cell::Empty, |v| Cell::Num(v, dp)),
            "qd" => Cell::Num(s.qd()?, dp),
            _ => crate::eval::rate(s.mean, max).map_or(Cell::Empty, Cell::Rate),
        });
    }
    Ok((key, row))
}

pub fn run(ctx: &Context<'_>, q: &StatQuery) -> Result<Output, Diags> {
    let diags = check(&ctx.scope, q);
    if diags.has_errors() {
        return Err(diags);
    }
    let node = ctx.scope.indicator(&q.of).map_err(Diags::from)?;
    let conv = quartiles(&ctx.scope, &q.tail).map_err(Diags::from)?;
    let (head, parts, mut notes) = groups(ctx, q.by.as_ref(), &q.tail)?;
    let name = ctx.model().name_of(node).to_string();
    let mut columns = vec![if q.by.is_some() {
        head
    } else {
        "指标".to_string()
    }];
    columns.extend(stat_names(q.func).iter().map(|s| s.to_string()));
    let mut out = Output::new(columns);
    let mut rows: Vec<(Decimal, Vec<Cell>)> = Vec::new();
    let mut missing_all = Vec::new();
    for (label, members) in parts {
        // Units without a value at the indicator are left out of its statistics.
        let (mut present, missing) = ctx.split_missing(&members, node);
        missing_all.extend(missing);
        if let Some(n) = &q.tail.top {
            top_n(&mut present, n.node);
        }
        let xs: Vec<Decimal> = present.iter().map(|&(_, v)| v).collect();
        let overflow = |e: stats::Overflow| Diags::from(e.diag(ctx.scope.source, q.of.span, &name));
        let Some(s) = Summary::of(&xs, conv).map_err(overflow)? else {
            continue;
        };
        let first = if q.by.is_some() {
            label
        } else if !q.tail.within.is_empty() {
            format!("{name} ({})", within_label(&q.tail))
        } else {
            name.clone()
        };
        rows.push(stat_row(ctx, q, node, first, &s).map_err(overflow)?);
    }
    // Highest first; ties keep group order.
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    out.rows = rows.into_iter().map(|(_, r)| r).collect();
    if matches!(q.func, StatFn::Stats | StatFn::Qd) {
        let mut note = format!("qd = Q3 − Q1, {}", conv.describe());
        if q.func == StatFn::Stats {
            note.push_str("; sd is the sample standard deviation (n − 1)");
        }
        out.notes.push(note);
    }
    if let Some(n) = &q.tail.top {
        out.notes.push(format!(
            "each group limited to its top {} by {name} (ties kept)",
            n.node
        ));
    }
    if matches!(q.func, StatFn::Stats | StatFn::Mean) {
        out.notes.push(format!(
            "rate = mean ÷ {} (the maximum of {name})",
            ctx.model().max_of(node).normalize()
        ));
    }
    notes.extend(ctx.missing_note(node, &missing_all));
    out.notes.extend(notes);
    Ok(out)
}

/// `k ÷ n` as a share cell (empty for no units).
fn share(k: usize, n: usize) -> Cell {
    Decimal::from(k)
        .checked_div(Decimal::from(n))
        .map_or(Cell::Empty, Cell::Rate)
}

fn int(n: usize) -> Cell {
    Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
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
    let (head, parts, notes) = groups(ctx, Some(by), tail)?;
    let total = parts
        .iter()
        .fold(0usize, |t, (_, m)| t.saturating_add(m.len()));
    let mut out = Output::new(vec![head, "n".to_string(), "share".to_string()]);
    let mut rows: Vec<(usize, Vec<Cell>)> = parts
        .into_iter()
        .map(|(label, m)| {
            (
                m.len(),
                vec![Cell::Text(label), int(m.len()), share(m.len(), total)],
            )
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    out.rows = rows.into_iter().map(|(_, r)| r).collect();
    out.notes.push(units_word(total));
    out.notes.extend(notes);
    Ok(out)
}

fn fmt_edge(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The most bands a histogram may have.
pub const MAX_BANDS: usize = 1000;

/// Problems of the bins alone: a step of 0 or less, edges that do not increase.
fn check_bins(ctx: &Context<'_>, bins: &Bins) -> Option<Diag> {
    let (span, msg) = match bins {
        Bins::Step(s) if s.node <= Decimal::ZERO => (s.span, "the step must be above 0"),
        Bins::Edges(e) => e.windows(2).find_map(|w| match w {
            [a, b] if b.node <= a.node => Some((b.span, "edges must increase")),
            _ => None,
        })?,
        Bins::Step(_) => return None,
    };
    Some(
        Diag::error(codes::E303, msg.to_string())
            .in_source(ctx.scope.source)
            .label(span, "here")
            .help("e.g. `histogram 总分 step 10` or `histogram 总分 edges 20, 30, 40`"),
    )
}

/// A round step (1, 2 or 5 times a power of ten) giving about ten bands over `width`.
fn suggested_step(width: Decimal) -> Decimal {
    let target = width.checked_div(Decimal::TEN).unwrap_or(width);
    let mut power = Decimal::new(1, 6);
    for _ in 0..40 {
        for m in [1u32, 2, 5] {
            if let Some(c) = power.checked_mul(Decimal::from(m)) {
                if c >= target {
                    return c;
                }
            }
        }
        match power.checked_mul(Decimal::TEN) {
            Some(p) => power = p,
            None => break,
        }
    }
    power
}

/// The half-open bands [a, a + step) from the step multiple at or below `lo` up to `hi`, or an
/// error when there would be more than [`MAX_BANDS`].
fn step_bands(
    ctx: &Context<'_>,
    step: &crate::source::Spanned<Decimal>,
    lo: Decimal,
    hi: Decimal,
) -> Result<Vec<(Decimal, Decimal)>, Diag> {
    let s = step.node;
    let start = lo
        .checked_div(s)
        .map(|q| q.floor())
        .and_then(|q| q.checked_mul(s));
    let count = start
        .and_then(|a| hi.checked_sub(a))
        .and_then(|w| w.checked_div(s))
        .map(|q| q.floor());
    let too_many = Diag::error(
        codes::E306,
        format!("step {} makes more than {MAX_BANDS} bands", s.normalize()),
    )
    .in_source(ctx.scope.source)
    .label(step.span, "too small a step for the values")
    .help(format!(
        "the values run from {} to {}; try `step {}`",
        lo.normalize(),
        hi.normalize(),
        hi.checked_sub(lo)
            .map_or(Decimal::ONE, suggested_step)
            .normalize()
    ));
    let (Some(mut a), Some(count)) = (start, count) else {
        return Err(too_many);
    };
    if count >= Decimal::from(MAX_BANDS) {
        return Err(too_many);
    }
    let mut bands = Vec::new();
    while a <= hi && bands.len() < MAX_BANDS {
        let Some(b) = a.checked_add(s) else {
            return Err(too_many);
        };
        bands.push((a, b));
        a = b;
    }
    Ok(bands)
}

/// The bands of explicit edges: below the first (when any value is), between each pair, from
/// the last on (when any value is).
fn edge_bands(edges: &[Decimal], xs: &[Decimal]) -> Vec<(String, usize)> {
    let mut rows = Vec::new();
    let (Some(first), Some(last)) = (edges.first(), edges.last()) else {
        return rows;
    };
    let below = xs.iter().filter(|x| *x < first).count();
    if below > 0 {
        rows.push((format!("< {}", fmt_edge(*first)), below));
    }
    for w in edges.windows(2) {
        if let [a, b] = w {
            let k = xs.iter().filter(|x| **x >= *a && **x < *b).count();
            rows.push((format!("[{}, {})", fmt_edge(*a), fmt_edge(*b)), k));
        }
    }
    let above = xs.iter().filter(|x| *x >= last).count();
    if above > 0 {
        rows.push((format!("≥ {}", fmt_edge(*last)), above));
    }
    rows
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
    if let Some(d) = check_bins(ctx, bins) {
        diags.push(d);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let selection = select(ctx, tail)?;
    let (present, missing) = ctx.split_missing(&selection.units, node);
    let xs: Vec<Decimal> = present.iter().map(|&(_, v)| v).collect();
    let n = xs.len();
    let mut out = Output::new(vec![
        "区间".to_string(),
        "n".to_string(),
        "share".to_string(),
    ]);
    let rows = match bins {
        Bins::Step(step) => match (xs.iter().min(), xs.iter().max()) {
            (Some(&lo), Some(&hi)) => step_bands(ctx, step, lo, hi)
                .map_err(Diags::from)?
                .into_iter()
                .map(|(a, b)| {
                    let k = xs.iter().filter(|x| **x >= a && **x < b).count();
                    (format!("[{}, {})", fmt_edge(a), fmt_edge(b)), k)
                })
                .collect(),
            _ => Vec::new(),
        },
        Bins::Edges(edges) => {
            let e: Vec<Decimal> = edges.iter().map(|x| x.node).collect();
            edge_bands(&e, &xs)
        }
    };
    out.rows = rows
        .into_iter()
        .map(|(label, k)| vec![Cell::Text(label), int(k), share(k, n)])
        .collect();
    out.notes
        .push(format!("{}; bands are half-open [a, b)", units_word(n)));
    out.notes.extend(selection.notes);
    out.notes.extend(ctx.missing_note(node, &missing));
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
    let selection = select(ctx, tail)?;
    let units = &selection.units;
    let mut columns = vec!["指标".to_string()];
    columns.extend(nodes.iter().map(|&id| ctx.model().name_of(id).to_string()));
    let mut out = Output::new(columns);
    // Each pair uses the units with a value at both indicators (pairwise-complete).
    let mut sizes: Vec<usize> = Vec::new();
    for &a in &nodes {
        let mut row = vec![Cell::Text(ctx.model().name_of(a).to_string())];
        for &b in &nodes {
            let (xs, ys): (Vec<f64>, Vec<f64>) = units
                .iter()
                .filter_map(|&u| Some((to_f64(ctx.score(u, a)?), to_f64(ctx.score(u, b)?))))
                .unzip();
            sizes.push(xs.len());
            let r = stats::pearson(&xs, &ys);
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
    out.notes.push(match (p_values, lo == hi) {
        (true, true) => format!(
            "two-sided p-values of Pearson's r (t test, {} df), n = {lo}",
            lo.saturating_sub(2)
        ),
        (true, false) => {
            format!("two-sided p-values of Pearson's r (t test, n − 2 df), n = {lo} to {hi}")
        }
        (false, true) => format!("Pearson's r, n = {lo}"),
        (false, false) => format!("Pearson's r, n = {lo} to {hi}"),
    });
    out.notes.extend(selection.notes);
    let mut any_missing = false;
    for &id in &nodes {
        let missing = ctx.split_missing(units, id).1;
        any_missing |= !missing.is_empty();
        out.notes.extend(ctx.missing_note(id, &missing));
    }
    if any_missing {
        out.notes.push(
            "each r uses the units with a value at both of its indicators (pairwise-complete)"
                .to_string(),
        );
    }
    Ok(out)
}
