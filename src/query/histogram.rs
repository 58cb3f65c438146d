//! Counts and histograms: `count by A`, `histogram X step S`, `histogram X edges a, b, …`.

use rust_decimal::Decimal;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::NodeId;
use crate::output::{Cell, Output};
use crate::source::{Source, Spanned};
use crate::syntax::ast::{Bins, Name, Tail};

use super::resolve::{units_word, Context, Partition};
use super::select::{partition_title, Selection};
use crate::check::query::check_tail;

/// `count by A` with its names resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct CountPlan {
    by: Partition,
    selection: Selection,
}

/// A histogram's bands, checked: a step above 0, or increasing edges.
#[derive(Clone, Debug, PartialEq)]
enum Bands {
    Step(Spanned<Decimal>),
    Edges(Vec<Decimal>),
}

/// `histogram X …` with its names resolved.
#[derive(Clone, Debug)]
pub struct HistogramPlan {
    of: NodeId,
    bands: Bands,
    selection: Selection,
    /// The query's text, for an error found when the values are known (too many bands).
    source: Source,
}

/// Equal when they resolve alike, whatever the text they were written in.
impl PartialEq for HistogramPlan {
    fn eq(&self, other: &Self) -> bool {
        self.of == other.of && self.bands == other.bands && self.selection == other.selection
    }
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

pub fn plan_count(ctx: &Context<'_>, by: &Name, tail: &Tail) -> Result<CountPlan, Diags> {
    let mut diags = Diags::new();
    let by = match ctx.scope.partition(by) {
        Ok(p) => Some(p),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    check_tail(&ctx.scope, tail, ctx.model().total, &mut diags);
    match (by, diags.has_errors()) {
        (Some(by), false) => Ok(CountPlan {
            by,
            selection: Selection::plan(ctx, tail)?,
        }),
        _ => Err(diags),
    }
}

pub fn count(ctx: &Context<'_>, p: &CountPlan) -> Output {
    let selected = p.selection.apply(ctx);
    let (parts, none) = ctx.partition(p.by, &selected.units);
    let total = parts
        .iter()
        .fold(0usize, |t, (_, m)| t.saturating_add(m.len()));
    let mut out = Output::new(vec![
        partition_title(ctx, p.by),
        "n".to_string(),
        "share".to_string(),
    ]);
    let mut rows: Vec<(usize, Vec<Cell>)> = parts
        .into_iter()
        .map(|(label, m)| {
            (
                m.len(),
                vec![Cell::Text(label), int(m.len()), share(m.len(), total)],
            )
        })
        .collect();
    // Tiers keep their own order (领军, 先锋, 探索); attribute values go largest first.
    if !matches!(p.by, Partition::Tiers(_)) {
        rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    }
    out.rows = rows.into_iter().map(|(_, r)| r).collect();
    out.notes.push(units_word(total));
    out.notes.extend(selected.notes);
    out.notes.extend(ctx.partition_note(p.by, &none));
    out
}

/// The bands of a histogram, checked: a step of 0 or less, edges that do not increase, are
/// errors.
fn check_bins(ctx: &Context<'_>, bins: &Bins) -> Result<Bands, Diag> {
    let bad = match bins {
        Bins::Step(s) if s.node <= Decimal::ZERO => Some((s.span, t!("query.step_not_positive"))),
        Bins::Step(_) => None,
        Bins::Edges(e) => e.windows(2).find_map(|w| match w {
            [a, b] if b.node <= a.node => Some((b.span, t!("query.edges_increase"))),
            _ => None,
        }),
    };
    if let Some((span, msg)) = bad {
        return Err(Diag::error(codes::E303, msg.into_owned())
            .in_source(ctx.scope.source)
            .label(span, t!("query.here"))
            .help(t!("query.histogram_help")));
    }
    Ok(match bins {
        Bins::Step(s) => Bands::Step(s.clone()),
        Bins::Edges(e) => Bands::Edges(e.iter().map(|x| x.node).collect()),
    })
}

fn fmt_edge(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The most bands a histogram may have.
pub const MAX_BANDS: usize = 1000;

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
    source: &Source,
    step: &Spanned<Decimal>,
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
        t!(
            "query.too_many_bands",
            step = s.normalize(),
            max = MAX_BANDS
        ),
    )
    .in_source(source)
    .label(step.span, t!("query.step_too_small"))
    .help(t!(
        "query.try_step",
        lo = lo.normalize(),
        hi = hi.normalize(),
        step = hi
            .checked_sub(lo)
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

pub fn plan_histogram(
    ctx: &Context<'_>,
    of: &Name,
    bins: &Bins,
    tail: &Tail,
) -> Result<HistogramPlan, Diags> {
    let mut diags = Diags::new();
    let node = ctx.scope.indicator(of).map_err(|d| diags.push(d)).ok();
    check_tail(
        &ctx.scope,
        tail,
        node.unwrap_or(ctx.model().total),
        &mut diags,
    );
    let bands = check_bins(ctx, bins).map_err(|d| diags.push(d)).ok();
    match (node, bands, diags.has_errors()) {
        (Some(of), Some(bands), false) => Ok(HistogramPlan {
            of,
            bands,
            selection: Selection::plan(ctx, tail)?,
            source: ctx.scope.source.clone(),
        }),
        _ => Err(diags),
    }
}

/// Answer a histogram over the units with a value; too many bands for the values is an error.
pub fn histogram(ctx: &Context<'_>, p: &HistogramPlan) -> Result<Output, Diags> {
    let selected = p.selection.apply(ctx);
    let (present, missing) = ctx.split_missing(&selected.units, p.of);
    let xs: Vec<Decimal> = present.iter().map(|&(_, v)| v).collect();
    let n = xs.len();
    let mut out = Output::new(vec![
        "区间".to_string(),
        "n".to_string(),
        "share".to_string(),
    ]);
    let rows = match &p.bands {
        Bands::Step(step) => match (xs.iter().min(), xs.iter().max()) {
            (Some(&lo), Some(&hi)) => step_bands(&p.source, step, lo, hi)
                .map_err(Diags::from)?
                .into_iter()
                .map(|(a, b)| {
                    let k = xs.iter().filter(|x| **x >= a && **x < b).count();
                    (format!("[{}, {})", fmt_edge(a), fmt_edge(b)), k)
                })
                .collect(),
            _ => Vec::new(),
        },
        Bands::Edges(edges) => edge_bands(edges, &xs),
    };
    out.rows = rows
        .into_iter()
        .map(|(label, k)| vec![Cell::Text(label), int(k), share(k, n)])
        .collect();
    out.notes.push(
        t!(
            "query.bands_note",
            units = units_word(n),
            interval = "[a, b)"
        )
        .into_owned(),
    );
    out.notes.extend(selected.notes);
    out.notes.extend(ctx.missing_note(p.of, &missing));
    Ok(out)
}
