//! Stage 2, check — several years and group measures (language chapter 7, "Several years" and
//! "Group measures"): `years`, `blend` and `measure` declarations resolved into
//! [`Series`]; the years a query names (`at 2017`, `change … from 2014`).

use std::path::Path;

use rust_decimal::Decimal;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::years::{Blend, Measure, Series, Year, Years};
use crate::model::{DataRef, Model};
use crate::source::{Source, Span, Spanned};
use crate::syntax::ast::{Item, Spec};
use crate::syntax::grouping::GroupingDecl;
use crate::syntax::years::{BlendDecl, ChangeQuery, MeasureDecl, YearsDecl, YearsQuery};

use super::grouping::twice;
use super::names::{unknown, unknown_as};

/// Resolve the spec's years, blends and measures against the checked model.
pub fn resolve(spec: &Spec, model: &Model, spec_dir: &Path, diags: &mut Diags) -> Series {
    let mut series = Series::default();
    let mut blends: Vec<&BlendDecl> = Vec::new();
    for item in &spec.items {
        match item {
            Item::Grouping(GroupingDecl::Years(y)) => match &series.years {
                Some(prev) => diags.push(twice(
                    &model.source,
                    &t!("check.what_years"),
                    y.span,
                    prev.span,
                )),
                None => series.years = years(model, y, spec_dir, diags),
            },
            Item::Grouping(GroupingDecl::Blend(b)) => blends.push(b),
            Item::Grouping(GroupingDecl::Measure(m)) => {
                if let Some(prev) = series.measure(&m.name.node) {
                    let what = t!("check.what_the_measure", name = m.name.node);
                    diags.push(twice(&model.source, &what, m.name.span, prev.name.span));
                } else if let Some(resolved) = measure(model, m, diags) {
                    series.measures.push(resolved);
                }
            }
            _ => {}
        }
    }
    for b in blends {
        if let Some(prev) = series.blend(&b.name.node) {
            let what = t!("check.what_the_blend", name = b.name.node);
            diags.push(twice(&model.source, &what, b.name.span, prev.name.span));
        } else if let Some(resolved) = blend(model, series.years.as_ref(), b, diags) {
            series.blends.push(resolved);
        }
    }
    series
}

/// A year named twice in `years`, or in the blend named `blend`.
fn year_twice(source: &Source, year: u32, span: Span, prev: Span, blend: Option<&str>) -> Diag {
    let message = match blend {
        None => t!("check.year_twice_in_years", year = year),
        Some(name) => t!("check.year_twice_in_blend", year = year, name = name),
    };
    Diag::error(codes::E131, message)
        .in_source(source)
        .label(span, t!("check.again"))
        .label(prev, t!("check.first_named_here"))
        .help(t!("check.year_twice_help"))
}

fn years(model: &Model, y: &YearsDecl, spec_dir: &Path, diags: &mut Diags) -> Option<Years> {
    let source = &model.source;
    let mut list: Vec<Year> = Vec::new();
    for (year, file) in &y.years {
        if let Some(prev) = list.iter().find(|p| p.year == year.node) {
            diags.push(year_twice(source, year.node, year.span, prev.span, None));
            continue;
        }
        if !(1000..=9999).contains(&year.node) {
            diags.push(
                Diag::error(codes::E133, t!("check.not_a_year", year = year.node))
                    .in_source(source)
                    .label(year.span, t!("check.not_a_year_label"))
                    .help(t!("check.not_a_year_help")),
            );
            continue;
        }
        list.push(Year {
            year: year.node,
            file: file.as_ref().map(|f| DataRef {
                written: f.clone(),
                sheet: None,
                path: spec_dir.join(&f.node),
            }),
            span: year.span,
        });
    }
    if let Some(col) = &y.column {
        if model.attribute(&col.node).is_some() || model.node(&col.node).is_some() {
            diags.push(
                Diag::error(codes::E133, t!("check.year_column_taken", name = col.node))
                    .in_source(source)
                    .label(col.span, t!("check.year_column"))
                    .help(t!("check.year_column_taken_help")),
            );
        }
    } else {
        // One file per year: two years reading the `data` file would read the same rows.
        let shared: Vec<&Year> = list.iter().filter(|y| y.file.is_none()).collect();
        if let [first, second, ..] = shared.as_slice() {
            diags.push(
                Diag::error(
                    codes::E133,
                    t!(
                        "check.years_share_data",
                        first = first.year,
                        second = second.year
                    ),
                )
                .in_source(source)
                .label(second.span, t!("check.no_file_of_its_own"))
                .label(first.span, t!("check.no_file_of_its_own"))
                .help(t!("check.years_share_data_help")),
            );
        }
    }
    list.sort_by_key(|y| y.year);
    // Kept despite errors (reported above), so that blends and queries are checked against
    // the years written rather than reported as unknown.
    Some(Years {
        column: y.column.clone(),
        years: list,
        span: y.span,
    })
}

/// A year the spec's `years` does not declare: E130 with "did you mean" over the years.
pub fn unknown_year(years: Option<&Years>, year: &Spanned<u32>, source: &Source) -> Option<Diag> {
    if years.is_some_and(|y| y.has(year.node)) {
        return None;
    }
    let known: Vec<String> = years
        .map(|y| y.years.iter().map(|y| y.year.to_string()).collect())
        .unwrap_or_default();
    let d = Diag::error(codes::E130, t!("check.no_such_year", year = year.node))
        .in_source(source)
        .label(year.span, t!("check.no_such_year_label"));
    Some(if known.is_empty() {
        d.help(t!("check.declare_years_first"))
    } else {
        d.help(t!(
            "check.the_years",
            years = known.join(crate::lang::list_separator())
        ))
    })
}

fn blend(model: &Model, years: Option<&Years>, b: &BlendDecl, diags: &mut Diags) -> Option<Blend> {
    let source = &model.source;
    let before = diags.error_count();
    let mut parts: Vec<(u32, Decimal)> = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    for (year, weight) in &b.parts {
        if let Some(i) = parts.iter().position(|(y, _)| *y == year.node) {
            let prev = spans.get(i).copied().unwrap_or(year.span);
            let blend = Some(b.name.node.as_str());
            diags.push(year_twice(source, year.node, year.span, prev, blend));
            continue;
        }
        if let Some(d) = unknown_year(years, year, source) {
            diags.push(d);
        }
        if weight.node <= Decimal::ZERO {
            diags.push(
                Diag::error(codes::E132, t!("check.blend_weight_zero"))
                    .in_source(source)
                    .label(weight.span, t!("check.not_above_0"))
                    .help(t!("check.blend_weight_zero_help")),
            );
        }
        parts.push((year.node, weight.node));
        spans.push(year.span);
    }
    let sum = parts
        .iter()
        .try_fold(Decimal::ZERO, |s, (_, w)| s.checked_add(*w));
    let Some(sum) = sum else {
        diags.push(
            Diag::error(codes::E132, t!("check.blend_overflow"))
                .in_source(source)
                .label(b.span, t!("check.this_blend"))
                .help(t!("check.blend_overflow_help")),
        );
        return None;
    };
    if b.percent && sum != Decimal::ONE_HUNDRED {
        diags.push(
            Diag::error(
                codes::E132,
                t!("check.blend_percent", sum = sum.normalize()),
            )
            .in_source(source)
            .label(b.span, format!("{}%", sum.normalize()))
            .help(t!("check.blend_percent_help")),
        );
    }
    (diags.error_count() == before).then(|| Blend {
        name: b.name.clone(),
        parts,
        sum,
        span: b.span,
    })
}

fn measure(model: &Model, m: &MeasureDecl, diags: &mut Diags) -> Option<Measure> {
    let source = &model.source;
    let before = diags.error_count();
    let rate = m.of.node == crate::check::query::RATE;
    let of = if rate {
        Some(model.total)
    } else {
        let of = model.node(&m.of.node);
        if of.is_none() {
            let mut names = model.node_names();
            names.push(crate::check::query::RATE);
            diags.push(unknown_as(
                codes::E134,
                source,
                &m.of,
                &t!("check.what_indicator"),
                &names,
            ));
        }
        of
    };
    let by = model.attribute(&m.by.node);
    if by.is_none() {
        let names = model.attribute_names();
        diags.push(unknown_as(
            codes::E134,
            source,
            &m.by,
            &t!("check.what_attribute"),
            &names,
        ));
    }
    let cuts = m.top_all.iter().chain(m.top.iter().map(|(_, n)| n));
    for n in cuts.filter(|n| n.node == 0) {
        diags.push(
            Diag::error(codes::E134, t!("check.measure_top_zero"))
                .in_source(source)
                .label(n.span, "0")
                .help(t!("check.measure_top_zero_help")),
        );
    }
    for (i, (g, _)) in m.top.iter().enumerate() {
        if let Some((prev, _)) = m.top.iter().take(i).find(|(p, _)| p.node == g.node) {
            diags.push(
                Diag::error(codes::E134, t!("check.two_cuts", name = g.node))
                    .in_source(source)
                    .label(g.span, t!("check.again"))
                    .label(prev.span, t!("check.first_cut"))
                    .help(t!("check.two_cuts_help")),
            );
        }
    }
    let mark = diags.0.len();
    let filter = m.filter.as_ref().and_then(|c| {
        super::grouping::attribute_filter(model, c, &t!("check.what_measure"), diags)
    });
    for d in diags.0.iter_mut().skip(mark) {
        d.code = codes::E134;
    }
    (diags.error_count() == before).then(|| Measure {
        name: m.name.clone(),
        stat: m.stat,
        of: of.unwrap_or(model.total),
        rate,
        by: by.unwrap_or_default(),
        top_all: m.top_all.as_ref().map(|n| n.node),
        top: m
            .top
            .iter()
            .map(|(g, n)| (g.node.clone(), n.node))
            .collect(),
        filter,
        span: m.span,
    })
}

/// The data-free checks of a query across years: the years declared and in order, what changes
/// known (an indicator, `得分率`, or a measure), the measure known.
pub fn check_query(scope: &super::query::Scope<'_>, q: &YearsQuery) -> Diags {
    let mut diags = Diags::new();
    let series = &scope.model.grouping.series;
    match q {
        YearsQuery::Measure { name, .. } => {
            if let Err(d) = measure_named(scope, name) {
                diags.push(d);
            }
        }
        YearsQuery::Change(c) => {
            let years = series.years.as_ref();
            for y in std::iter::once(&c.from).chain(&c.to) {
                if let Some(d) = unknown_year(years, y, scope.source) {
                    diags.push(d);
                }
            }
            if let Some(to) = &c.to {
                if to.node <= c.from.node {
                    diags.push(
                        Diag::error(
                            codes::E135,
                            t!("check.change_backwards", from = c.from.node, to = to.node),
                        )
                        .in_source(scope.source)
                        .label(to.span, t!("check.change_backwards_label"))
                        .help(t!(
                            "check.change_backwards_help",
                            from = to.node.min(c.from.node),
                            to = to.node.max(c.from.node)
                        )),
                    );
                }
            } else if years.and_then(Years::latest) == Some(c.from.node) {
                diags.push(
                    Diag::error(
                        codes::E135,
                        t!("check.change_from_last", year = c.from.node),
                    )
                    .in_source(scope.source)
                    .label(c.from.span, t!("check.the_last_year"))
                    .help(t!("check.change_from_last_help")),
                );
            }
            if let Err(d) = change_subject(scope, c) {
                diags.push(d);
            }
        }
    }
    diags
}

/// What a change is of: a measure (`None`), or an indicator and whether its score rate.
pub fn change_subject(
    scope: &super::query::Scope<'_>,
    c: &ChangeQuery,
) -> Result<Option<(crate::model::NodeId, bool)>, Diag> {
    let model = scope.model;
    if let Some((_, by)) = &c.group {
        scope.attribute(by)?;
    } else if model.grouping.series.measure(&c.of.node).is_some() {
        return Ok(None);
    }
    if c.of.node == super::query::RATE {
        return Ok(Some((model.total, true)));
    }
    match model.node(&c.of.node) {
        Some(id) => Ok(Some((id, false))),
        None => {
            let mut names = model.node_names();
            names.push(super::query::RATE);
            if c.group.is_none() {
                names.extend(
                    model
                        .grouping
                        .series
                        .measures
                        .iter()
                        .map(|m| m.name.node.as_str()),
                );
            }
            Err(unknown(
                scope.source,
                &c.of,
                &t!("check.what_indicator_or_measure"),
                &names,
            ))
        }
    }
}

/// The measure a query names (E134 with "did you mean" for an unknown one).
pub fn measure_named(
    scope: &super::query::Scope<'_>,
    name: &Spanned<String>,
) -> Result<usize, Diag> {
    let measures = &scope.model.grouping.series.measures;
    measures
        .iter()
        .position(|m| m.name.node == name.node)
        .ok_or_else(|| {
            let names: Vec<&str> = measures.iter().map(|m| m.name.node.as_str()).collect();
            let mut d = unknown_as(
                codes::E134,
                scope.source,
                name,
                &t!("check.what_measure"),
                &names,
            );
            if names.is_empty() {
                d = d.help(t!("check.declare_measure_first"));
            }
            d
        })
}
