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

/// An unknown name in one of this section's declarations, with "did you mean".
fn unknown(source: &Source, code: Code, name: &Name, what: &str, known: &[&str]) -> Diag {
    Diag::error(code, format!("unknown {what} `{}`", name.node))
        .in_source(source)
        .label(name.span, format!("not a known {what}"))
        .help(
            crate::suggest::did_you_mean(&name.node, known.iter().copied())
                .unwrap_or_else(|| format!("known: {}", super::names::shortlist(known))),
        )
}

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
                Diag::error(
                    codes::E102,
                    format!(
                        "`{}` is already the name of an indicator, attribute or tiers",
                        name.node
                    ),
                )
                .in_source(&model.source)
                .label(name.span, "again here")
                .help("give the group or ratings a name of its own"),
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
                format!(
                    "`{}` cuts {} groups; quantile groups need 2 to {MAX_QUANTILES}",
                    q.name.node, q.n.node
                ),
            )
            .in_source(source)
            .label(q.n.span, "here")
            .help("write `quartiles of X`, or `quantiles N of X` with N from 2 to 100"),
        );
        return None;
    }
    let n = usize::try_from(q.n.node).ok()?;
    let of = if let Some(a) = model.attribute(&q.of.node) {
        QuantileOf::Attribute(a)
    } else if let Some(id) = model.node(&q.of.node) {
        QuantileOf::Node(id)
    } else {
        let mut known: Vec<&str> = model.attributes.iter().map(|a| a.node.as_str()).collect();
        known.extend(model.nodes.iter().map(|n| n.name.as_str()));
        diags.push(unknown(
            source,
            codes::E141,
            &q.of,
            "attribute or indicator",
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
                format!(
                    "`{}` cuts {n} groups but names {}",
                    q.name.node,
                    labels.len()
                ),
            )
            .in_source(source)
            .label(q.span, format!("{} names", labels.len()))
            .help("name every group, lowest first, or leave the names out for Q1 … Qn"),
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
            Diag::error(code, format!("`{}` is named twice", n.node))
                .in_source(source)
                .label(n.span, "again here")
                .label(prev.span, "first here")
                .help("each name once"),
        )
    })
}

fn ratings(model: &Model, r: &RatingsDecl, diags: &mut Diags) -> Option<Tiers> {
    let source = &model.source;
    let Some(per) = model.tiers_named(&r.per.node) else {
        let known: Vec<&str> = model.tiers.iter().map(|t| t.name.node.as_str()).collect();
        diags.push(unknown(
            source,
            codes::E142,
            &r.per,
            "group or tiers to rate by",
            &known,
        ));
        return None;
    };
    let of = match &r.of {
        Some(n) => match model.node(&n.node) {
            Some(id) => id,
            None => {
                let known: Vec<&str> = model.nodes.iter().map(|n| n.name.as_str()).collect();
                diags.push(unknown(source, codes::E142, n, "indicator", &known));
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
                    format!(
                        "`{}` is not a group of `{}`: its rating scale rates no unit",
                        s.name.node, r.per.node
                    ),
                )
                .in_source(source)
                .label(s.name.span, "not a group")
                .help(
                    crate::suggest::did_you_mean(&s.name.node, partition.iter().copied())
                        .unwrap_or_else(|| {
                            format!("the groups: {}", super::names::shortlist(&partition))
                        }),
                ),
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
                Diag::error(
                    codes::E142,
                    format!("group `{}` has two rating scales", s.name.node),
                )
                .in_source(source)
                .label(s.name.span, "again here")
                .label(prev.name.span, "first here")
                .help("give each group one scale"),
            );
            ok = false;
            continue;
        }
        if let Some(of) = &s.of {
            diags.push(
                Diag::error(codes::E142, "a rating scale names its own indicator")
                    .in_source(source)
                    .label(of.span, "here")
                    .help(format!(
                        "write `ratings {} of {} per …` once, for every scale",
                        r.name.node, of.node
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
                Diag::error(
                    codes::E145,
                    format!("dashboard `{}` is declared twice", d.name.node),
                )
                .in_source(&model.source)
                .label(d.name.span, "again here")
                .label(prev.name.span, "first here")
                .help("give each dashboard its own name"),
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
    let nodes: Vec<&str> = model.nodes.iter().map(|n| n.name.as_str()).collect();
    let mut lines: Vec<Line> = Vec::new();
    for line in &d.lines {
        let Some(node) = model.node(&line.node.node) else {
            diags.push(unknown(
                source,
                codes::E143,
                &line.node,
                "indicator",
                &nodes,
            ));
            continue;
        };
        if let Some(prev) = lines.iter().find(|l| l.node == node) {
            diags.push(
                Diag::error(
                    codes::E145,
                    format!("`{}` has two lines in the dashboard", line.node.node),
                )
                .in_source(source)
                .label(line.node.span, "again here")
                .label(prev.span, "first here")
                .help("give each indicator one colour rule"),
            );
            continue;
        }
        let rule = match &line.rule {
            DashRule::Worst(n) => {
                if model.is_leaf(node) || n.node == 0 {
                    let why = if n.node == 0 {
                        "`worst 0` takes no indicator".to_string()
                    } else {
                        format!(
                            "`{}` is an indicator without indicators under it",
                            line.node.node
                        )
                    };
                    diags.push(
                        Diag::error(codes::E145, why)
                            .in_source(source)
                            .label(line.node.span.join(n.span), "here")
                            .help("`worst N` colours a parent from its N worst indicators; give a leaf thresholds"),
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
                            format!(
                                "`{}` has indicators under it: thresholds apply to a raw value",
                                line.node.node
                            ),
                        )
                        .in_source(source)
                        .label(line.node.span, "a parent")
                        .help(format!(
                            "colour it from its indicators: `{} worst 2`",
                            line.node.node
                        )),
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
            diags.push(unknown(source, codes::E143, colour, "colour", colours));
            continue;
        };
        if let Some((p, pname)) = prev_colour.filter(|(p, _)| c <= *p) {
            let _ = p;
            diags.push(
                Diag::error(
                    codes::E144,
                    format!(
                        "colour `{}` comes after `{}` in the dashboard's colours",
                        pname.node, colour.node
                    ),
                )
                .in_source(source)
                .label(colour.span, "out of order")
                .label(pname.span, "before it")
                .help(format!(
                    "list colours best first, as the dashboard does: {}",
                    colours.join(", ")
                )),
            );
        }
        prev_colour = Some((c, colour));
        match th {
            Some((op, v)) => {
                if let Some(op) = op {
                    let agrees = matches!((op, higher), (CmpOp::Ge, true) | (CmpOp::Le, false));
                    if !agrees {
                        let word = if higher { "higher" } else { "lower" };
                        let want = if higher { ">=" } else { "<=" };
                        diags.push(
                            Diag::error(codes::E144, format!("`{colour}` is reached by a value on the wrong side: `{}` scores {word} values as better", model.name_of(node), colour = colour.node))
                                .in_source(source)
                                .label(colour.span.join(v.span), format!("expected `{want}`"))
                                .help(format!("write `{} {want} {}`, or change the indicator's `direction`", colour.node, v.node)),
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
                        let word = if higher { "below" } else { "above" };
                        diags.push(
                            Diag::error(codes::E144, format!("the thresholds of `{}` are out of order: `{}` must be {word} {}", model.name_of(node), v.node, p.node))
                                .in_source(source)
                                .label(v.span, format!("should be {word} {}", p.node))
                                .label(p.span, "the better colour's threshold")
                                .help(if higher {
                                    "higher is better here: list thresholds from the highest down"
                                } else {
                                    "lower is better here: list thresholds from the lowest up"
                                }),
                        );
                    }
                }
                prev_value = Some(v);
                out.push((c, Some(v.node)));
            }
            None if i < last => diags.push(
                Diag::error(
                    codes::E144,
                    format!(
                        "colour `{}` has no threshold but is not the last",
                        colour.node
                    ),
                )
                .in_source(source)
                .label(colour.span, "catches every value")
                .help("only the last colour may omit its threshold"),
            ),
            None => out.push((c, None)),
        }
    }
    (diags.0.len() == before).then_some(LineRule::Thresholds { steps: out, higher })
}
