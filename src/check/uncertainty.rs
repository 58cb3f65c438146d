//! Stage 2, check — uncertainties declared in the spec (language chapter 8): each `assume` line
//! resolved into a [`model::uncertainty::Assumed`] — its node, its kind, its choices — with
//! located errors (E801–E811) and "did you mean" for an unknown node, kind or choice.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::uncertainty::{
    subtree, varies, Assumed, Dist, Uncertainty, AGG_WORDS, KINDS, MISSING_WORDS, NORM_WORDS,
};
use crate::model::{Model, NodeId};
use crate::source::{Source, Span, Spanned};
use crate::syntax::ast::{Item, Name, Spec};
use crate::syntax::uncertainty::{AssumeDecl, Distribution, UncertaintyDecl};

use super::names::unknown;

/// The most replications a spec may ask for (as `cix uncertainty --runs`).
pub const MAX_RUNS: usize = 10_000_000;

/// Resolve the spec's `uncertainty` declaration (the first one; a second is E109).
pub fn resolve(spec: &Spec, model: &Model, diags: &mut Diags) -> Uncertainty {
    let source = &model.source;
    let mut out = Uncertainty::default();
    for item in &spec.items {
        let Item::Uncertainty(decl) = item else {
            continue;
        };
        if let Some(prev) = out.span {
            diags.push(
                Diag::error(codes::E109, t!("check.e109", what = "uncertainty"))
                    .in_source(source)
                    .label(decl.span, t!("check.second_declaration"))
                    .label(prev, t!("check.first_declaration"))
                    .help(t!("check.uncertainty_twice_help")),
            );
            continue;
        }
        out = declaration(model, decl, diags);
    }
    out
}

fn declaration(model: &Model, decl: &UncertaintyDecl, diags: &mut Diags) -> Uncertainty {
    let source = &model.source;
    let runs = decl
        .runs
        .as_ref()
        .and_then(|r| match r.node.parse::<usize>() {
            Ok(n) if (1..=MAX_RUNS).contains(&n) => Some(n),
            _ => {
                diags.push(
                    Diag::error(
                        codes::E801,
                        t!("check.runs_range", runs = r.node, max = MAX_RUNS),
                    )
                    .in_source(source)
                    .label(r.span, t!("check.runs_range_label"))
                    .help(t!("check.runs_range_help")),
                );
                None
            }
        });
    let seed = decl
        .seed
        .as_ref()
        .and_then(|s| match s.node.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                diags.push(
                    Diag::error(codes::E811, t!("check.seed_range", seed = s.node))
                        .in_source(source)
                        .label(s.span, t!("check.too_large"))
                        .help(t!("check.seed_range_help", max = u64::MAX)),
                );
                None
            }
        });
    let mut names: HashMap<&str, Span> = HashMap::new();
    let mut assumptions: Vec<Assumed> = Vec::new();
    for a in &decl.assumptions {
        if let Some(prev) = names.get(a.name.node.as_str()) {
            diags.push(
                Diag::error(
                    codes::E803,
                    t!("check.assumption_twice", name = a.name.node),
                )
                .in_source(source)
                .label(a.name.span, t!("check.again_here"))
                .label(*prev, t!("check.first_here"))
                .help(t!("check.assumption_twice_help")),
            );
            continue;
        }
        names.insert(&a.name.node, a.name.span);
        let Some(resolved) = assumption(model, a, diags) else {
            continue;
        };
        if let Some(prev) = assumptions.iter().find(|p| overlaps(model, p, &resolved)) {
            diags.push(
                Diag::error(
                    codes::E810,
                    t!(
                        "check.assumptions_overlap",
                        first = prev.name,
                        second = resolved.name,
                        kind = resolved.dist.kind(),
                        name = model.name_of(resolved.node)
                    ),
                )
                .in_source(source)
                .label(a.span, t!("check.second_assumption"))
                .label(prev.span, t!("check.first_assumption"))
                .help(t!("check.assumptions_overlap_help")),
            );
            continue;
        }
        assumptions.push(resolved);
    }
    Uncertainty {
        runs,
        seed,
        assumptions,
        span: Some(decl.span),
    }
}

/// Whether two assumptions set the same choice: weights of the same parent, or another kind on
/// nodes one of which contains the other.
fn overlaps(model: &Model, a: &Assumed, b: &Assumed) -> bool {
    if a.dist.kind() != b.dist.kind() {
        return false;
    }
    if a.dist.kind() == "weights" {
        return a.node == b.node;
    }
    subtree(model, a.node).contains(&b.node) || subtree(model, b.node).contains(&a.node)
}

fn assumption(model: &Model, a: &AssumeDecl, diags: &mut Diags) -> Option<Assumed> {
    let source = &model.source;
    let kind = a.kind.node.as_str();
    if !KINDS.contains(&kind) {
        diags.push(
            Diag::error(codes::E804, t!("check.assumption_kind", kind = kind))
                .in_source(source)
                .label(a.kind.span, t!("check.assumption_kind_label"))
                .help(
                    super::names::closest(kind, KINDS)
                        .unwrap_or_else(|| t!("check.assumption_kind_help").into_owned()),
                ),
        );
        return None;
    }
    let Some(node) = model.node(&a.node.node) else {
        let names = model.node_names();
        diags.push(unknown(
            source,
            &a.node,
            &t!("check.what_indicator"),
            &names,
        ));
        return None;
    };
    let dist = distribution(model, a, node, diags)?;
    nothing_to_vary(model, a, node, &dist, diags)?;
    Some(Assumed {
        name: a.name.node.clone(),
        node,
        dist,
        span: a.span,
    })
}

/// The distribution of an assumption of a known kind on a known node.
fn distribution(model: &Model, a: &AssumeDecl, node: NodeId, diags: &mut Diags) -> Option<Dist> {
    let source = &model.source;
    let kind = a.kind.node.as_str();
    let wrong = |message: &str, help: &str| {
        Diag::error(codes::E807, t!(message, kind = kind))
            .in_source(source)
            .label(a.dist.span, t!("check.wrong_distribution_label"))
            .help(t!(help))
    };
    match (&a.dist.node, kind) {
        (Distribution::Vary(p), "weights") => {
            let hundred = Decimal::ONE_HUNDRED;
            if *p <= Decimal::ZERO || *p >= hundred {
                diags.push(
                    Diag::error(codes::E802, t!("check.vary_range", p = p))
                        .in_source(source)
                        .label(a.dist.span, t!("check.vary_range_label"))
                        .help(t!("check.vary_range_help")),
                );
                return None;
            }
            Some(Dist::Vary(p.checked_div(hundred)?))
        }
        (Distribution::Sets(sets), "weights") => weight_sets(model, node, sets, diags),
        (Distribution::Choices(words), "normalisation" | "normalization") => {
            choices(source, words, NORM_WORDS, diags).map(Dist::Normalisation)
        }
        (Distribution::Choices(words), "missing") => {
            let c = choices(source, words, MISSING_WORDS, diags)?;
            policies_evaluable(model, a, diags)?;
            Some(Dist::Missing(c))
        }
        (Distribution::Choices(words), "aggregation") => {
            choices(source, words, AGG_WORDS, diags).map(Dist::Aggregation)
        }
        (Distribution::Choices(words), "treatment") => {
            let c = choices(source, words, &[("on", true), ("off", false)], diags)?;
            if c.len() != 2 {
                return None;
            }
            policies_evaluable(model, a, diags)?;
            Some(Dist::Treatment)
        }
        (_, "weights") => {
            diags.push(wrong(
                "check.weights_not_choices",
                "check.weights_not_choices_help",
            ));
            None
        }
        _ => {
            diags.push(wrong(
                "check.choices_not_vary",
                "check.choices_not_vary_help",
            ));
            None
        }
    }
}

/// Missing-data policies and treatment re-score leaves with the spec's own methods: refused
/// under methods by group, whose units are scored by other methods (E809).
fn policies_evaluable(model: &Model, a: &AssumeDecl, diags: &mut Diags) -> Option<()> {
    if model.grouping.methods.is_empty() {
        return Some(());
    }
    diags.push(
        Diag::error(
            codes::E809,
            t!("check.vary_under_methods", kind = a.kind.node),
        )
        .in_source(&model.source)
        .label(a.kind.span, t!("check.vary_under_methods_label"))
        .help(t!("check.vary_under_methods_help")),
    );
    None
}

/// The choices of an `in [...]` list: known words, at least two different ones.
fn choices<T: Copy + PartialEq>(
    source: &Source,
    words: &[Name],
    known: &[(&str, T)],
    diags: &mut Diags,
) -> Option<Vec<T>> {
    let mut out: Vec<T> = Vec::new();
    let mut ok = true;
    for w in words {
        match known.iter().find(|(k, _)| *k == w.node) {
            Some(&(_, c)) if out.contains(&c) => {
                diags.push(few(
                    source,
                    w.span,
                    &t!("check.choice_twice", name = w.node),
                ));
                ok = false;
            }
            Some(&(_, c)) => out.push(c),
            None => {
                let names: Vec<&str> = known.iter().map(|(k, _)| *k).collect();
                diags.push(
                    Diag::error(codes::E807, t!("check.unknown_choice", name = w.node))
                        .in_source(source)
                        .label(w.span, t!("check.unknown_choice_label"))
                        .help(super::names::closest(&w.node, &names).unwrap_or_else(|| {
                            t!(
                                "check.choose_among",
                                names = crate::lang::quote_list(names.iter().copied())
                            )
                            .into_owned()
                        })),
                );
                ok = false;
            }
        }
    }
    if ok && out.len() < 2 {
        let at = words.first().map_or(Span::new(0, 0), |w| w.span);
        diags.push(few(source, at, &t!("check.two_choices")));
        return None;
    }
    ok.then_some(out)
}

fn few(source: &Source, at: Span, what: &str) -> Diag {
    Diag::error(codes::E808, what.to_string())
        .in_source(source)
        .label(at, t!("check.here"))
        .help(t!("check.two_choices_help"))
}

/// `sets [..], [..]`: two sets or more, each a weight for every child whose weight may vary,
/// none negative, each with a positive sum.
fn weight_sets(
    model: &Model,
    node: NodeId,
    sets: &[Spanned<Vec<Decimal>>],
    diags: &mut Diags,
) -> Option<Dist> {
    let kids: Vec<NodeId> = model
        .nodes
        .get(node)
        .map(|n| {
            n.children
                .iter()
                .copied()
                .filter(|&c| varies(model, c))
                .collect()
        })
        .unwrap_or_default();
    let names: Vec<&str> = kids.iter().map(|&c| model.name_of(c)).collect();
    let mut ok = true;
    for s in sets {
        let bad = if s.node.len() != kids.len() {
            Some(t!(
                "check.set_length",
                weights = s.node.len(),
                children = kids.len(),
                name = model.name_of(node)
            ))
        } else if s.node.iter().any(|w| w.is_sign_negative()) || s.node.iter().all(|w| w.is_zero())
        {
            Some(t!("check.set_signs"))
        } else {
            None
        };
        if let Some(message) = bad {
            diags.push(
                Diag::error(codes::E806, message)
                    .in_source(&model.source)
                    .label(s.span, t!("check.this_set"))
                    .help(t!(
                        "check.set_help",
                        names = crate::lang::quote_list(names.iter().copied())
                    )),
            );
            ok = false;
        }
    }
    if ok && sets.len() < 2 {
        let at = sets.first().map_or(Span::new(0, 0), |s| s.span);
        diags.push(few(&model.source, at, &t!("check.two_sets")));
        return None;
    }
    ok.then(|| Dist::Sets(sets.iter().map(|s| s.node.clone()).collect()))
}

/// E805 when the node has nothing the assumption could vary (weights of a leaf; aggregation of
/// a leaf); W801 when treatment is varied where no leaf declares one.
fn nothing_to_vary(
    model: &Model,
    a: &AssumeDecl,
    node: NodeId,
    dist: &Dist,
    diags: &mut Diags,
) -> Option<()> {
    let under = subtree(model, node);
    let nothing = match dist {
        Dist::Vary(_) | Dist::Sets(_) => model
            .nodes
            .get(node)
            .is_none_or(|n| n.children.iter().filter(|&&c| varies(model, c)).count() < 2)
            .then_some("check.nothing_to_vary_weights"),
        Dist::Aggregation(_) => model
            .is_leaf(node)
            .then_some("check.nothing_to_vary_aggregation"),
        _ => None,
    };
    if let Some(why) = nothing {
        diags.push(
            Diag::error(codes::E805, t!(why, name = model.name_of(node)))
                .in_source(&model.source)
                .label(a.node.span, t!("check.nothing_to_vary_label"))
                .help(t!("check.nothing_to_vary_help")),
        );
        return None;
    }
    if *dist == Dist::Treatment
        && !under.iter().any(|&l| {
            model
                .nodes
                .get(l)
                .is_some_and(|n| n.scoring.treat.is_some())
        })
    {
        diags.push(
            Diag::warning(codes::W801, t!("check.w801", name = model.name_of(node)))
                .in_source(&model.source)
                .label(a.span, t!("check.w801_label"))
                .help(t!("check.w801_help")),
        );
    }
    Some(())
}
