//! Stage 2, check — groups and tiers, resolved into the model's types: names that clash,
//! conditions over known names (typed filters), tier shares that divide every unit, thresholds
//! that fall, rank bands without gaps.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::exact::Frac;
use super::weights;
use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::{self, Group, Model, Tiers};
use crate::source::{Span, Spanned};
use crate::syntax::ast::{GroupDecl, GroupDef, Name, TierRule, TiersDecl};

/// The groups, resolved (a group whose condition names something unknown is left out, with its
/// errors).
pub(super) fn check_groups(model: &Model, decls: &[GroupDecl], diags: &mut Diags) -> Vec<Group> {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    let mut groups = Vec::new();
    for g in decls {
        if let Some(prev) = seen.get(g.name.node.as_str()) {
            diags.push(
                Diag::error(codes::E102, t!("check.group_twice", name = g.name.node))
                    .in_source(&model.source)
                    .label(g.name.span, t!("check.again_here"))
                    .label(*prev, t!("check.first_here"))
                    .help(t!("check.group_twice_help")),
            );
        }
        seen.insert(&g.name.node, g.name.span);
        if model.node(&g.name.node).is_some() || model.attribute(&g.name.node).is_some() {
            diags.push(
                Diag::error(codes::E102, t!("check.group_ambiguous", name = g.name.node))
                    .in_source(&model.source)
                    .label(g.name.span, t!("check.ambiguous"))
                    .help(t!("check.group_ambiguous_help")),
            );
        }
        let def = match &g.def {
            GroupDef::List { members, open } => model::GroupDef::List {
                members: members.clone(),
                open: *open,
            },
            GroupDef::Condition(cond) => match super::filter::resolve(model, cond, &model.source) {
                Ok(f) => model::GroupDef::Condition(f),
                Err(d) => {
                    diags.extend(d);
                    continue;
                }
            },
        };
        groups.push(Group {
            name: g.name.clone(),
            def,
        });
    }
    groups
}

/// The tiers declarations, resolved (an unknown `of` is reported by [`check_tiers`]; the tiers
/// are then cut on the total).
pub(super) fn resolve_tiers(model: &Model, decls: &[TiersDecl]) -> Vec<Tiers> {
    decls
        .iter()
        .map(|t| Tiers {
            name: t.name.clone(),
            of: t
                .of
                .as_ref()
                .and_then(|n| model.node(&n.node))
                .unwrap_or(model.total),
            tiers: tier_names(t).into_iter().cloned().collect(),
            rule: resolve_rule(&t.rule),
        })
        .collect()
}

/// A tier rule as written → the model's.
pub(super) fn resolve_rule(rule: &TierRule) -> model::TierRule {
    match rule {
        TierRule::Share(v) => model::TierRule::Share(v.iter().map(|(_, s)| s.clone()).collect()),
        TierRule::Score(v) => model::TierRule::Score(
            v.iter()
                .map(|(_, th)| th.as_ref().map(|th| th.node))
                .collect(),
        ),
        TierRule::Rank(v) => model::TierRule::Rank(
            v.iter()
                .map(|(_, from, to)| (from.node, to.as_ref().map(|to| to.node)))
                .collect(),
        ),
        TierRule::List(v) => {
            model::TierRule::List(v.iter().map(|(_, members, _)| members.clone()).collect())
        }
    }
}

pub(super) fn tier_names(t: &TiersDecl) -> Vec<&Spanned<String>> {
    match &t.rule {
        TierRule::Share(v) => v.iter().map(|(n, _)| n).collect(),
        TierRule::Score(v) => v.iter().map(|(n, _)| n).collect(),
        TierRule::Rank(v) => v.iter().map(|(n, _, _)| n).collect(),
        TierRule::List(v) => v.iter().map(|(n, _, _)| n).collect(),
    }
}

/// Tiers names unique and of their own, `of` a known indicator, shares, thresholds and bands
/// that make sense.
pub(super) fn check_tiers(
    model: &Model,
    decls: &[TiersDecl],
    groups: &[GroupDecl],
    diags: &mut Diags,
) {
    // Tiers declarations' names are unique; a tier's name only within its declaration (two
    // tiers may both have 领军: `梯队 = 领军` says which).
    let mut names: HashMap<&str, Span> = HashMap::new();
    for t in decls {
        let mut own: HashMap<&str, Span> = HashMap::new();
        if let Some(of) = &t.of {
            if model.node(&of.node).is_none() {
                let nodes = model.node_names();
                diags.push(super::names::unknown(
                    &model.source,
                    of,
                    &t!("check.what_indicator"),
                    &nodes,
                ));
            }
        }
        for (i, n) in std::iter::once(&t.name).chain(tier_names(t)).enumerate() {
            let seen = if i == 0 { &mut names } else { &mut own };
            // A tier may not take another tiers declaration's name.
            let other = (i > 0)
                .then(|| decls.iter().find(|d| d.name.node == n.node))
                .flatten()
                .map(|d| &d.name.span);
            if let Some(prev) = seen.get(n.node.as_str()).or(other) {
                diags.push(
                    Diag::error(codes::E102, t!("check.tier_twice", name = n.node))
                        .in_source(&model.source)
                        .label(n.span, t!("check.again_here"))
                        .label(*prev, t!("check.first_here"))
                        .help(t!("check.tier_twice_help")),
                );
            } else if model.node(&n.node).is_some()
                || model.attribute(&n.node).is_some()
                || groups.iter().any(|g| g.name.node == n.node)
            {
                diags.push(
                    Diag::error(codes::E102, t!("check.tier_ambiguous", name = n.node))
                        .in_source(&model.source)
                        .label(n.span, t!("check.ambiguous"))
                        .help(t!("check.tier_ambiguous_help")),
                );
            }
            seen.insert(&n.node, n.span);
        }
        check_rule(model, &t.rule, &t.name, diags);
    }
}

/// A tier rule's shares, thresholds or bands make sense (`name`: the tiers, or the group a
/// rating scale is for).
pub(super) fn check_rule(model: &Model, rule: &TierRule, name: &Name, diags: &mut Diags) {
    match rule {
        TierRule::Share(v) => shares(model, name, v, diags),
        TierRule::Score(v) => thresholds(model, v, diags),
        TierRule::Rank(v) => rank_bands(model, v, diags),
        TierRule::List(_) => {}
    }
}

/// Tiers by share divide every unit: the shares add up to 100% (exactly: thirds written as
/// `33.33%` do not, and say so).
fn shares(model: &Model, t: &Name, v: &[(Name, Spanned<Decimal>)], diags: &mut Diags) {
    let span = v
        .first()
        .map_or(t.span, |(n, _)| n.span)
        .join(v.last().map_or(t.span, |(_, s)| s.span));
    let Some(sum) = Frac::sum(v.iter().map(|(_, s)| Frac::from_decimal(s.node))) else {
        diags.push(weights::beyond(
            &model.source,
            span,
            &format!("the shares of `{}`", t.node),
        ));
        return;
    };
    if sum == Frac::from_decimal(Decimal::ONE_HUNDRED) {
        return;
    }
    let shown = sum.to_decimal().map_or_else(
        || t!("check.beyond_1e28").into_owned(),
        |d| d.normalize().to_string(),
    );
    diags.push(
        Diag::error(
            codes::E110,
            t!("check.e110_shares", name = t.node, sum = shown),
        )
        .in_source(&model.source)
        .label(span, t!("check.percent", value = shown))
        .help(t!("check.e110_shares_help")),
    );
}

/// Score tiers list their thresholds from the highest down; only the last may omit one.
fn thresholds(model: &Model, v: &[(Name, Option<Spanned<Decimal>>)], diags: &mut Diags) {
    let mut prev: Option<&Spanned<Decimal>> = None;
    let last = v.len().saturating_sub(1);
    for (i, (n, th)) in v.iter().enumerate() {
        match th {
            Some(th) => {
                if let Some(p) = prev.filter(|p| th.node >= p.node) {
                    diags.push(
                        Diag::error(codes::E110, t!("check.e110_threshold", name = n.node))
                            .in_source(&model.source)
                            .label(th.span, t!("check.should_be_lower"))
                            .label(p.span, t!("check.previous_threshold"))
                            .help(t!("check.e110_threshold_help")),
                    );
                }
                prev = Some(th);
            }
            None if i < last => diags.push(
                Diag::error(codes::E110, t!("check.e110_no_threshold", name = n.node))
                    .in_source(&model.source)
                    .label(n.span, t!("check.catches_every_score"))
                    .help(t!("check.e110_no_threshold_help")),
            ),
            None => {}
        }
    }
}

/// Rank bands follow each other from rank 1, without gaps or overlaps.
/// `第一档 1-30`: a band's name, first rank and last rank (none: to the end).
type Band = (Name, Spanned<u64>, Option<Spanned<u64>>);

fn rank_bands(model: &Model, v: &[Band], diags: &mut Diags) {
    let mut next = 1u64;
    for (n, from, to) in v {
        if from.node != next {
            diags.push(
                Diag::error(
                    codes::E110,
                    t!(
                        "check.e110_band_start",
                        name = n.node,
                        from = from.node,
                        next = next
                    ),
                )
                .in_source(&model.source)
                .label(from.span, t!("check.expected_value", value = next))
                .help(t!("check.e110_band_start_help")),
            );
        }
        match to {
            Some(to) if to.node < from.node => diags.push(
                Diag::error(codes::E110, t!("check.e110_band_end", name = n.node))
                    .in_source(&model.source)
                    .label(to.span, t!("check.before_the_start"))
                    .help(t!("check.e110_band_end_help")),
            ),
            Some(to) => next = to.node.saturating_add(1),
            None => next = u64::MAX,
        }
    }
}
