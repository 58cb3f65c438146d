//! Stage 2, check — ratings and dashboards (language chapter 7): quantile groups and ratings per
//! group, resolved into tiers of the model; dashboards, resolved into
//! [`crate::model::dashboard::Dashboard`]s. Every problem located, with "did you mean".

use rust_decimal::Decimal;

use crate::codes::{self, Code};
use crate::diag::{Diag, Diags};
use crate::model::dashboard::{Dashboard, GroupScale, Line, LineRule, QuantileOf};
use crate::model::{CmpOp, Model, TierRule, Tiers};
use crate::rules::Direction;
use crate::source::{Source, Spanned};
use crate::syntax::ast::{Item, Name, Spec};
use crate::syntax::dashboard::{DashDecl, DashRule, DashboardDecl, QuantileDecl, RatingsDecl};

/// The most groups a quantile declaration may cut (percentiles).
const MAX_QUANTILES: u64 = 100;

use super::names::{self, unknown_as as unknown};

/// Add the spec's quantile groups and ratings to the model's tiers (after the declared tiers,
/// each after the partition it names), and note every declaration for `cix diff`.
pub(super) fn resolve_tiers(spec: &Spec, model: &mut Model, diags: &mut Diags) {
    for item in &spec.items {
        let Item::Dashboard(d) = item else { continue };
        model.grouping.dash_declared.push((d.title(), d.span()));
        let name = match d {
            DashDecl::Quantiles(q) => &q.name,
            DashDecl::Ratings(r) => &r.name,
            DashDecl::Dashboard(_) => continue,
        };
        if taken(model, &name.node) {
            diags.push(
                Diag::error(codes::E102, t!("check.dash_name_taken", name = name.node))
                    .in_source(&model.source)
                    .label(name.span, t!("check.again_here"))
                    .help(t!("check.dash_name_taken_help")),
            );
            continue;
        }
        let resolved = match d {
            DashDecl::Quantiles(q) => quantiles(model, q, diags),
            DashDecl::Ratings(r) => ratings(model, r, diags),
            DashDecl::Dashboard(_) => None,
        };
        model.tiers.extend(resolved);
    }
}

fn taken(model: &Model, name: &str) -> bool {
    model.node(name).is_some()
        || model.attribute(name).is_some()
        || model.tiers_named(name).is_some()
}

fn quantiles(model: &Model, q: &QuantileDecl, diags: &mut Diags) -> Option<Tiers> {
    let source = &model.source;
    if !(2..=MAX_QUANTILES).contains(&q.n.node) {
        diags.push(
            Diag::error(
                codes::E141,
                t!(
                    "check.quantiles_count",
                    name = q.name.node,
                    n = q.n.node,
                    max = MAX_QUANTILES
                ),
            )
            .in_source(source)
            .label(q.n.span, t!("check.here"))
            .help(t!("check.quantiles_count_help", max = MAX_QUANTILES)),
        );
        return None;
    }
    let n = usize::try_from(q.n.node).ok()?;
    let of = if let Some(a) = model.attribute(&q.of.node) {
        QuantileOf::Attribute(a)
    } else if let Some(id) = model.node(&q.of.node) {
        QuantileOf::Node(id)
    } else {
        let mut known = model.attribute_names();
        known.extend(model.node_names());
        diags.push(unknown(
            codes::E141,
            source,
            &q.of,
            &t!("check.what_attribute_or_indicator"),
            &known,
        ));
        return None;
    };
    let labels: Vec<Spanned<String>> = if q.labels.is_empty() {
        (1..=n)
            .map(|k| Spanned::new(format!("Q{k}"), q.name.span))
            .collect()
    } else {
        q.labels.clone()
    };
    if labels.len() != n {
        diags.push(
            Diag::error(
                codes::E141,
                t!(
                    "check.quantiles_names",
                    name = q.name.node,
                    n = n,
                    names = labels.len()
                ),
            )
            .in_source(source)
            .label(
                q.span,
                t!("check.quantiles_names_label", names = labels.len()),
            )
            .help(t!("check.quantiles_names_help")),
        );
        return None;
    }
    if let Some(d) = twice(source, codes::E141, &labels) {
        diags.push(d);
        return None;
    }
    Some(Tiers {
        name: q.name.clone(),
        of: match of {
            QuantileOf::Node(id) => id,
            QuantileOf::Attribute(_) => model.total,
        },
        tiers: labels,
        rule: TierRule::Quantiles { of, n },
    })
}

/// A name written twice in one list.
fn twice(source: &Source, code: Code, names: &[Spanned<String>]) -> Option<Diag> {
    names.iter().enumerate().find_map(|(i, n)| {
        let prev = names.get(..i)?.iter().find(|p| p.node == n.node)?;
        Some(
            Diag::error(code, t!("check.named_twice", name = n.node))
                .in_source(source)
                .label(n.span, t!("check.again_here"))
                .label(prev.span, t!("check.first_here"))
                .help(t!("check.named_twice_help")),
        )
    })
}

fn ratings(model: &Model, r: &RatingsDecl, diags: &mut Diags) -> Option<Tiers> {
    let source = &model.source;
    let Some(per) = model.tiers_named(&r.per.node) else {
        let known: Vec<&str> = model.tiers.iter().map(|t| t.name.node.as_str()).collect();
        diags.push(unknown(
            codes::E142,
            source,
            &r.per,
            &t!("check.what_rating_groups"),
            &known,
        ));
        return None;
    };
    let of = match &r.of {
        Some(n) => match model.node(&n.node) {
            Some(id) => id,
            None => {
                let known = model.node_names();
                diags.push(unknown(
                    codes::E142,
                    source,
                    n,
                    &t!("check.what_indicator"),
                    &known,
                ));
                return None;
            }
        },
        None => model.total,
    };
    let partition: Vec<&str> = model.tiers.get(per)?.tier_names().collect();
    let mut names: Vec<Spanned<String>> = Vec::new();
    let mut scales: Vec<GroupScale> = Vec::new();
    let mut ok = true;
    for s in &r.scales {
        let Some(group) = partition.iter().position(|g| *g == s.name.node) else {
            diags.push(
                Diag::error(
                    codes::E142,
                    t!(
                        "check.rating_not_group",
                        name = s.name.node,
                        per = r.per.node
                    ),
                )
                .in_source(source)
                .label(s.name.span, t!("check.rating_not_group_label"))
                .help(names::closest(&s.name.node, &partition).unwrap_or_else(|| {
                    t!("check.the_groups", names = names::shortlist(&partition)).into_owned()
                })),
            );
            ok = false;
            continue;
        };
        if let Some(prev) = r
            .scales
            .iter()
            .take_while(|p| !std::ptr::eq(*p, s))
            .find(|p| p.name.node == s.name.node)
        {
            diags.push(
                Diag::error(codes::E142, t!("check.rating_twice", name = s.name.node))
                    .in_source(source)
                    .label(s.name.span, t!("check.again_here"))
                    .label(prev.name.span, t!("check.first_here"))
                    .help(t!("check.rating_twice_help")),
            );
            ok = false;
            continue;
        }
        if let Some(of) = &s.of {
            diags.push(
                Diag::error(codes::E142, t!("check.rating_own_of"))
                    .in_source(source)
                    .label(of.span, t!("check.here"))
                    .help(t!(
                        "check.rating_own_of_help",
                        name = r.name.node,
                        of = of.node
                    )),
            );
            ok = false;
        }
        let before = diags.0.len();
        super::tiers::check_rule(model, &s.rule, &s.name, diags);
        ok = ok && diags.0.len() == before;
        let mut labels = Vec::new();
        for label in super::tiers::tier_names(s) {
            let at = match names.iter().position(|n| n.node == label.node) {
                Some(i) => i,
                None => {
                    names.push(label.clone());
                    names.len().saturating_sub(1)
                }
            };
            labels.push(at);
        }
        let rule = super::tiers::resolve_rule(&s.rule);
        scales.push(GroupScale {
            group,
            rule: Box::new(rule),
            ratings: labels,
        });
    }
    ok.then_some(Tiers {
        name: r.name.clone(),
        of,
        tiers: names,
        rule: TierRule::PerGroup { per, scales },
    })
}

/// The spec's dashboards, resolved (a dashboard with errors is left out, with them).
pub(super) fn resolve_dashboards(spec: &Spec, model: &Model, diags: &mut Diags) -> Vec<Dashboard> {
    let mut out: Vec<Dashboard> = Vec::new();
    for item in &spec.items {
        let Item::Dashboard(DashDecl::Dashboard(d)) = item else {
            continue;
        };
        if let Some(prev) = out.iter().find(|p| p.name.node == d.name.node) {
            diags.push(
                Diag::error(codes::E145, t!("check.dashboard_twice", name = d.name.node))
                    .in_source(&model.source)
                    .label(d.name.span, t!("check.again_here"))
                    .label(prev.name.span, t!("check.first_here"))
                    .help(t!("check.dashboard_twice_help")),
            );
            continue;
        }
        let before = diags.0.len();
        let resolved = dashboard(model, d, diags);
        if diags.0.len() == before {
            out.push(resolved);
        }
    }
    out
}

fn dashboard(model: &Model, d: &DashboardDecl, diags: &mut Diags) -> Dashboard {
    let source = &model.source;
    if let Some(e) = twice(source, codes::E145, &d.colours) {
        diags.push(e);
    }
    let colours: Vec<&str> = d.colours.iter().map(|c| c.node.as_str()).collect();
    let nodes = model.node_names();
    let mut lines: Vec<Line> = Vec::new();
    for line in &d.lines {
        let Some(node) = model.node(&line.node.node) else {
            diags.push(unknown(
                codes::E143,
                source,
                &line.node,
                &t!("check.what_indicator"),
                &nodes,
            ));
            continue;
        };
        if let Some(prev) = lines.iter().find(|l| l.node == node) {
            diags.push(
                Diag::error(
                    codes::E145,
                    t!("check.dash_line_twice", name = line.node.node),
                )
                .in_source(source)
                .label(line.node.span, t!("check.again_here"))
                .label(prev.span, t!("check.first_here"))
                .help(t!("check.dash_line_twice_help")),
            );
            continue;
        }
        let rule = match &line.rule {
            DashRule::Worst(n) => {
                if model.is_leaf(node) || n.node == 0 {
                    let why = if n.node == 0 {
                        t!("check.worst_zero")
                    } else {
                        t!("check.worst_leaf", name = line.node.node)
                    };
                    diags.push(
                        Diag::error(codes::E145, why)
                            .in_source(source)
                            .label(line.node.span.join(n.span), t!("check.here"))
                            .help(t!("check.worst_help")),
                    );
                    continue;
                }
                LineRule::Worst(n.node)
            }
            DashRule::Thresholds(steps) => {
                if !model.is_leaf(node) {
                    diags.push(
                        Diag::error(
                            codes::E145,
                            t!("check.thresholds_parent", name = line.node.node),
                        )
                        .in_source(source)
                        .label(line.node.span, t!("check.thresholds_parent_label"))
                        .help(t!("check.thresholds_parent_help", name = line.node.node)),
                    );
                    continue;
                }
                match thresholds(model, node, &colours, steps, diags) {
                    Some(rule) => rule,
                    None => continue,
                }
            }
        };
        lines.push(Line {
            node,
            rule,
            span: line.node.span,
        });
    }
    Dashboard {
        name: d.name.clone(),
        colours: d.colours.clone(),
        lines,
    }
}

use crate::syntax::dashboard::ColourStep as Step;

/// Colours known and in the dashboard's order, thresholds moving in the indicator's direction
/// (falling where higher is better), an operator that agrees with it, only the last open.
fn thresholds(
    model: &Model,
    node: usize,
    colours: &[&str],
    steps: &[Step],
    diags: &mut Diags,
) -> Option<LineRule> {
    let source = &model.source;
    let direction = model
        .nodes
        .get(node)
        .map(|n| n.scoring.direction)
        .unwrap_or_default();
    let higher = direction == Direction::Higher;
    let mut out = Vec::new();
    let mut prev_colour: Option<(usize, &Name)> = None;
    let mut prev_value: Option<&Spanned<Decimal>> = None;
    let last = steps.len().saturating_sub(1);
    let before = diags.0.len();
    for (i, (colour, th)) in steps.iter().enumerate() {
        let Some(c) = colours.iter().position(|k| *k == colour.node) else {
            diags.push(unknown(
                codes::E143,
                source,
                colour,
                &t!("check.what_colour"),
                colours,
            ));
            continue;
        };
        if let Some((p, pname)) = prev_colour.filter(|(p, _)| c <= *p) {
            let _ = p;
            diags.push(
                Diag::error(
                    codes::E144,
                    t!("check.colour_order", name = pname.node, after = colour.node),
                )
                .in_source(source)
                .label(colour.span, t!("check.colour_order_label"))
                .label(pname.span, t!("check.colour_order_before"))
                .help(t!(
                    "check.colour_order_help",
                    colours = crate::lang::quote_list(colours.iter().copied())
                )),
            );
        }
        prev_colour = Some((c, colour));
        match th {
            Some((op, v)) => {
                if let Some(op) = op {
                    let agrees = matches!((op, higher), (CmpOp::Ge, true) | (CmpOp::Le, false));
                    if !agrees {
                        let want = if higher { ">=" } else { "<=" };
                        let message = if higher {
                            t!(
                                "check.colour_side_higher",
                                colour = colour.node,
                                name = model.name_of(node)
                            )
                        } else {
                            t!(
                                "check.colour_side_lower",
                                colour = colour.node,
                                name = model.name_of(node)
                            )
                        };
                        diags.push(
                            Diag::error(codes::E144, message)
                                .in_source(source)
                                .label(colour.span.join(v.span), t!("check.expected_op", op = want))
                                .help(t!(
                                    "check.colour_side_help",
                                    colour = colour.node,
                                    op = want,
                                    value = v.node
                                )),
                        );
                    }
                }
                if let Some(p) = prev_value {
                    let ordered = if higher {
                        v.node < p.node
                    } else {
                        v.node > p.node
                    };
                    if !ordered {
                        let (message, label, help) = if higher {
                            (
                                "check.thresholds_below",
                                "check.thresholds_below_label",
                                "check.thresholds_higher_help",
                            )
                        } else {
                            (
                                "check.thresholds_above",
                                "check.thresholds_above_label",
                                "check.thresholds_lower_help",
                            )
                        };
                        diags.push(
                            Diag::error(
                                codes::E144,
                                t!(
                                    message,
                                    name = model.name_of(node),
                                    value = v.node,
                                    bound = p.node
                                ),
                            )
                            .in_source(source)
                            .label(v.span, t!(label, bound = p.node))
                            .label(p.span, t!("check.thresholds_better"))
                            .help(t!(help)),
                        );
                    }
                }
                prev_value = Some(v);
                out.push((c, Some(v.node)));
            }
            None if i < last => diags.push(
                Diag::error(codes::E144, t!("check.colour_open", colour = colour.node))
                    .in_source(source)
                    .label(colour.span, t!("check.colour_open_label"))
                    .help(t!("check.colour_open_help")),
            ),
            None => out.push((c, None)),
        }
    }
    (diags.0.len() == before).then_some(LineRule::Thresholds { steps: out, higher })
}
