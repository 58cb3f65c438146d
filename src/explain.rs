//! `cix explain SPEC UNIT [INDICATOR]` and the REPL's `why UNIT`: how one unit's score was
//! built — raw value → normalised → weighted → summed — with the rule's parameters (the sample
//! min and max, the goalposts, the rubric step) at every leaf under the indicator.

use rust_decimal::Decimal;

use crate::codes;
use crate::data::Dataset;
use crate::diag::{Diag, Diags};
use crate::eval::{Results, Scores};
use crate::model::NodeKind;
use crate::model::{Model, NodeId, Role};
use crate::output::{Cell, Output};
use crate::rules::{Aggregate, Direction, Method, Scale, StepWhen};
use crate::scoring::{words, Detail, Raw, Scoring};

/// The columns of an explanation.
pub const COLUMNS: [&str; 7] = ["指标", "原始值", "规则", "参数", "标准化", "满分", "得分"];

/// Explain how `unit` scored on `indicator` (default: the total), leaf by leaf, from the
/// results and how the raw values became points (rebuilt on demand from the scored dataset's
/// raw numbers, for the leaves under the indicator only).
pub fn explain(
    model: &Model,
    data: &Dataset,
    results: &Results,
    scoring: &Scoring,
    unit: &str,
    indicator: Option<&str>,
) -> Result<Output, Diags> {
    // Its rules are prose: English in CSV and JSON whatever the session speaks.
    Output::in_both(|| explain_in(model, data, results, scoring, unit, indicator))
}

fn explain_in(
    model: &Model,
    data: &Dataset,
    results: &Results,
    scoring: &Scoring,
    unit: &str,
    indicator: Option<&str>,
) -> Result<Output, Diags> {
    let u = results
        .unit(unit)
        .ok_or_else(|| Diags::from(unknown_unit(model, results, scoring, unit)))?;
    let root = match indicator {
        None => model.total,
        Some(name) => model.node(name).ok_or_else(|| {
            Diags::from(
                Diag::error(codes::E104, t!("explain.e104", name = name)).help(
                    crate::suggest::did_you_mean(name, model.nodes.iter().map(|n| n.name.as_str()))
                        .unwrap_or_else(|| t!("explain.e104_help").into_owned()),
                ),
            )
        })?,
    };
    let scores = results
        .units
        .get(u)
        .map(|x| x.scores.clone())
        .unwrap_or_default();
    let details = details_under(model, data, scoring, u, root);
    let details = Some(&details);
    let digits = score_digits(model);
    let mut out = Output::new(COLUMNS.iter().map(|c| c.to_string()).collect());
    out.title = Some(t!("explain.title", unit = unit, name = model.name_of(root)).into_owned());
    let mut stack = vec![(root, 0usize)];
    while let Some((id, depth)) = stack.pop() {
        let Some(node) = model.nodes.get(id) else {
            continue;
        };
        let name = Cell::Tree(node.name.clone(), depth);
        // The unit's score as eval made it: a penalty with its sign, nothing where left out.
        let score = scores
            .get(id)
            .map_or(Cell::Missing, |v| Cell::Num(v, digits));
        let max = if model.is_ratio(id) {
            Cell::Empty
        } else {
            Cell::Num(node.max, digits)
        };
        if model.is_leaf(id) {
            let d = details.and_then(|d| d.get(id)).and_then(Option::as_ref);
            let mut row = leaf_row(model, scoring, id, d, name, max);
            treated_cells(scoring, id, u, &mut row);
            carried_cells(results, id, u, d, &mut row);
            if d.is_some() {
                row.push(score);
            } else {
                row.push(Cell::Empty);
            }
            out.rows.push(row);
        } else {
            out.rows.push(vec![
                name,
                Cell::Empty,
                Cell::Text(parent_how(model, id, details, &scores)),
                Cell::Text(weight_text(model, id)),
                Cell::Empty,
                max,
                score,
            ]);
            for &ch in node.children.iter().rev() {
                stack.push((ch, depth.saturating_add(1)));
            }
        }
    }
    let totals: Vec<Decimal> = results
        .units
        .iter()
        .filter_map(|x| x.scores.get(model.total))
        .collect();
    if let Some(total) = scores.get(model.total) {
        let better = totals.iter().filter(|&&t| t > total).count();
        out.notes.push(
            t!(
                "explain.rank_note",
                unit = unit,
                total = model.total_name(),
                score = total.round_dp(digits).normalize(),
                rank = better.saturating_add(1),
                n = totals.len()
            )
            .into_owned(),
        );
    }
    out.notes.extend(coverage_notes(model, results, u, unit));
    out.notes.extend(model.assumptions.iter().cloned());
    Ok(out)
}

/// Why a unit has no score at a node with `require N% data` (language chapter 5).
fn coverage_notes(model: &Model, results: &Results, u: usize, unit: &str) -> Vec<String> {
    let lacking = results
        .inputs
        .uncovered
        .get(u)
        .map_or(&[][..], Vec::as_slice);
    lacking
        .iter()
        .map(|c| {
            t!(
                "explain.no_coverage",
                unit = unit,
                node = model.name_of(c.node),
                available = c.available,
                leaves = c.leaves,
                pct = c.percent().normalize(),
                required = c.required.normalize()
            )
            .into_owned()
        })
        .collect()
}

/// A cell filled by `missing last` (language chapter 5): its raw value reads `— → 12.5`, the
/// parameters say where it came from ("missing → last known value, 2017").
fn carried_cells(results: &Results, id: NodeId, unit: usize, d: Option<&Detail>, row: &mut [Cell]) {
    // A number the data lacked can only have been carried: other policies leave it missing.
    let Some(Raw::Number(v)) = d.map(|d| &d.raw) else {
        return;
    };
    let Some(how) = results.inputs.imputed(unit, id) else {
        return;
    };
    let note = t!("explain.carried", how = how);
    if let Some(raw) = row.get_mut(1) {
        *raw = Cell::Text(match raw {
            // Treated: `12.5 → 11` becomes `— → 12.5 → 11`.
            Cell::Text(t) => format!("— → {t}"),
            _ => format!("— → {}", num(*v)),
        });
    }
    if let Some(Cell::Text(p)) = row.get_mut(3) {
        *p = if p.is_empty() {
            note.into_owned()
        } else {
            t!("explain.and", a = &p, b = note).into_owned()
        };
    }
}

/// A treated leaf (language chapter 5): the raw value becomes `raw → treated`, the rule says
/// how it was treated.
fn treated_cells(scoring: &Scoring, id: NodeId, unit: usize, row: &mut [Cell]) {
    let Some(t) = scoring.treated.iter().find(|t| t.leaf == id) else {
        return;
    };
    if t.outcome == crate::scoring::treat::Outcome::Passed {
        return;
    }
    if let (Some((raw, new)), Some(cell)) = (t.value_of(unit), row.get_mut(1)) {
        *cell = Cell::Text(t!("explain.treated", raw = num(raw), new = num(new)).into_owned());
    }
    if let Some(Cell::Text(rule)) = row.get_mut(2) {
        rule.push_str(&t!("explain.outliers", how = t.method()));
    }
}

/// The details of unit `u` at every leaf under `root`, indexed like `Model::nodes`.
fn details_under(
    model: &Model,
    data: &Dataset,
    scoring: &Scoring,
    u: usize,
    root: NodeId,
) -> Vec<Option<Detail>> {
    let mut details = vec![None; model.nodes.len()];
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        let Some(node) = model.nodes.get(id) else {
            continue;
        };
        if model.is_leaf(id) {
            if let Some(slot) = details.get_mut(id) {
                *slot = crate::scoring::detail(model, data, scoring, u, id);
            }
        }
        stack.extend(node.children.iter().copied());
    }
    details
}

/// How a parent (or the total) is made from its children: sum or geometric mean; children
/// left out (`missing reweight`); a bonus or penalty cap that bites; a penalty subtracted.
fn parent_how(
    model: &Model,
    id: NodeId,
    details: Option<&Vec<Option<Detail>>>,
    scores: &Scores,
) -> String {
    let Some(node) = model.nodes.get(id) else {
        return String::new();
    };
    let mut how = match (&node.role, node.scoring.aggregate) {
        (
            Role::Ratio {
                numerator,
                denominator,
            },
            _,
        ) => {
            return ratio_how(model, *numerator, *denominator, scores);
        }
        (Role::Total, a @ (Aggregate::Geometric | Aggregate::Harmonic | Aggregate::Power(_))) => {
            t!("explain.top_mean", agg = words::aggregate(a)).into_owned()
        }
        (Role::Total, _) if model.penalties.is_empty() && model.bonuses.is_empty() => {
            t!("explain.top_sum").into_owned()
        }
        (Role::Total, _) => t!("explain.top_sum_bonus_penalty").into_owned(),
        (_, Aggregate::Sum) => t!("explain.children_sum").into_owned(),
        (_, a) => t!("explain.mean", agg = words::aggregate(a)).into_owned(),
    };
    // Children left out (`missing reweight`): the present ones fill the parent.
    let left_out: Vec<&str> = node
        .children
        .iter()
        .filter(|&&ch| {
            details
                .and_then(|d| d.get(ch))
                .and_then(Option::as_ref)
                .is_some_and(|d| d.score.is_none())
        })
        .map(|&ch| model.name_of(ch))
        .collect();
    if !left_out.is_empty() {
        let names = left_out.join(crate::lang::list_separator());
        how.push_str(&t!("explain.reweighted", names = names));
    }
    how.push_str(&cap_text(model, id, scores));
    how
}

/// ", capped at 5 (children give 6.2)" when a bonus or penalty item's children add up past its
/// points; ", subtracted from the total" for a penalty item.
fn cap_text(model: &Model, id: NodeId, scores: &Scores) -> String {
    let Some(node) = model.nodes.get(id) else {
        return String::new();
    };
    if !matches!(
        node.role,
        Role::Indicator(NodeKind::Bonus | NodeKind::Penalty)
    ) {
        return String::new();
    }
    let mut text = String::new();
    // Penalty scores carry their sign; the cap is on the points.
    let sum = node
        .children
        .iter()
        .filter_map(|&ch| scores.get(ch))
        .try_fold(Decimal::ZERO, |a, v| a.checked_add(v.abs()));
    if let Some(sum) = sum.filter(|s| *s > node.max) {
        text.push_str(&t!("explain.capped", max = num(node.max), sum = num(sum)));
    }
    if node.role == Role::Indicator(NodeKind::Penalty) && node.parent == Some(model.total) {
        text.push_str(&t!("explain.subtracted"));
    }
    text
}

/// A ratio node (chapter 6): `产出 ÷ 投入 = 40 ÷ 50`, or why it has no value.
fn ratio_how(model: &Model, top: NodeId, bottom: NodeId, scores: &Scores) -> String {
    let shown = |id: NodeId| scores.get(id).map_or("—".to_string(), num);
    let how = t!(
        "explain.ratio",
        top = model.name_of(top),
        bottom = model.name_of(bottom),
        a = shown(top),
        b = shown(bottom)
    )
    .into_owned();
    match scores.get(bottom) {
        Some(d) if d.is_zero() => t!("explain.ratio_zero", how = how).into_owned(),
        None => t!(
            "explain.ratio_none",
            how = how,
            name = model.name_of(bottom)
        )
        .into_owned(),
        Some(_) if scores.get(top).is_none() => {
            t!("explain.ratio_none", how = how, name = model.name_of(top)).into_owned()
        }
        Some(_) => how,
    }
}

fn score_digits(model: &Model) -> u32 {
    let rounded = model
        .leaves()
        .filter_map(|l| model.nodes.get(l)?.scoring.round)
        .map(|r| r.digits)
        .max();
    match (rounded, model.scale) {
        (Some(d), _) => d.max(2),
        (None, Scale::Range(hi)) if hi <= Decimal::ONE => 4,
        _ => 2,
    }
}

fn weight_text(model: &Model, id: NodeId) -> String {
    let Some(s) = model.nodes.get(id).map(|n| &n.scoring) else {
        return String::new();
    };
    match (&s.weight_written, &s.assumed_weight) {
        (_, Some(a)) => t!("explain.weight_assumed", a = a).into_owned(),
        (Some(w), None) if w.contains('%') => t!("explain.weight", w = w).into_owned(),
        _ => String::new(),
    }
}

fn num(v: Decimal) -> String {
    let r = v.round_dp(6).normalize();
    if r.is_zero() {
        "0".into()
    } else {
        r.to_string()
    }
}

/// Why a unit has no explanation: left out by `missing drop`, or not in the data.
fn unknown_unit(model: &Model, results: &Results, scoring: &Scoring, unit: &str) -> Diag {
    match scoring.dropped.iter().find(|(k, _)| k == unit) {
        Some((_, leaf)) => Diag::error(
            codes::E302,
            t!("explain.e302_dropped", unit = unit, leaf = leaf),
        )
        .help(t!("explain.e302_dropped_help", leaf = leaf, unit = unit)),
        None => Diag::error(codes::E302, t!("explain.e302", unit = unit)).help(
            crate::suggest::did_you_mean(unit, results.units.iter().map(|u| u.key.as_str()))
                .unwrap_or_else(|| t!("explain.e302_help", key = model.key.node).into_owned()),
        ),
    }
}

/// A leaf's row but its score: name, raw value, rule, parameters, normalised value, maximum.
fn leaf_row(
    model: &Model,
    scoring: &Scoring,
    id: NodeId,
    d: Option<&Detail>,
    name: Cell,
    max: Cell,
) -> Vec<Cell> {
    let Some(node) = model.nodes.get(id) else {
        return vec![name];
    };
    let s = &node.scoring;
    let method = s.rule.as_ref().map(|r| &r.node.method);
    let log = s.rule.as_ref().is_some_and(|r| r.node.log);
    let mut rule = match method {
        None | Some(Method::Given) => t!("explain.given_points").into_owned(),
        Some(Method::GivenScale(hi)) => t!("explain.given_scale", hi = hi.normalize()).into_owned(),
        Some(m) => words::method(m),
    };
    if log {
        rule = t!("explain.log", rule = rule).into_owned();
    }
    if s.direction == Direction::Lower {
        rule.push_str(&t!("explain.lower_better"));
    }
    if let Some(r) = s.round {
        let mode = words::round_mode(r.mode);
        rule.push_str(&t!("explain.round", digits = r.digits, mode = mode));
    }
    if node.role == Role::Indicator(NodeKind::Penalty) && node.parent == Some(model.total) {
        rule.push_str(&t!("explain.subtracted"));
    }
    let params = scoring.params.get(id).and_then(Option::as_ref);
    let mut param = match (method, params) {
        (Some(Method::MinMax), Some(p)) => {
            t!("explain.min_max", min = num(p.min), max = num(p.max)).into_owned()
        }
        (Some(Method::Ratio), Some(p)) => match s.direction {
            Direction::Higher => t!("explain.max", max = num(p.max)).into_owned(),
            Direction::Lower => t!("explain.min", min = num(p.min)).into_owned(),
        },
        (Some(Method::ZScore), Some(p)) => {
            t!("explain.mean_sd", mean = num(p.mean), sd = num(p.sd)).into_owned()
        }
        (Some(Method::Percentile), Some(p)) => t!("explain.n", n = p.n).into_owned(),
        (Some(Method::Goalposts { low, high }), _) => t!(
            "explain.goalposts",
            low = num(low.node),
            high = num(high.node),
            max = num(node.max)
        )
        .into_owned(),
        (Some(Method::Rubric(steps)), _) => steps
            .iter()
            .map(|st| match &st.when {
                StepWhen::Category(c) => format!("{c} → {}", num(st.points.node)),
                StepWhen::Compare(_, x) => format!("{} → {}", num(*x), num(st.points.node)),
                StepWhen::Else => t!("explain.else", points = num(st.points.node)).into_owned(),
            })
            .collect::<Vec<_>>()
            .join(&t!("explain.comma")),
        _ => String::new(),
    };
    let w = weight_text(model, id);
    if !w.is_empty() {
        param = if param.is_empty() {
            w
        } else {
            t!("explain.and", a = param, b = w).into_owned()
        };
    }
    let Some(d) = d else {
        return vec![
            name,
            Cell::Empty,
            Cell::Text(rule),
            Cell::Text(param),
            Cell::Empty,
            max,
        ];
    };
    let raw = match &d.raw {
        Raw::Number(v) => Cell::Text(num(*v)),
        Raw::Text(t) => Cell::Text(t.clone()),
        Raw::Missing => Cell::Text(match d.filled {
            Some(f) => format!("— → {}", num(f)),
            None => "—".to_string(),
        }),
    };
    if let Some(n) = &d.note {
        param = if param.is_empty() || matches!(method, Some(Method::Rubric(_))) {
            n.clone()
        } else {
            t!("explain.and", a = param, b = n).into_owned()
        };
    }
    let share = match (d.share, d.transformed) {
        (Some(x), _) => Cell::Num(x, 4),
        _ => Cell::Empty,
    };
    vec![name, raw, Cell::Text(rule), Cell::Text(param), share, max]
}
