//! Groups of units in evaluation (language chapter 7): the sample split from the data before
//! scoring, each method group scored by its own methods over the same sample, one joint ranking
//! and tiers over the sample, and the units outside the sample kept after it, unscored.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use crate::codes;
use crate::data::{Dataset, Unit};
use crate::diag::{Diag, Diags};
use crate::model::groups::{Sample, SampleTop};
use crate::model::{CmpOp, Filter, GroupDef, Logic, Model, Subject, Test, Value};
use crate::rules::Missing;
use crate::scoring::Scoring;

use super::{evaluate, Results, Scores, UnitScores};

/// Scored and evaluated: the sample's dataset, how it was scored (the spec's own methods), the
/// results (the sample first, then the units outside it), and warnings.
pub struct Grouped {
    pub dataset: Dataset,
    pub scoring: Scoring,
    pub results: Results,
    pub warnings: Vec<Diag>,
}

/// Split the sample, score and evaluate it (each method group by its methods), tier it, and
/// append the units outside the sample without scores. With [`super::Names::Moved`] the
/// results take the units' keys and attributes — unless methods by group or `missing last`
/// still look units up by key in the dataset, when they are copied — and, without dashboards
/// (which colour the raw values), each leaf's raw numbers are let go once what the scores rest
/// on is found, before the units are evaluated: the caller keeps neither.
pub fn evaluate_grouped(
    model: &Model,
    mut data: Dataset,
    names: super::Names,
) -> Result<Grouped, Diags> {
    let mut warnings = Vec::new();
    let outside = match &model.grouping.sample {
        Some(s) => split_sample(model, s, &mut data, &mut warnings)?,
        None => Vec::new(),
    };
    super::dashboard::check_quantile_values(model, &data)?;
    let grouped = !model.grouping.methods.is_empty();
    let owner = owners(model, &data, &mut warnings)?;
    if grouped {
        missing_allowed(model, &data, &owner)?;
    }
    let raw = grouped.then(|| data.clone());
    let mut scoring = crate::scoring::apply(model, &mut data)?;
    let names = if grouped || !data.carried.is_empty() {
        super::Names::Copied
    } else {
        names
    };
    let early = (names == super::Names::Moved && model.grouping.dashboards.is_empty())
        .then(|| super::inputs::Inputs::of(model, &data, &scoring, &[]));
    if early.is_some() {
        scoring.raw = Vec::new();
    }
    let mut results = super::evaluate_taking(model, &mut data, names)?;
    if let Some(raw) = raw {
        by_group(model, &raw, &owner, &mut results)?;
        let at = keys(data.units.iter().map(|u| u.key.as_str()));
        results.methods = results
            .units
            .iter()
            .map(|u| owner.get(*at.get(u.key.as_str())?).copied().flatten())
            .collect();
        results.tiers = super::tiers::assign(model, &results.units).map_err(Diags::from)?;
    }
    // A unit with too little data for a node's `require` has no score there (chapter 5).
    match early {
        Some(inputs) => super::inputs::apply_found(model, inputs, &mut results)?,
        None => super::inputs::apply(model, &data, &scoring, &mut results)?,
    }
    let blank = Scores::from(vec![None; model.nodes.len()]);
    results.outside = outside.len();
    for u in outside {
        results.units.push(UnitScores {
            key: u.key,
            attributes: u.attributes,
            scores: blank.clone(),
        });
        for t in &mut results.tiers {
            t.push(None);
        }
        if grouped {
            results.methods.push(None);
        }
    }
    results.dashboards = super::dashboard::colours(model, &scoring, &results);
    Ok(Grouped {
        dataset: data,
        scoring,
        results,
        warnings,
    })
}

/// Keep the sample in `data`; return the units outside it, in data order.
fn split_sample(
    model: &Model,
    s: &Sample,
    data: &mut Dataset,
    warnings: &mut Vec<Diag>,
) -> Result<Vec<Unit>, Diags> {
    let units = std::mem::take(&mut data.units);
    let (mut kept, mut outside): (Vec<Unit>, Vec<Unit>) = units
        .into_iter()
        .partition(|u| s.filter.as_ref().is_none_or(|f| holds(f, &u.attributes)));
    if let Some(top) = &s.top {
        let values = top_values(model, top, data, &kept)?;
        let mut sorted: Vec<Decimal> = values.clone();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        if let Some(&cut) = sorted.get(top.n.saturating_sub(1)) {
            let taken = values.iter().filter(|v| **v >= cut).count();
            if taken > top.n {
                warnings.push(tie_at_cut(model, top, taken, cut));
            }
            let mut rest = Vec::new();
            for (u, v) in kept.into_iter().zip(values) {
                if v >= cut {
                    data.units.push(u);
                } else {
                    rest.push(u);
                }
            }
            kept = std::mem::take(&mut data.units);
            outside.extend(rest);
        }
    }
    // The units outside the sample keep their data order.
    outside.sort_by_key(|u| u.line);
    data.units = kept;
    Ok(outside)
}

/// Each kept unit's value of the attribute a sample's `top` ranks on; a cell that is not a
/// number is an error at the cell.
fn top_values(
    model: &Model,
    top: &SampleTop,
    data: &Dataset,
    units: &[Unit],
) -> Result<Vec<Decimal>, Diags> {
    let name = model.attribute_name(top.attribute);
    let column = data.table.column(name);
    let mut diags = Diags::new();
    let mut values = Vec::with_capacity(units.len());
    for u in units {
        let text = u.attributes.get(top.attribute).map_or("", String::as_str);
        match crate::data::parse_number(text) {
            Some(v) => values.push(v),
            None => {
                let cell = column.and_then(|c| data.table.cell_span(u.row, c));
                let mut d = Diag::error(
                    codes::E120,
                    t!("eval.e120", unit = &u.key, name = name, text = text),
                )
                .in_source(&data.table.source);
                if let Some(span) = cell {
                    d = d.label(span, t!("eval.not_a_number"));
                }
                diags.push(d.help(t!("eval.e120_help", name = name)));
            }
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(values)
    }
}

fn tie_at_cut(model: &Model, top: &SampleTop, taken: usize, cut: Decimal) -> Diag {
    let name = model.attribute_name(top.attribute);
    Diag::warning(
        codes::W120,
        t!(
            "eval.w120",
            taken = taken,
            n = top.n,
            name = name,
            cut = cut
        ),
    )
    .in_source(&model.source)
    .label(top.span, t!("eval.w120_label"))
    .help(t!("eval.w120_help"))
}

/// Whether a unit's attributes satisfy a condition over attributes (`and` binds tighter).
pub fn holds(f: &Filter, attributes: &[String]) -> bool {
    let mut any = false;
    let mut all = test(&f.first, attributes);
    for (logic, t) in &f.rest {
        match logic {
            Logic::And => all = all && test(t, attributes),
            Logic::Or => {
                any = any || all;
                all = test(t, attributes);
            }
        }
    }
    any || all
}

fn test(t: &Test, attributes: &[String]) -> bool {
    let Subject::Attribute(a) = t.subject else {
        return false;
    };
    let text = attributes.get(a).map_or("", String::as_str);
    let one = |v: &Value| match v {
        Value::Number(n) => crate::data::parse_number(text).is_some_and(|x| {
            let ord = x.cmp(n);
            match t.op {
                CmpOp::Eq => ord.is_eq(),
                CmpOp::Ne => ord.is_ne(),
                CmpOp::Lt => ord.is_lt(),
                CmpOp::Le => ord.is_le(),
                CmpOp::Gt => ord.is_gt(),
                CmpOp::Ge => ord.is_ge(),
            }
        }),
        Value::Text(s) => (text == s) != (t.op == CmpOp::Ne),
    };
    t.values.iter().any(|v| one(&v.node)) != t.negated
}

/// A declared group's membership test for many units: a list's names hashed once, so each
/// unit costs one lookup, not a pass over the list.
pub(crate) enum Membership<'m> {
    List(HashSet<&'m str>),
    Condition(&'m Filter),
    None,
}

impl<'m> Membership<'m> {
    pub(crate) fn of(model: &'m Model, group: usize) -> Membership<'m> {
        match model.groups.get(group).map(|g| &g.def) {
            Some(GroupDef::List { members, .. }) => {
                Membership::List(members.iter().map(|m| m.node.as_str()).collect())
            }
            Some(GroupDef::Condition(f)) => Membership::Condition(f),
            None => Membership::None,
        }
    }

    /// Whether the unit (its key and attributes) is a member.
    pub(crate) fn holds(&self, key: &str, attributes: &[String]) -> bool {
        match self {
            Membership::List(names) => names.contains(key),
            Membership::Condition(f) => holds(f, attributes),
            Membership::None => false,
        }
    }
}

/// Each key's first place in `keys`, for finding units by key in one lookup.
pub(crate) fn keys<'k>(keys: impl Iterator<Item = &'k str>) -> HashMap<&'k str, usize> {
    let mut at = HashMap::new();
    for (i, k) in keys.enumerate() {
        at.entry(k).or_insert(i);
    }
    at
}

/// The method group that scores each unit of the sample (None: the spec's own methods). A unit
/// in two method groups is an error; a method group without a unit a warning.
fn owners(
    model: &Model,
    data: &Dataset,
    warnings: &mut Vec<Diag>,
) -> Result<Vec<Option<usize>>, Diags> {
    let methods = &model.grouping.methods;
    let mut diags = Diags::new();
    let mut owner: Vec<Option<usize>> = vec![None; data.units.len()];
    for (i, m) in methods.iter().enumerate() {
        let membership = Membership::of(model, m.group);
        let mut any = false;
        for (u, slot) in data.units.iter().zip(owner.iter_mut()) {
            if !membership.holds(&u.key, &u.attributes) {
                continue;
            }
            match slot.and_then(|o| methods.get(o)) {
                Some(first) => diags.push(two_groups(model, &u.key, first.span, m.span)),
                None => {
                    *slot = Some(i);
                    any = true;
                }
            }
        }
        if !any {
            let name = model
                .groups
                .get(m.group)
                .map_or("", |g| g.name.node.as_str());
            warnings.push(
                Diag::warning(codes::W121, t!("eval.w121", name = name))
                    .in_source(&model.source)
                    .label(m.span, t!("eval.w121_label"))
                    .help(t!("eval.w121_help")),
            );
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(owner)
    }
}

/// The model the data are bound with when groups have their own methods: a leaf accepts a
/// missing value when any group's policy does; [`missing_allowed`] then holds each unit to
/// its own group's policy.
pub fn binding_model(model: &Model) -> std::borrow::Cow<'_, Model> {
    if model.grouping.methods.is_empty() {
        return std::borrow::Cow::Borrowed(model);
    }
    let mut m = model.clone();
    for (id, node) in m.nodes.iter_mut().enumerate() {
        if node.scoring.missing != Missing::Error {
            continue;
        }
        let other = model.grouping.methods.iter().find_map(|g| {
            let policy = &g.model.nodes.get(id)?.scoring.missing;
            (*policy != Missing::Error).then(|| policy.clone())
        });
        if let Some(p) = other {
            node.scoring.missing = p;
        }
    }
    std::borrow::Cow::Owned(m)
}

/// A missing value where the unit's own methods allow none (`missing error`) is an error at the
/// cell, as when the data are bound.
fn missing_allowed(model: &Model, data: &Dataset, owner: &[Option<usize>]) -> Result<(), Diags> {
    let mut diags = Diags::new();
    for (u, o) in data.units.iter().zip(owner) {
        let own = match o.and_then(|i| model.grouping.methods.get(i)) {
            Some(m) => &*m.model,
            None => model,
        };
        for leaf in own.leaves() {
            let missing = u.values.get(leaf).is_none()
                && u.texts.get(leaf).and_then(Option::as_ref).is_none();
            let error = own
                .nodes
                .get(leaf)
                .is_some_and(|n| n.scoring.missing == Missing::Error && n.column.is_some());
            if !(missing && error) {
                continue;
            }
            let name = own.name_of(leaf);
            let mut d = Diag::error(codes::E205, t!("eval.e205", unit = &u.key, name = name))
                .in_source(&data.table.source);
            let column = own
                .nodes
                .get(leaf)
                .and_then(|n| n.column.as_ref())
                .map(|c| c.node.as_str());
            if let Some(span) = column.and_then(|c| data.cell(u, c)) {
                d = d.label(span, t!("eval.empty_cell"));
            }
            diags.push(d.help(t!("eval.e205_help", name = name)));
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(())
    }
}

/// Score each method group's units by its own methods (the sample parameters over the whole
/// sample) and put their scores in the joint results.
fn by_group(
    model: &Model,
    raw: &Dataset,
    owner: &[Option<usize>],
    results: &mut Results,
) -> Result<(), Diags> {
    let at = keys(results.units.iter().map(|u| u.key.as_str()));
    // Each joint result's new scores, by its place in `results.units`.
    let mut scored: Vec<(usize, Scores)> = Vec::new();
    let used: HashSet<usize> = owner.iter().flatten().copied().collect();
    for (i, m) in model.grouping.methods.iter().enumerate() {
        if !used.contains(&i) {
            continue;
        }
        let mut data = raw.clone();
        crate::scoring::apply(&m.model, &mut data)?;
        let own = evaluate(&m.model, &data)?;
        let own_at = keys(own.units.iter().map(|u| u.key.as_str()));
        for (u, o) in raw.units.iter().zip(owner) {
            if *o != Some(i) {
                continue;
            }
            let scores = own_at
                .get(u.key.as_str())
                .and_then(|&k| own.units.get(k))
                .map(|s| s.scores.clone());
            if let (Some(&to), Some(scores)) = (at.get(u.key.as_str()), scores) {
                scored.push((to, scores));
            }
        }
    }
    for (to, scores) in scored {
        if let Some(slot) = results.units.get_mut(to) {
            slot.scores = scores;
        }
    }
    Ok(())
}

fn two_groups(
    model: &Model,
    key: &str,
    first: crate::source::Span,
    second: crate::source::Span,
) -> Diag {
    Diag::error(codes::E123, t!("eval.e123", key = key))
        .in_source(&model.source)
        .label(first, t!("eval.e123_one"))
        .label(second, t!("eval.e123_other"))
        .help(t!("eval.e123_help"))
}
