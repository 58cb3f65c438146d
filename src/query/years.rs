//! Queries across years and group measures (language chapter 7, "Several years", "Group
//! measures"): `change X from Y [to Z]` per unit (then, now, difference, ranks, CAGR), per group
//! (`change mean X by A from Y`) or of a measure (`change 组均得分率 from Y`), and `measure M`.
//! A unit absent from a year, or without a value there, has no value then (never 0) and no
//! change; a note names it.

use std::collections::HashMap;

use rust_decimal::{Decimal, MathematicalOps};

use crate::check::years::{change_subject, measure_named};
use crate::diag::{Diag, Diags};
use crate::eval::Results;
use crate::model::years::{GroupStat, Measure};
use crate::model::{Model, NodeId};
use crate::output::{Cell, Output};
use crate::syntax::ast::Tail;
use crate::syntax::years::{ChangeQuery, YearsQuery};

use super::resolve::Context;
use super::select::Selection;

#[derive(Clone, Debug, PartialEq)]
pub enum YearsPlan {
    Units {
        of: Subject,
        from: u32,
        to: u32,
        selection: Selection,
    },
    Groups {
        of: Subject,
        stat: GroupStat,
        by: usize,
        from: u32,
        to: u32,
        selection: Selection,
    },
    MeasureChange {
        measure: usize,
        from: u32,
        to: u32,
    },
    Measure(usize),
}

/// A node's score, or its score rate (得分率).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Subject {
    node: NodeId,
    rate: bool,
}

impl Subject {
    fn value(self, model: &Model, r: &Results, unit: usize) -> Option<Decimal> {
        let v = r.score(unit, self.node)?;
        if self.rate {
            crate::eval::rate(v, r.max_of(model, unit, self.node))
        } else {
            Some(v)
        }
    }

    fn cell(self, model: &Model, v: Option<Decimal>) -> Cell {
        match v {
            None => Cell::Missing,
            Some(v) if self.rate => Cell::Rate(v),
            Some(v) => Cell::Num(
                model.shown_value(self.node, v),
                model.decimals_of(self.node),
            ),
        }
    }

    fn title(self, model: &Model) -> String {
        if self.rate {
            super::RATE.to_string()
        } else {
            model.name_of(self.node).to_string()
        }
    }
}

pub fn plan(ctx: &Context<'_>, q: &YearsQuery) -> Result<YearsPlan, Diags> {
    let diags = crate::check::years::check_query(&ctx.scope, q);
    if diags.has_errors() {
        return Err(diags);
    }
    match q {
        YearsQuery::Measure { name, .. } => Ok(YearsPlan::Measure(
            measure_named(&ctx.scope, name).map_err(Diags::from)?,
        )),
        YearsQuery::Change(c) => change(ctx, c),
    }
}

fn change(ctx: &Context<'_>, c: &ChangeQuery) -> Result<YearsPlan, Diags> {
    let from = c.from.node;
    let to = match &c.to {
        Some(t) => t.node,
        None => ctx.results.latest_year().unwrap_or(from),
    };
    let subject = change_subject(&ctx.scope, c).map_err(Diags::from)?;
    let Some((node, rate)) = subject else {
        return Ok(YearsPlan::MeasureChange {
            measure: measure_named(&ctx.scope, &c.of).map_err(Diags::from)?,
            from,
            to,
        });
    };
    let of = Subject { node, rate };
    // `in` and `where` choose the units of the later year.
    let later = ctx.results.year(to).unwrap_or(ctx.results);
    let later_ctx = Context::new(ctx.model(), later, ctx.scope.source);
    let tail = Tail {
        within: c.within.clone(),
        filter: c.filter.clone(),
        ..Tail::default()
    };
    let selection = Selection::plan(&later_ctx, &tail)?;
    Ok(match &c.group {
        None => YearsPlan::Units {
            of,
            from,
            to,
            selection,
        },
        Some((stat, by)) => YearsPlan::Groups {
            of,
            stat: *stat,
            by: ctx.scope.attribute(by).map_err(Diags::from)?,
            from,
            to,
            selection,
        },
    })
}

pub fn run(ctx: &Context<'_>, plan: &YearsPlan) -> Result<Output, Diags> {
    let year = |y: u32| {
        ctx.results.year(y).ok_or_else(|| {
            Diags::from(
                Diag::error(crate::codes::E130, t!("query.e130", year = y))
                    .help(t!("query.e130_help")),
            )
        })
    };
    Ok(match plan {
        YearsPlan::Measure(m) => measure_output(ctx.model(), ctx.results, *m),
        YearsPlan::MeasureChange { measure, from, to } => measure_change(
            ctx.model(),
            *measure,
            (*from, year(*from)?),
            (*to, year(*to)?),
        ),
        YearsPlan::Units {
            of,
            from,
            to,
            selection,
        } => units_change(
            ctx,
            *of,
            (*from, year(*from)?),
            (*to, year(*to)?),
            selection,
        ),
        YearsPlan::Groups {
            of,
            stat,
            by,
            from,
            to,
            selection,
        } => {
            let then = year(*from)?;
            let now = year(*to)?;
            groups_change(ctx, (*of, *stat, *by), (*from, then), (*to, now), selection)
        }
    })
}

/// Each unit's competition rank at the subject in one year (None without a value).
fn ranks(model: &Model, r: &Results, of: Subject) -> Vec<Option<usize>> {
    let values: Vec<(usize, Decimal)> = (0..r.sample_len())
        .filter_map(|u| of.value(model, r, u).map(|v| (u, v)))
        .collect();
    let plain: Vec<Decimal> = values.iter().map(|&(_, v)| v).collect();
    let mut out = vec![None; r.units.len()];
    for ((u, _), rank) in values.iter().zip(crate::eval::competition_ranks(&plain)) {
        if let Some(slot) = out.get_mut(*u) {
            *slot = Some(rank);
        }
    }
    out
}

/// The compound annual growth rate from `then` to `now` over `years` years:
/// (now ÷ then)^(1/years) − 1. Exact over one year; over more, rust_decimal's `powd` (about 20
/// significant digits). None unless both are above 0.
pub fn cagr(then: Decimal, now: Decimal, years: u32) -> Option<Decimal> {
    if then <= Decimal::ZERO || now <= Decimal::ZERO || years == 0 {
        return None;
    }
    let ratio = now.checked_div(then)?;
    let grown = if years == 1 {
        ratio
    } else {
        ratio.checked_powd(Decimal::ONE.checked_div(Decimal::from(years))?)?
    };
    grown.checked_sub(Decimal::ONE)
}

fn units_change(
    ctx: &Context<'_>,
    of: Subject,
    (from, then): (u32, &Results),
    (to, now): (u32, &Results),
    selection: &Selection,
) -> Output {
    let model = ctx.model();
    let name = of.title(model);
    let mut out = Output::new(vec![
        model.key.node.clone(),
        format!("{name}（{from}）"),
        format!("{name}（{to}）"),
        "变化".to_string(),
        format!("排名（{from}）"),
        format!("排名（{to}）"),
        "名次变化".to_string(),
        "年均增长率".to_string(),
    ]);
    let later = Context::new(model, now, ctx.scope.source);
    let selected = selection.apply(&later);
    let (rank_then, rank_now) = (ranks(model, then, of), ranks(model, now, of));
    let mut rows: Vec<(Option<usize>, Vec<Cell>)> = Vec::new();
    let mut absent = Vec::new();
    let mut no_value = Vec::new();
    let then_keys = super::index::key_map(then);
    for &u in &selected.units {
        let key = later.key(u);
        let was = then_keys.get(key).copied();
        let v_now = of.value(model, now, u);
        let v_then = was.and_then(|w| of.value(model, then, w));
        if was.is_none() {
            absent.push(key);
        } else if v_then.is_none() || v_now.is_none() {
            no_value.push(key);
        }
        let r_now = rank_now.get(u).copied().flatten();
        let r_then = was.and_then(|w| rank_then.get(w).copied().flatten());
        let diff = v_now.zip(v_then).and_then(|(a, b)| a.checked_sub(b));
        let moved = r_now
            .zip(r_then)
            .and_then(|(n, t)| i64::try_from(t).ok()?.checked_sub(i64::try_from(n).ok()?));
        let growth = v_now
            .zip(v_then)
            .and_then(|(n, t)| cagr(t, n, to.saturating_sub(from)));
        let rank_cell = |r: Option<usize>| {
            r.and_then(|r| i64::try_from(r).ok())
                .map_or(Cell::Missing, Cell::Int)
        };
        rows.push((
            r_now,
            vec![
                Cell::Text(key.to_string()),
                of.cell(model, v_then),
                of.cell(model, v_now),
                of.cell(model, diff),
                rank_cell(r_then),
                rank_cell(r_now),
                moved.map_or(Cell::Missing, Cell::Int),
                growth.map_or(Cell::Missing, Cell::Rate),
            ],
        ));
    }
    // By the later year's rank; units without one last, in data order.
    rows.sort_by_key(|(r, _)| r.unwrap_or(usize::MAX));
    out.rows = rows.into_iter().map(|(_, r)| r).collect();
    out.notes = selected.notes;
    let now_keys = super::index::key_map(now);
    let gone: Vec<&str> = then
        .units
        .iter()
        .take(then.sample_len())
        .filter(|u| !now_keys.contains_key(u.key.as_str()))
        .map(|u| u.key.as_str())
        .collect();
    for (list, why) in [
        (absent, t!("query.years_absent", from = from)),
        (
            no_value,
            t!("query.years_no_value", name = &name, from = from, to = to),
        ),
        (gone, t!("query.years_gone", from = from, to = to)),
    ] {
        if !list.is_empty() {
            out.notes.push(
                t!(
                    "query.years_units_note",
                    units = super::units_word(list.len()),
                    why = why,
                    list = crate::check::names::shortlist(&list)
                )
                .into_owned(),
            );
        }
    }
    out.notes.push(
        t!(
            "query.years_change_note",
            moved = "名次变化",
            growth = "年均增长率"
        )
        .into_owned(),
    );
    out
}

/// Each value of an attribute among the sample units a selection keeps (in order of first
/// appearance) with the subject's values of its members.
fn group_values(
    r: &Results,
    units: &[usize],
    by: usize,
    value: impl Fn(usize) -> Option<Decimal>,
) -> Vec<(String, Vec<Decimal>)> {
    let mut groups: Vec<(String, Vec<Decimal>)> = Vec::new();
    // Each group's place in `groups`.
    let mut at: HashMap<&str, usize> = HashMap::new();
    for &u in units {
        let Some(g) = r.units.get(u).and_then(|x| x.attributes.get(by)) else {
            continue;
        };
        if g.is_empty() {
            continue;
        }
        let slot = match at.get(g.as_str()) {
            Some(&i) => groups.get_mut(i),
            None => {
                at.insert(g, groups.len());
                groups.push((g.clone(), Vec::new()));
                groups.last_mut()
            }
        };
        if let (Some((_, values)), Some(v)) = (slot, value(u)) {
            values.push(v);
        }
    }
    groups
}

fn statistic(stat: GroupStat, mut values: Vec<Decimal>) -> Option<Decimal> {
    match stat {
        GroupStat::Mean => crate::stats::mean(&values),
        GroupStat::Median => {
            values.sort_unstable();
            crate::stats::median(&values)
        }
    }
}

/// The statistic as a person reads it (its column heading in tables).
fn stat_label(stat: GroupStat) -> String {
    match stat {
        GroupStat::Mean => t!("report.h_mean"),
        GroupStat::Median => t!("report.h_median"),
    }
    .into_owned()
}

fn stat_word(stat: GroupStat) -> &'static str {
    match stat {
        GroupStat::Mean => "mean",
        GroupStat::Median => "median",
    }
}

fn groups_change(
    ctx: &Context<'_>,
    (of, stat, by): (Subject, GroupStat, usize),
    (from, then): (u32, &Results),
    (to, now): (u32, &Results),
    selection: &Selection,
) -> Output {
    let model = ctx.model();
    let later = Context::new(model, now, ctx.scope.source);
    let selected = selection.apply(&later);
    let now_groups = group_values(now, &selected.units, by, |u| of.value(model, now, u));
    // The earlier year's members: the same units (by key) where it has them.
    let keys: Vec<&str> = selected.units.iter().map(|&u| later.key(u)).collect();
    let then_keys = super::index::key_map(then);
    let then_units: Vec<usize> = keys
        .iter()
        .filter_map(|k| then_keys.get(k).copied())
        .collect();
    let then_groups = group_values(then, &then_units, by, |u| of.value(model, then, u));
    let word = stat_word(stat);
    let mut out = Output::new(vec![
        model.attribute_name(by).to_string(),
        format!("n（{from}）"),
        format!("{word}（{from}）"),
        format!("n（{to}）"),
        format!("{word}（{to}）"),
        "变化".to_string(),
    ]);
    let mut then_groups: HashMap<String, Vec<Decimal>> = then_groups.into_iter().collect();
    for (g, values) in now_groups {
        let before = then_groups.remove(&g).unwrap_or_default();
        let count = |v: &[Decimal]| i64::try_from(v.len()).map_or(Cell::Missing, Cell::Int);
        let (n_then, n_now) = (count(&before), count(&values));
        let (s_then, s_now) = (statistic(stat, before), statistic(stat, values));
        let diff = s_now.zip(s_then).and_then(|(a, b)| a.checked_sub(b));
        out.rows.push(vec![
            Cell::Text(g),
            n_then,
            of.cell(model, s_then),
            n_now,
            of.cell(model, s_now),
            of.cell(model, diff),
        ]);
    }
    out.notes = selected.notes;
    out.notes.push(
        t!(
            "query.years_group_note",
            stat = stat_label(stat),
            name = of.title(model),
            to = to
        )
        .into_owned(),
    );
    out
}

/// A measure's value per group over one year's results: (group, N taken, statistic).
pub fn measure_values(
    model: &Model,
    r: &Results,
    m: &Measure,
) -> Vec<(String, usize, Option<Decimal>)> {
    let of = Subject {
        node: m.of,
        rate: m.rate,
    };
    let units: Vec<usize> = (0..r.sample_len())
        .filter(|&u| {
            m.filter.as_ref().is_none_or(|f| {
                r.units
                    .get(u)
                    .is_some_and(|x| crate::eval::groups::holds(f, &x.attributes))
            })
        })
        .collect();
    group_values(r, &units, m.by, |u| of.value(model, r, u))
        .into_iter()
        .map(|(g, mut values)| {
            values.sort_unstable_by(|a, b| b.cmp(a));
            if let Some(n) = m.cut(&g) {
                // The group's N best, ties with the N-th kept (as `top N` everywhere in cix).
                let nth = values.get(n.saturating_sub(1)).copied();
                if let Some(nth) = nth {
                    values.retain(|v| *v >= nth);
                }
            }
            let n = values.len();
            (g, n, statistic(m.stat, values))
        })
        .collect()
}

fn measure_output(model: &Model, r: &Results, m: usize) -> Output {
    let Some(measure) = model.grouping.series.measures.get(m) else {
        return Output::default();
    };
    let of = Subject {
        node: measure.of,
        rate: measure.rate,
    };
    let mut out = Output::new(vec![
        model.attribute_name(measure.by).to_string(),
        "top".to_string(),
        "n".to_string(),
        stat_word(measure.stat).to_string(),
    ]);
    for (g, n, v) in measure_values(model, r, measure) {
        let top = measure
            .cut(&g)
            .and_then(|t| i64::try_from(t).ok())
            .map_or_else(|| Cell::word("query.all"), Cell::Int);
        out.rows.push(vec![
            Cell::Text(g),
            top,
            i64::try_from(n).map_or(Cell::Missing, Cell::Int),
            of.cell(model, v),
        ]);
    }
    out.title = Some(measure.name.node.clone());
    out.notes.push(
        t!(
            "query.measure_note",
            stat = stat_label(measure.stat),
            name = of.title(model),
            all = t!("query.all")
        )
        .into_owned(),
    );
    out
}

fn measure_change(
    model: &Model,
    m: usize,
    (from, then): (u32, &Results),
    (to, now): (u32, &Results),
) -> Output {
    let Some(measure) = model.grouping.series.measures.get(m) else {
        return Output::default();
    };
    let of = Subject {
        node: measure.of,
        rate: measure.rate,
    };
    let name = &measure.name.node;
    let before = measure_values(model, then, measure);
    let mut out = Output::new(vec![
        model.attribute_name(measure.by).to_string(),
        format!("{name}（{from}）"),
        format!("{name}（{to}）"),
        "变化".to_string(),
    ]);
    let before: HashMap<String, Option<Decimal>> =
        before.into_iter().map(|(k, _, v)| (k, v)).rev().collect();
    for (g, _, v_now) in measure_values(model, now, measure) {
        let v_then = before.get(&g).copied().flatten();
        let diff = v_now.zip(v_then).and_then(|(a, b)| a.checked_sub(b));
        out.rows.push(vec![
            Cell::Text(g),
            of.cell(model, v_then),
            of.cell(model, v_now),
            of.cell(model, diff),
        ]);
    }
    out.notes
        .push(t!("query.measure_change_note", name = name).into_owned());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cagr_by_hand() {
        let d = |v: i64| Decimal::from(v);
        // 100 → 121 over two years: 10 % a year.
        let g = cagr(d(100), d(121), 2).unwrap();
        assert!((g - Decimal::new(1, 1)).abs() < Decimal::new(1, 12), "{g}");
        // One year: exact.
        assert_eq!(cagr(d(80), d(100), 1), Some(Decimal::new(25, 2)));
        assert_eq!(cagr(d(0), d(100), 1), None);
    }
}
