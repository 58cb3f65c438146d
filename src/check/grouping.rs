//! Stage 2, check — groups of units (language chapter 7): the sample (`sample top 50 by
//! GDP2020`, `sample where …`) and methods by group (`for 三四线城市 { set … }`), resolved into
//! [`Grouping`]. A group's methods are checked as a whole index of their own (the spec with the
//! group's `set` statements applied), so its weights must sum like the spec's.

use std::path::Path;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::groups::{Grouping, Methods, Rollup, Sample, SampleTop};
use crate::model::{GroupDef, Model, Role, Subject};
use crate::source::{Source, Span};
use crate::syntax::ast::{Change, Comparison, Condition, Item, Spec};
use crate::syntax::grouping::{GroupingDecl, MethodsDecl, RollupDecl, RollupStat, SampleDecl};

use super::names::unknown_as;
use super::Purpose;

/// Resolve the spec's sample and methods by group against the checked model.
pub fn resolve(
    spec: &Spec,
    model: &Model,
    spec_dir: &Path,
    purpose: Purpose,
    diags: &mut Diags,
) -> Grouping {
    let source = &model.source;
    let mut grouping = Grouping::default();
    let mut sample_at: Option<Span> = None;
    let mut methods: Vec<&MethodsDecl> = Vec::new();
    for item in &spec.items {
        match item {
            Item::Grouping(GroupingDecl::Sample(s)) => {
                if let Some(prev) = sample_at {
                    diags.push(twice(source, &t!("check.what_sample"), s.span, prev));
                    continue;
                }
                sample_at = Some(s.span);
                grouping.sample = sample(model, s, diags);
            }
            Item::Grouping(GroupingDecl::Rollup(r)) => {
                if let Some(prev) = grouping
                    .rollups
                    .iter()
                    .find(|p| p.model.key.node == r.attribute.node)
                {
                    diags.push(twice(
                        source,
                        &t!("check.what_rollup_to", name = r.attribute.node),
                        r.span,
                        prev.span,
                    ));
                    continue;
                }
                if let Some(resolved) = rollup(model, r, diags) {
                    grouping.rollups.push(resolved);
                }
            }
            Item::Grouping(GroupingDecl::Methods(m)) => {
                if let Some(prev) = methods.iter().find(|p| p.group.node == m.group.node) {
                    diags.push(twice(
                        source,
                        &t!("check.what_methods_for", name = m.group.node),
                        m.group.span,
                        prev.group.span,
                    ));
                    continue;
                }
                methods.push(m);
            }
            _ => {}
        }
    }
    // A group's methods are checked once the spec itself is sound: an error of the spec would
    // otherwise be reported again for every group.
    let sound = !diags.has_errors();
    for m in methods {
        if let Some(resolved) = group_methods(spec, model, m, spec_dir, purpose, sound, diags) {
            grouping.methods.push(resolved);
        }
    }
    grouping
}

/// `what` (a phrase in the language spoken) is declared twice: E109.
pub(super) fn twice(source: &Source, what: &str, span: Span, prev: Span) -> Diag {
    Diag::error(codes::E109, t!("check.declared_twice", what = what))
        .in_source(source)
        .label(span, t!("check.second_declaration"))
        .label(prev, t!("check.first_declaration"))
        .help(t!("check.keep_one_declaration"))
}

/// The sample: its filter and its `top` over attributes only (a score would depend on the
/// sample it chooses).
fn sample(model: &Model, s: &SampleDecl, diags: &mut Diags) -> Option<Sample> {
    let source = &model.source;
    let before = diags.error_count();
    let top = s.top.as_ref().and_then(|(n, by)| {
        if let Some(a) = model.attribute(&by.node) {
            return Some(SampleTop {
                n: n.node,
                attribute: a,
                span: by.span,
            });
        }
        diags.push(if model.node(&by.node).is_some() {
            by_score(source, &by.node, by.span)
        } else {
            let names = model.attribute_names();
            unknown_as(codes::E120, source, by, &t!("check.what_attribute"), &names)
        });
        None
    });
    if let Some((n, _)) = &s.top {
        if n.node == 0 {
            diags.push(
                Diag::error(codes::E120, t!("check.sample_zero"))
                    .in_source(source)
                    .label(n.span, "0")
                    .help(t!("check.sample_zero_help")),
            );
        }
    }
    let filter = s
        .filter
        .as_ref()
        .and_then(|c| attribute_filter(model, c, &t!("check.what_sample"), diags));
    (diags.error_count() == before).then_some(Sample {
        filter,
        top,
        span: s.span,
    })
}

fn by_score(source: &Source, name: &str, span: Span) -> Diag {
    Diag::error(codes::E120, t!("check.sample_by_score", name = name))
        .in_source(source)
        .label(span, t!("check.sample_by_score_label"))
        .help(t!("check.sample_by_score_help"))
}

/// A condition over attributes only, resolved; its scores or tiers are errors at their names.
/// `what` names what the condition chooses, in the language spoken.
pub(super) fn attribute_filter(
    model: &Model,
    cond: &Condition,
    what: &str,
    diags: &mut Diags,
) -> Option<crate::model::Filter> {
    let source = &model.source;
    let f = match super::filter::resolve(model, cond, source) {
        Ok(f) => f,
        Err(d) => {
            for mut e in d.0 {
                e.code = codes::E120;
                diags.push(e);
            }
            return None;
        }
    };
    let comparisons = std::iter::once(&cond.first).chain(cond.rest.iter().map(|(_, c)| c));
    let tests = std::iter::once(&f.first).chain(f.rest.iter().map(|(_, t)| t));
    let mut ok = true;
    for (c, t) in comparisons.zip(tests) {
        if !matches!(t.subject, Subject::Attribute(_)) {
            ok = false;
            let left = Comparison::left(c);
            diags.push(
                Diag::error(
                    codes::E120,
                    t!("check.filter_by_score", what = what, name = left.node),
                )
                .in_source(source)
                .label(left.span, t!("check.filter_by_score_label"))
                .help(t!("check.filter_by_score_help")),
            );
        }
    }
    ok.then_some(f)
}

/// One group's methods: the group known and chosen by the data alone, `set` statements on
/// known indicators without new children, then the whole index checked with them applied.
fn group_methods(
    spec: &Spec,
    model: &Model,
    m: &MethodsDecl,
    spec_dir: &Path,
    purpose: Purpose,
    sound: bool,
    diags: &mut Diags,
) -> Option<Methods> {
    let source = &model.source;
    let before = diags.error_count();
    let group = model
        .groups
        .iter()
        .position(|g| g.name.node == m.group.node);
    match group.and_then(|g| model.groups.get(g)) {
        None => {
            let names: Vec<&str> = model.groups.iter().map(|g| g.name.node.as_str()).collect();
            let mut d = unknown_as(
                codes::E121,
                source,
                &m.group,
                &t!("check.what_group"),
                &names,
            );
            if names.is_empty() {
                d = d.help(t!("check.declare_group_first"));
            }
            diags.push(d);
        }
        Some(g) => {
            if let GroupDef::Condition(f) = &g.def {
                let tests = std::iter::once(&f.first).chain(f.rest.iter().map(|(_, t)| t));
                if tests
                    .into_iter()
                    .any(|t| !matches!(t.subject, Subject::Attribute(_)))
                {
                    diags.push(
                        Diag::error(
                            codes::E122,
                            t!("check.methods_group_by_score", name = g.name.node),
                        )
                        .in_source(source)
                        .label(m.group.span, t!("check.methods_for_it"))
                        .label(g.name.span, t!("check.defined_by_score"))
                        .help(t!("check.methods_group_by_score_help")),
                    );
                }
            }
        }
    }
    let indicators: Vec<&str> = model
        .nodes
        .iter()
        .filter(|n| n.role != Role::Total)
        .map(|n| n.name.as_str())
        .collect();
    for c in &m.changes {
        if let Change::Set { name, block, .. } = &c.node {
            if !indicators.contains(&name.node.as_str()) {
                diags.push(unknown_as(
                    codes::E121,
                    source,
                    name,
                    &t!("check.what_indicator"),
                    &indicators,
                ));
            } else if block.as_ref().is_some_and(|b| !b.children.is_empty()) {
                diags.push(
                    Diag::error(
                        codes::E122,
                        t!(
                            "check.methods_children",
                            group = m.group.node,
                            name = name.node
                        ),
                    )
                    .in_source(source)
                    .label(c.span, t!("check.methods_children_label"))
                    .help(t!("check.methods_children_help")),
                );
            }
        }
    }
    if diags.error_count() != before || !sound {
        return None;
    }
    let variant = variant(spec, model, m, spec_dir, purpose, diags)?;
    Some(Methods {
        group: group?,
        span: m.span,
        model: Box::new(variant),
    })
}

/// The index as the group's units are scored, checked; its errors point at the group's `for`.
fn variant(
    spec: &Spec,
    model: &Model,
    m: &MethodsDecl,
    spec_dir: &Path,
    purpose: Purpose,
    diags: &mut Diags,
) -> Option<Model> {
    let source = &model.source;
    let (merged, log, merge_diags) = crate::edition::with_changes(spec, &m.changes, source);
    let (checked, vdiags) = super::check_edition(&merged, source, spec_dir, purpose, &log.touched);
    let mut failed = merge_diags.has_errors();
    for d in merge_diags.0.into_iter().chain(vdiags.0) {
        if d.is_error() {
            failed = true;
            diags.push(d.label(
                m.group.span,
                t!("check.in_methods_for", name = m.group.node),
            ));
        }
    }
    if failed {
        return None;
    }
    let v = checked.model;
    if v.max_of(v.total) != model.max_of(model.total) {
        diags.push(
            Diag::error(
                codes::E122,
                t!(
                    "check.methods_total",
                    name = m.group.node,
                    worth = v.max_of(v.total).normalize(),
                    spec = model.max_of(model.total).normalize()
                ),
            )
            .in_source(source)
            .label(m.span, t!("check.these_methods"))
            .help(t!("check.methods_total_help")),
        );
        return None;
    }
    Some(v)
}

/// A roll-up: its attribute known, its filter over attributes, `top N` at least 1, its tiers
/// checked like the spec's (their names are the level's own).
fn rollup(model: &Model, r: &RollupDecl, diags: &mut Diags) -> Option<Rollup> {
    let source = &model.source;
    let before = diags.error_count();
    let attribute = model.attribute(&r.attribute.node);
    if attribute.is_none() {
        let names = model.attribute_names();
        let mut d = unknown_as(
            codes::E124,
            source,
            &r.attribute,
            &t!("check.what_attribute"),
            &names,
        );
        if names.is_empty() {
            d = d.help(t!("check.declare_attribute_first"));
        }
        diags.push(d);
    }
    if r.stat.node == RollupStat::TopMean(0) {
        diags.push(
            Diag::error(codes::E124, t!("check.rollup_zero"))
                .in_source(source)
                .label(r.stat.span, "0")
                .help(t!("check.rollup_zero_help")),
        );
    }
    let filter = match &r.filter {
        Some(c) => {
            let f = attribute_filter(model, c, &t!("check.what_rollup"), diags);
            if f.is_none() {
                for d in diags.0.iter_mut().skip(before) {
                    d.code = codes::E124;
                }
            }
            f
        }
        None => None,
    };
    let mut level = model.clone();
    level.key = r.attribute.clone();
    level.attributes = Vec::new();
    level.groups = Vec::new();
    level.reports = Vec::new();
    level.tiers = super::tiers::resolve_tiers(&level, &r.tiers);
    super::tiers::check_tiers(&level, &r.tiers, &[], diags);
    (diags.error_count() == before).then_some(Rollup {
        attribute: attribute?,
        stat: r.stat.node,
        filter,
        model: Box::new(level),
        span: r.span,
    })
}

/// The model a query is over: the level it names with `at` (E360 for an unknown one, with "did
/// you mean"), else the spec's own.
pub fn level<'m>(
    model: &'m Model,
    query: &crate::syntax::ast::Query,
    source: &Source,
) -> Result<&'m Model, Diag> {
    let Some(at) = crate::syntax::grouping::level_of(query) else {
        return Ok(model);
    };
    // A year or a blend (language chapter 7, "Several years") is the spec's own model.
    let series = &model.grouping.series;
    if series.periods().contains(&at.node) {
        return Ok(model);
    }
    if let Ok(year) = at.node.parse::<u32>() {
        let year = crate::source::Spanned::new(year, at.span);
        if let Some(d) = super::years::unknown_year(series.years.as_ref(), &year, source) {
            return Err(d);
        }
    }
    match model.grouping.rollup(&at.node) {
        Some(r) => Ok(&r.model),
        None => {
            let names: Vec<&str> = model
                .grouping
                .rollups
                .iter()
                .map(|r| r.model.key.node.as_str())
                .chain(series.blends.iter().map(|b| b.name.node.as_str()))
                .collect();
            let mut d = unknown_as(codes::E360, source, at, &t!("check.what_level"), &names);
            if names.is_empty() {
                d = d.help(t!("check.declare_level_first"));
            }
            Err(d)
        }
    }
}
