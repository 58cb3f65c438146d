//! One self-contained HTML page (no script, no font, no link outside it): the index's report
//! with its method, every report as a table and charts ([`report_page`]), or one unit's profile
//! ([`unit_page`]). Every name is escaped ([`esc`]).

use std::fmt::Write as _;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::svg::{self, esc, Bar};
use crate::eval::Results;
use crate::model::{Model, NodeId};
use crate::output::{Cell, Output};
use crate::report::{cell_text, fixed};

/// Strengths and weaknesses shown on a unit's page.
const STRENGTHS: usize = 3;

const STYLE: &str = "body{font-family:sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}\
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ddd;padding:2px 8px}\
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}\
figure.chart{margin:1em 0 2em}figcaption{color:#555;font-size:.9em}p.note{color:#555;font-size:.9em;margin:.2em 0}\
section{margin-bottom:2em}h1{font-size:1.6em}";

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The page's frame around `body`.
fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        crate::lang::current().locale(),
        esc(title)
    )
}

fn heading(model: &Model) -> String {
    let edition = model
        .edition
        .as_ref()
        .map(|e| {
            let ordinal = e
                .ordinal
                .as_deref()
                .map(|o| format!(" {o}"))
                .unwrap_or_default();
            format!("<p class=\"edition\">{}{}</p>\n", e.year, esc(&ordinal))
        })
        .unwrap_or_default();
    format!("<h1>{}</h1>\n{edition}", esc(&model.name))
}

/// The report of an index: title, edition, method, charts and every report's table.
pub fn report_page(
    model: &Model,
    results: &Results,
    outputs: &[(String, Output)],
    intervals: Option<&crate::robust::setup::Intervals>,
) -> String {
    let mut body = heading(model);
    body.push_str(&method(model));
    let charts = t!("publish.charts");
    body.push_str(&format!("<section id=\"charts\">\n<h2>{charts}</h2>\n"));
    body.push_str(&ranking_chart(model, results));
    if let Some(i) = intervals {
        body.push_str(&interval_chart(i));
    }
    body.push_str(&histogram_chart(model, results));
    if let Some(chart) = group_chart(model, results) {
        body.push_str(&chart);
    }
    body.push_str(&correlation_chart(model, results));
    if let Some(best) = ranked(model, results).first() {
        body.push_str(&profile_chart(model, results, *best));
    }
    let reports = t!("publish.reports");
    body.push_str(&format!(
        "</section>\n<section id=\"reports\">\n<h2>{reports}</h2>\n"
    ));
    for (name, out) in outputs {
        body.push_str(&table(name, out));
    }
    body.push_str("</section>\n");
    page(&model.name, &body)
}

/// The rank intervals of the spec's declared uncertainties (only when it declares some): per
/// unit in nominal order, its nominal rank and 5th–95th percentile interval.
fn interval_chart(i: &crate::robust::setup::Intervals) -> String {
    let rows: Vec<svg::Interval> = i
        .stats
        .iter()
        .map(|s| svg::Interval {
            name: i.keys.get(s.unit).cloned().unwrap_or_default(),
            nominal: s.nominal,
            p5: s.p5,
            p95: s.p95,
        })
        .collect();
    let last = i
        .stats
        .iter()
        .map(|s| s.p95.max(s.nominal))
        .max()
        .unwrap_or(1);
    let caption = t!(
        "publish.rank_intervals",
        runs = i.runs,
        seed = i.seed,
        what = i.what
    );
    svg::rank_intervals(&caption, &rows, last)
}

/// The indicator tree with each node's weight and its effective weight (its share of the
/// total's maximum).
fn method(model: &Model) -> String {
    let total = model.max_of(model.total);
    let mut s = format!(
        "<section id=\"method\">\n<h2>{}</h2>\n<table class=\"method\">\n\
         <tr><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        t!("publish.method"),
        t!("publish.indicator"),
        t!("publish.weight"),
        t!("publish.effective_weight")
    );
    let mut order = Vec::new();
    walk(model, model.total, &mut order);
    for id in order {
        let Some(n) = model.nodes.get(id) else {
            continue;
        };
        let share = n
            .max
            .checked_div(total)
            .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED))
            .map(|p| format!("{}%", fixed(p, 2)))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "<tr><td style=\"padding-left:{}em\">{}</td><td class=\"n\">{}</td><td class=\"n\">{share}</td></tr>",
            n.level.saturating_mul(2).saturating_add(1),
            esc(&n.name),
            n.max.normalize()
        );
    }
    s.push_str("</table>\n</section>\n");
    s
}

/// The nodes under `id` (itself first), depth first, children in spec order.
fn walk(model: &Model, id: NodeId, out: &mut Vec<NodeId>) {
    out.push(id);
    if let Some(n) = model.nodes.get(id) {
        for &c in &n.children {
            walk(model, c, out);
        }
    }
}

/// A report as a table, its notes under it.
fn table(name: &str, out: &Output) -> String {
    let mut s = format!("<table class=\"report\" data-report=\"{}\">\n", esc(name));
    let title = out.title.as_deref().unwrap_or(name);
    let _ = writeln!(s, "<caption>{}</caption>", esc(title));
    s.push_str("<tr>");
    for c in &out.columns {
        let _ = write!(s, "<th>{}</th>", esc(c));
    }
    s.push_str("</tr>\n");
    for row in &out.rows {
        s.push_str("<tr>");
        for c in row {
            let class = if c.is_numeric() { " class=\"n\"" } else { "" };
            let class = light(c).unwrap_or(class);
            let _ = write!(s, "<td{class}>{}</td>", esc(&cell_text(c)));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table>\n");
    for n in &out.notes {
        let _ = writeln!(s, "<p class=\"note\">{}</p>", esc(n));
    }
    s
}

/// A dashboard colour's cell painted in its tone (language chapter 7).
fn light(c: &Cell) -> Option<&'static str> {
    use crate::output::Tone;
    match c {
        Cell::Colour(_, Tone::Green) => Some(" style=\"background:#4caf50;color:#fff\""),
        Cell::Colour(_, Tone::Yellow) => Some(" style=\"background:#fdd835\""),
        Cell::Colour(_, Tone::Orange) => Some(" style=\"background:#fb8c00\""),
        Cell::Colour(_, Tone::Red) => Some(" style=\"background:#e53935;color:#fff\""),
        _ => None,
    }
}

/// The units with a total, best first (ties in data order).
fn ranked(model: &Model, results: &Results) -> Vec<usize> {
    let mut units: Vec<(usize, Decimal)> = results
        .units
        .iter()
        .enumerate()
        .filter_map(|(i, u)| u.scores.get(model.total).map(|t| (i, t)))
        .collect();
    units.sort_by_key(|u| std::cmp::Reverse(u.1));
    units.into_iter().map(|(i, _)| i).collect()
}

/// The primaries and the top-level bonus items: the parts a total is stacked from.
fn parts(model: &Model) -> Vec<NodeId> {
    model
        .primaries
        .iter()
        .chain(&model.bonuses)
        .copied()
        .filter(|id| model.nodes.get(*id).is_some_and(|n| n.level == 1))
        .collect()
}

fn ranking_chart(model: &Model, results: &Results) -> String {
    let parts = parts(model);
    let dp = model.score_decimals();
    let tiers = results.tiers.first();
    let bars: Vec<Bar> = ranked(model, results)
        .into_iter()
        .filter_map(|i| results.units.get(i).map(|u| (i, u)))
        .map(|(i, u)| Bar {
            label: u.key.clone(),
            segments: parts
                .iter()
                .map(|&p| u.scores.get(p).map_or(0.0, f))
                .collect(),
            value: u
                .scores
                .get(model.total)
                .map(|t| fixed(t, dp))
                .unwrap_or_default(),
            marker: tiers.and_then(|t| t.get(i).copied().flatten()),
        })
        .collect();
    let series: Vec<String> = parts
        .iter()
        .map(|&p| model.name_of(p).to_string())
        .collect();
    let markers: Vec<String> = model
        .tiers
        .first()
        .map(|t| t.tier_names().map(str::to_string).collect())
        .unwrap_or_default();
    let max = f(model.max_of(model.total));
    let caption = format!("{}排名（按一级指标堆叠）", model.total_name());
    svg::stacked_bars(&caption, &series, &markers, &bars, max)
}

fn histogram_chart(model: &Model, results: &Results) -> String {
    let totals: Vec<Decimal> = results
        .units
        .iter()
        .filter_map(|u| u.scores.get(model.total))
        .collect();
    // Bands of 10 points on a scale of 50 or more, else a tenth of the maximum (0.1 of 0–1).
    let max = model.max_of(model.total);
    let step = if max >= Decimal::from(50) {
        Decimal::TEN
    } else {
        max.checked_div(Decimal::TEN)
            .filter(|s| !s.is_zero())
            .unwrap_or(Decimal::ONE)
    };
    let band = |t: &Decimal| {
        t.checked_div(step)
            .map(|q| q.floor())
            .and_then(|q| q.to_i64())
            .unwrap_or(0)
    };
    let lo = totals.iter().map(band).min().unwrap_or(0);
    let hi = totals.iter().map(band).max().unwrap_or(0);
    let mut labels = Vec::new();
    let mut counts = Vec::new();
    for b in lo..=hi {
        let count = totals.iter().filter(|t| band(t) == b).count();
        let from = Decimal::from(b).checked_mul(step).unwrap_or_default();
        let to = from.checked_add(step).unwrap_or_default();
        labels.push(format!("{}–{}", from.normalize(), to.normalize()));
        counts.push(count);
    }
    let values: Vec<f64> = counts.iter().map(|c| *c as f64).collect();
    let shown: Vec<String> = counts.iter().map(ToString::to_string).collect();
    let top = values.iter().copied().fold(0.0, f64::max);
    let caption = format!(
        "{}分布（每段 {}，[a, b)）",
        model.total_name(),
        step.normalize()
    );
    svg::columns("histogram", &caption, &labels, &values, &shown, top)
}

/// The mean of some values, exactly; None for none.
fn mean(values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    let (sum, n) = values.fold((Some(Decimal::ZERO), 0u32), |(s, n), v| {
        (s.and_then(|s| s.checked_add(v)), n.saturating_add(1))
    });
    if n == 0 {
        return None;
    }
    sum?.checked_div(Decimal::from(n))
}

/// The mean 得分率 of the total by the first attribute (e.g. 区域).
fn group_chart(model: &Model, results: &Results) -> Option<String> {
    let attribute = model.attributes.first()?;
    let max = model.max_of(model.total);
    let mut groups: Vec<String> = Vec::new();
    for u in &results.units {
        if let Some(v) = u.attributes.first() {
            if !groups.contains(v) {
                groups.push(v.clone());
            }
        }
    }
    let mut rated: Vec<(String, Decimal)> = groups
        .into_iter()
        .map(|g| {
            let rate = mean(
                results
                    .units
                    .iter()
                    .filter(|u| u.attributes.first() == Some(&g))
                    .filter_map(|u| u.scores.get(model.total)),
            )
            .and_then(|m| m.checked_div(max))
            .unwrap_or_default();
            (g, rate)
        })
        .collect();
    // Highest first (a stable sort: equal means keep the data's order).
    rated.sort_by_key(|(_, r)| std::cmp::Reverse(*r));
    let (groups, rates): (Vec<String>, Vec<Decimal>) = rated.into_iter().unzip();
    let values: Vec<f64> = rates.iter().map(|r| f(*r)).collect();
    let shown: Vec<String> = rates
        .iter()
        .map(|r| {
            r.checked_mul(Decimal::ONE_HUNDRED)
                .map(|p| format!("{}%", fixed(p, 1)))
                .unwrap_or_default()
        })
        .collect();
    let caption = format!("各{}平均得分率（{}）", attribute.node, model.total_name());
    Some(svg::columns(
        "groups", &caption, &groups, &values, &shown, 1.0,
    ))
}

fn correlation_chart(model: &Model, results: &Results) -> String {
    let ids = parts(model);
    let names: Vec<String> = ids.iter().map(|&p| model.name_of(p).to_string()).collect();
    let matrix: Vec<Vec<Option<f64>>> = ids
        .iter()
        .map(|&a| {
            ids.iter()
                .map(|&b| {
                    let (x, y): (Vec<f64>, Vec<f64>) = results
                        .units
                        .iter()
                        .filter_map(|u| Some((f(u.scores.get(a)?), f(u.scores.get(b)?))))
                        .unzip();
                    crate::stats::pearson(&x, &y)
                })
                .collect()
        })
        .collect();
    svg::heatmap("一级指标相关系数（Pearson r）", &names, &matrix)
}

/// A unit's 得分率 at each primary against its group's and the national mean.
fn profile_chart(model: &Model, results: &Results, unit: usize) -> String {
    let Some(u) = results.units.get(unit) else {
        return String::new();
    };
    let ids = parts(model);
    let axes: Vec<String> = ids.iter().map(|&p| model.name_of(p).to_string()).collect();
    let rate = |id: NodeId, v: Option<Decimal>| {
        v.and_then(|v| v.checked_div(model.max_of(id)))
            .map_or(0.0, f)
    };
    let group = u.attributes.first();
    let all: Vec<&crate::eval::UnitScores> = results.units.iter().collect();
    let peers: Vec<&crate::eval::UnitScores> = all
        .iter()
        .copied()
        .filter(|p| group.is_some() && p.attributes.first() == group)
        .collect();
    let avg = |set: &[&crate::eval::UnitScores], id: NodeId| {
        rate(id, mean(set.iter().filter_map(|p| p.scores.get(id))))
    };
    let mut series = vec![(
        u.key.clone(),
        ids.iter()
            .map(|&p| rate(p, u.scores.get(p)))
            .collect::<Vec<_>>(),
    )];
    if let Some(g) = group {
        series.push((
            format!("{g}平均"),
            ids.iter().map(|&p| avg(&peers, p)).collect(),
        ));
    }
    series.push((
        "全国平均".to_string(),
        ids.iter().map(|&p| avg(&all, p)).collect(),
    ));
    svg::radar(&format!("{}：一级指标得分率", u.key), &axes, &series)
}

/// One unit's profile page: its score at every node against its group's and the national
/// means, its strengths and weaknesses (its best and worst ranked leaves), and its radar.
pub fn unit_page(model: &Model, results: &Results, unit: usize) -> String {
    let Some(u) = results.units.get(unit) else {
        return page(&model.name, "");
    };
    let group = u.attributes.first().cloned();
    let attribute = model
        .attributes
        .first()
        .map(|a| a.node.clone())
        .unwrap_or_default();
    let dp = model.score_decimals();
    let mut body = heading(model);
    let _ = writeln!(
        body,
        "<h2 class=\"unit\">{}</h2>\n<p>{}</p>",
        esc(&u.key),
        group
            .as_ref()
            .map(|g| format!("{}：{}", esc(&attribute), esc(g)))
            .unwrap_or_default()
    );
    body.push_str(&profile_chart(model, results, unit));
    let peers: Vec<_> = results
        .units
        .iter()
        .filter(|p| group.is_some() && p.attributes.first() == group.as_ref())
        .collect();
    let shown = |v: Option<Decimal>| v.map(|v| fixed(v, dp)).unwrap_or_else(|| "—".into());
    let group_head = group
        .as_deref()
        .map(|g| t!("publish.group_mean", group = g).into_owned())
        .unwrap_or_default();
    let _ = writeln!(
        body,
        "<table class=\"report\" data-report=\"profile\">\n<caption>{}</caption>\n\
         <tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        esc(&t!("publish.profile_caption", unit = u.key)),
        t!("publish.indicator"),
        t!("publish.max"),
        esc(&u.key),
        t!("publish.rate"),
        t!("publish.rank"),
        esc(&group_head),
        t!("publish.all_mean")
    );
    let mut order = Vec::new();
    walk(model, model.total, &mut order);
    let mut leaves: Vec<(NodeId, usize)> = Vec::new();
    for id in order {
        let Some(n) = model.nodes.get(id) else {
            continue;
        };
        let own = u.scores.get(id);
        let rank = own.map(|v| rank_at(results, id, v));
        if let (Some(r), true) = (rank, model.is_leaf(id)) {
            leaves.push((id, r));
        }
        let rate = own
            .and_then(|v| v.checked_div(n.max))
            .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED))
            .map(|p| format!("{}%", fixed(p, 2)))
            .unwrap_or_else(|| "—".into());
        let _ = writeln!(
            body,
            "<tr><td style=\"padding-left:{}em\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{rate}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            n.level.saturating_mul(2).saturating_add(1),
            esc(&n.name),
            n.max.normalize(),
            shown(own),
            rank.map(|r| r.to_string()).unwrap_or_default(),
            shown(mean(peers.iter().filter_map(|p| p.scores.get(id)))),
            shown(mean(results.units.iter().filter_map(|p| p.scores.get(id)))),
        );
    }
    body.push_str("</table>\n");
    leaves.sort_by_key(|(_, r)| *r);
    let list = |title: &str, class: &str, items: &[(NodeId, usize)]| {
        let mut s = format!("<h3>{title}</h3>\n<ul class=\"{class}\">\n");
        for (id, r) in items {
            let line = t!(
                "publish.ranked",
                name = model.name_of(*id),
                rank = r,
                units = results.units.len()
            );
            let _ = writeln!(s, "<li>{}</li>", esc(&line));
        }
        s.push_str("</ul>\n");
        s
    };
    // With few leaves, the strengths and the weaknesses do not overlap.
    let k = STRENGTHS.min(leaves.len() / 2);
    let strong: Vec<_> = leaves.iter().take(k).copied().collect();
    let weak: Vec<_> = leaves.iter().rev().take(k).copied().collect();
    body.push_str(&list(&t!("publish.strengths"), "strengths", &strong));
    body.push_str(&list(&t!("publish.weaknesses"), "weaknesses", &weak));
    page(&format!("{} — {}", u.key, model.name), &body)
}

/// A unit's competition rank at a node: 1 + the units with a higher score (ties share).
fn rank_at(results: &Results, id: NodeId, v: Decimal) -> usize {
    results
        .units
        .iter()
        .filter(|p| p.scores.get(id).is_some_and(|o| o > v))
        .count()
        .saturating_add(1)
}
