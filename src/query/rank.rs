//! Rankings: `rank by`, `top N by`, `bottom N by`, `where … sort …`. Ranks are competition
//! ranks (1, 2, 2, 4) on exact values, inside the selection and inside each `per` group; a unit
//! without a value at the ranked indicator is left out of the ranking, with a note.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::diag::Diags;
use crate::lang;
use crate::model::NodeId;
use crate::output::{Cell, Output};
use crate::syntax::ast::{Name, RankKind, RankQuery, Tail};

use super::ranked::Ranked;
use super::resolve::{units_word, Column, Context, Partition};
use super::select::{partition_title, Selection};
use crate::check::query::check_rank as check;

/// The names the `where` clauses mention, in order, without repeats.
fn condition_names(tail: &Tail) -> Vec<Name> {
    let mut names: Vec<Name> = Vec::new();
    for c in &tail.filter {
        for cmp in std::iter::once(&c.first).chain(c.rest.iter().map(|(_, c)| c)) {
            if !names.iter().any(|n| n.node == cmp.left().node) {
                names.push(cmp.left().clone());
            }
        }
    }
    names
}

/// The columns a ranking shows: as asked, else what the kind of query makes interesting.
fn shown_columns(
    ctx: &Context<'_>,
    q: &RankQuery,
    by: NodeId,
    sort: &[(Column, bool)],
) -> Result<Vec<Column>, Diags> {
    let total = ctx.model().total;
    if !q.tail.show.is_empty() {
        return q
            .tail
            .show
            .iter()
            .map(|s| ctx.scope.column(s, by))
            .collect::<Result<_, _>>()
            .map_err(Diags::from);
    }
    if q.kind != RankKind::List {
        let mut cols = vec![Column::Node(by)];
        // A ratio has no maximum, so no 得分率 (chapter 6).
        if !ctx.model().is_ratio(by) {
            cols.push(Column::Rate(by));
        }
        if by != total {
            cols.push(Column::Node(total));
        }
        return Ok(cols);
    }
    let mut cols = Vec::new();
    for n in condition_names(&q.tail) {
        if let Ok(c) = ctx.scope.column(&n, by) {
            cols.push(c);
        }
    }
    for (c, _) in sort {
        if !cols.contains(c) {
            cols.push(c.clone());
        }
    }
    if !cols.contains(&Column::Node(total)) {
        cols.push(Column::Node(total));
    }
    Ok(cols)
}

/// A ranking with its names resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct RankPlan {
    kind: RankKind,
    /// The indicator ranked by.
    by: NodeId,
    selection: Selection,
    per: Option<Partition>,
    show: Vec<Column>,
    sort: Vec<(Column, bool)>,
}

/// Check a ranking and resolve its names.
pub fn plan(ctx: &Context<'_>, q: &RankQuery) -> Result<RankPlan, Diags> {
    let diags = check(&ctx.scope, q);
    if diags.has_errors() {
        return Err(diags);
    }
    let model = ctx.model();
    let sort: Vec<(Column, bool)> = q
        .tail
        .sort
        .iter()
        .map(|(n, desc)| ctx.scope.column(n, model.total).map(|c| (c, *desc)))
        .collect::<Result<_, _>>()
        .map_err(Diags::from)?;
    let by = match (&q.by, q.kind, sort.first()) {
        (Some(b), _, _) => ctx.scope.indicator(b).map_err(Diags::from)?,
        (None, RankKind::List, Some((Column::Node(id), _))) => *id,
        _ => model.total,
    };
    let per = match &q.tail.per {
        Some(p) => Some(ctx.scope.partition(p).map_err(Diags::from)?),
        None => None,
    };
    Ok(RankPlan {
        kind: q.kind,
        by,
        selection: Selection::plan(ctx, &q.tail)?,
        per,
        show: shown_columns(ctx, q, by, &sort)?,
        sort,
    })
}

/// Answer a ranking: units without a value at the ranked indicator are left out of it, with a
/// note. The rows are made into cells as they are read ([`Ranked`]).
pub fn run<'a>(ctx: &Context<'a>, p: &'a RankPlan) -> Ranked<'a> {
    let model = ctx.model();
    let selected = p.selection.apply(ctx);
    let (parts, no_part) = match p.per {
        Some(per) => ctx.partition(per, &selected.units),
        None => (vec![(String::new(), selected.units)], Vec::new()),
    };
    let mut columns = Vec::new();
    if let Some(per) = p.per {
        columns.push(partition_title(ctx, per));
    }
    if p.kind != RankKind::List {
        columns.push("排名".to_string());
    }
    columns.push(model.key.node.clone());
    columns.extend(p.show.iter().map(|c| ctx.scope.column_title(c)));
    let mut out = Output::new(columns);
    let mut unranked = Vec::new();
    let mut rows = 0usize;
    let parts: super::ranked::Parts = parts
        .into_iter()
        .map(|(group, members)| {
            let made = if p.kind == RankKind::List {
                list_rows(ctx, &members, p.by, &p.sort)
            } else {
                let (present, missing) = ctx.split_missing(&members, p.by);
                unranked.extend(missing);
                ranked_rows(ctx, &mut out, p.kind, &present, &p.sort, &group)
            };
            rows = rows.saturating_add(made.len());
            (group, made)
        })
        .collect();
    if p.kind == RankKind::List {
        out.notes.push(units_word(rows));
    }
    out.notes.extend(selected.notes);
    out.notes.extend(ctx.missing_note(p.by, &unranked));
    if let Some(per) = p.per {
        out.notes.extend(ctx.partition_note(per, &no_part));
    }
    // Every imputed cell marked (language chapter 5): the leaves imputed at or under a node
    // the table shows.
    let nodes: Vec<NodeId> = std::iter::once(p.by)
        .chain(p.show.iter().filter_map(|c| match c {
            Column::Node(id) | Column::Rate(id) => Some(*id),
            _ => None,
        }))
        .collect();
    let shape = (p.per.is_some(), p.kind != RankKind::List);
    Ranked::new(ctx, out, parts, shape, &p.show, nodes)
}

/// The rows of a ranking (rank, unit): every unit with a value, or the top or bottom N (ties
/// with the N-th kept, and a note saying so), in rank order or as `sort` says.
fn ranked_rows(
    ctx: &Context<'_>,
    out: &mut Output,
    kind: RankKind,
    present: &[(usize, Decimal)],
    sort: &[(Column, bool)],
    group: &str,
) -> Vec<(Option<usize>, usize)> {
    let mut keep: Vec<(usize, usize, Decimal)> = match kind {
        RankKind::Top(n) => {
            let (keep, cut) = top_n(present, n, false);
            out.notes.extend(tie_note("top", n, &cut, group));
            keep
        }
        RankKind::Bottom(n) => {
            let (keep, cut) = top_n(present, n, true);
            out.notes.extend(tie_note("bottom", n, &cut, group));
            keep
        }
        // In rank order, or in the order given when the sort keys decide.
        RankKind::All | RankKind::List => ranked(present, !sort.is_empty()),
    };
    // Display order: by value (stable: ties in data order), or by the sort keys.
    if !sort.is_empty() {
        sort_by_keys(ctx, &mut keep, |k| k.1, sort);
    } else if matches!(kind, RankKind::Top(_) | RankKind::Bottom(_)) {
        keep.sort_by_key(|k| std::cmp::Reverse(k.2));
    }
    keep.into_iter().map(|(r, u, _)| (Some(r), u)).collect()
}

/// Every unit of `present` with its competition rank (highest first): one sort, the ranks read
/// off it. In rank order (ties in the order given), or with `as_given` in the order given.
fn ranked(present: &[(usize, Decimal)], as_given: bool) -> Vec<(usize, usize, Decimal)> {
    let values: Vec<Decimal> = present.iter().map(|&(_, v)| v).collect();
    // Each unit's place in `present`, highest first (stable), compared as integers when the
    // values allow.
    let order: Vec<usize> = match super::order::integer_keys(&values) {
        Some(keys) => highest_first(keys),
        None => highest_first(values.clone()),
    };
    let mut ranks = vec![0usize; present.len()];
    let mut previous: Option<(Decimal, usize)> = None;
    for (place, &at) in order.iter().enumerate() {
        let Some(&v) = values.get(at) else { continue };
        let rank = match previous {
            Some((pv, rank)) if pv == v => rank,
            _ => place.saturating_add(1),
        };
        previous = Some((v, rank));
        if let Some(slot) = ranks.get_mut(at) {
            *slot = rank;
        }
    }
    let row = |at: usize| {
        let &(u, v) = present.get(at)?;
        Some((ranks.get(at).copied().unwrap_or(0), u, v))
    };
    if as_given {
        (0..present.len()).filter_map(row).collect()
    } else {
        order.into_iter().filter_map(row).collect()
    }
}

/// The places of `keys`, highest key first, ties in place order (a place breaks ties, so an
/// unstable sort on all cores gives the one order).
fn highest_first<K: Ord + Copy + Send>(keys: Vec<K>) -> Vec<usize> {
    use rayon::slice::ParallelSliceMut;
    let mut order: Vec<(std::cmp::Reverse<K>, usize)> = keys
        .into_iter()
        .enumerate()
        .map(|(at, k)| (std::cmp::Reverse(k), at))
        .collect();
    order.par_sort_unstable();
    order.into_iter().map(|(_, at)| at).collect()
}

/// The units of the top N (`bottom`: the bottom N) with their ranks among all of `present`
/// (competition ranks, highest first), in data order, every unit tied with the N-th kept; and
/// the kept units' places counted from that end (for the note on ties). A partial selection
/// finds the N-th value, so a query over a million units does not sort them all.
fn top_n(
    present: &[(usize, Decimal)],
    n: usize,
    bottom: bool,
) -> (Vec<(usize, usize, Decimal)>, Vec<usize>) {
    let mut values: Vec<Decimal> = present.iter().map(|&(_, v)| v).collect();
    let cut = match n.checked_sub(1) {
        Some(i) if i < values.len() => {
            let (_, nth, _) = if bottom {
                values.select_nth_unstable(i)
            } else {
                values.select_nth_unstable_by(i, |a, b| b.cmp(a))
            };
            Some(*nth)
        }
        // Fewer units than N: all of them.
        Some(_) => None,
        None => return (Vec::new(), Vec::new()),
    };
    let inside = |v: Decimal| cut.is_none_or(|c| if bottom { v <= c } else { v >= c });
    let kept: Vec<(usize, Decimal)> = present
        .iter()
        .copied()
        .filter(|&(_, v)| inside(v))
        .collect();
    // Every unit ranked above a kept one is kept too, so counting among the kept (and, for the
    // bottom, the units above them all) gives the ranks among all.
    let mut sorted: Vec<Decimal> = kept.iter().map(|&(_, v)| v).collect();
    sorted.sort_unstable();
    let at_most = |v: Decimal| sorted.partition_point(|x| *x <= v);
    let below = |v: Decimal| sorted.partition_point(|x| *x < v);
    let above = |v: Decimal| {
        let all = if bottom { present.len() } else { sorted.len() };
        all.saturating_sub(at_most(v))
    };
    let places = kept
        .iter()
        .map(|&(_, v)| {
            let before = if bottom { below(v) } else { above(v) };
            before.saturating_add(1)
        })
        .collect();
    let keep = kept
        .into_iter()
        .map(|(u, v)| (above(v).saturating_add(1), u, v))
        .collect();
    (keep, places)
}

/// The rows of a `where` list: every selected unit, sorted as asked (else by `by`, highest
/// first); units without a value at a sort key come last.
fn list_rows(
    ctx: &Context<'_>,
    members: &[usize],
    by: NodeId,
    sort: &[(Column, bool)],
) -> Vec<(Option<usize>, usize)> {
    let mut keep = members.to_vec();
    let by_value = [(Column::Node(by), true)];
    let keys = if sort.is_empty() { &by_value[..] } else { sort };
    sort_by_keys(ctx, &mut keep, |&u| u, keys);
    keep.into_iter().map(|u| (None, u)).collect()
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum SortValue {
    Number(Decimal),
    Text(String),
}

fn sort_value(ctx: &Context<'_>, unit: usize, col: &Column) -> Option<SortValue> {
    match ctx.cell(unit, col) {
        Cell::Num(v, _) | Cell::Rate(v) => Some(SortValue::Number(v)),
        // An attribute holding numbers (a code, GDP) sorts as numbers: 9 before 10.
        Cell::Text(s) => Some(match crate::data::parse_number(&s) {
            Some(n) => SortValue::Number(n),
            None => SortValue::Text(s),
        }),
        _ => None,
    }
}

/// Sort `items` (stably) by their units' values at the sort keys, each value read once per
/// unit rather than once per comparison.
fn sort_by_keys<T>(
    ctx: &Context<'_>,
    items: &mut Vec<T>,
    unit: impl Fn(&T) -> usize,
    keys: &[(Column, bool)],
) {
    let mut keyed: Vec<(Vec<Option<SortValue>>, T)> = items
        .drain(..)
        .map(|item| {
            let u = unit(&item);
            let values = keys.iter().map(|(c, _)| sort_value(ctx, u, c)).collect();
            (values, item)
        })
        .collect();
    keyed.sort_by(|a, b| by_keys(&a.0, &b.0, keys));
    items.extend(keyed.into_iter().map(|(_, item)| item));
}

/// Compare two units' values at the sort keys in turn; a unit without a value comes after one
/// with, whichever the direction.
fn by_keys(a: &[Option<SortValue>], b: &[Option<SortValue>], keys: &[(Column, bool)]) -> Ordering {
    for ((x, y), (_, desc)) in a.iter().zip(b).zip(keys) {
        let ord = match (x, y) {
            (Some(x), Some(y)) if *desc => y.cmp(x),
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

/// 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 101st, 111th.
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// When ties at the last place kept make `top N` return more than N rows: how many rows, and
/// how many units tie at which place. `kept` are the ranks (from the top, or from the bottom)
/// of the rows kept.
fn tie_note(which: &str, n: usize, kept: &[usize], group: &str) -> Option<String> {
    if kept.len() <= n {
        return None;
    }
    let last = kept.iter().copied().max()?;
    let tied = kept.iter().filter(|&&r| r == last).count();
    let within = if group.is_empty() {
        String::new()
    } else {
        t!("query.tie_within", group = group).into_owned()
    };
    // English says "5th place"; Chinese "第 5 名".
    let place = match lang::current() {
        lang::Lang::En => ordinal(last),
        lang::Lang::Zh => last.to_string(),
    };
    let key = if which == "bottom" {
        "query.tie_bottom"
    } else {
        "query.tie_top"
    };
    let template = t!(key);
    let values = [
        n.to_string(),
        within,
        kept.len().to_string(),
        units_word(tied),
        place,
    ];
    Some(rust_i18n::replace_patterns(
        &template,
        &["n", "within", "rows", "units", "place"],
        &values,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::competition_ranks;

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd",
                "101st", "111th", "112th"
            ]
        );
    }

    /// The partial selection keeps exactly the units whose competition rank (from its end) is
    /// at most N, with their ranks among all, as ranking everything would.
    #[test]
    fn top_and_bottom_n_match_a_full_ranking() {
        use crate::eval::competition_ranks_ascending;
        let values: Vec<i64> = vec![5, 7, 7, 3, 9, 1, 7, 3, 3, 0, 9, 5];
        let present: Vec<(usize, Decimal)> = values
            .iter()
            .enumerate()
            .map(|(u, &v)| (u, Decimal::from(v)))
            .collect();
        let all: Vec<Decimal> = present.iter().map(|p| p.1).collect();
        let (desc, asc) = (competition_ranks(&all), competition_ranks_ascending(&all));
        for n in 0..=14 {
            for (bottom, places) in [(false, &desc), (true, &asc)] {
                let want: Vec<(usize, usize, Decimal)> = present
                    .iter()
                    .zip(places.iter().zip(&desc))
                    .filter(|(_, (&p, _))| p <= n)
                    .map(|(&(u, v), (_, &r))| (r, u, v))
                    .collect();
                let want_places: Vec<usize> = places.iter().copied().filter(|&p| p <= n).collect();
                assert_eq!(
                    top_n(&present, n, bottom),
                    (want, want_places),
                    "{n} {bottom}"
                );
            }
        }
    }

    #[test]
    fn ties_counted_at_their_place() {
        assert_eq!(
            tie_note("top", 2, &[1; 31], "").as_deref(),
            Some("top 2: 31 rows, because 31 units tie at 1st place")
        );
        assert_eq!(
            tie_note("top", 5, &[1, 2, 3, 4, 5, 5, 5], "华南").as_deref(),
            Some("top 5 in 华南: 7 rows, because 3 units tie at 5th place")
        );
        assert_eq!(tie_note("top", 3, &[1, 2, 3], ""), None);
    }
}
