//! Stage 2, check — the scoring part: the output scale, percent and unknown weights turned into
//! points, scoring clauses resolved with the index's defaults and their parameters checked,
//! `levels` compared with the named hierarchy. Called by [`crate::check::check`].

use rust_decimal::Decimal;

use super::exact::Frac;
use super::weights::{self, Weights};
use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::{Node, NodeId, Role};
use crate::rules::{
    Direction, Method, Missing, NodeScoring, PercentOf, RubricStep, Scale, ScoreRule, StepWhen,
};
use crate::source::{Source, Span, Spanned};
use crate::syntax::ast::Clause;
use crate::syntax::ast::{IndicatorDecl, ScaleDecl, Weight, WeightsDecl};

/// `levels 4, 11, 31 "why"`: the declared counts per level and the note.
pub type Levels = (Vec<Spanned<u32>>, Option<Spanned<String>>);

/// The index-level declarations of the scoring section.
#[derive(Default)]
pub struct Decls {
    pub scale: Option<Spanned<ScaleDecl>>,
    pub weights: Vec<Spanned<WeightsDecl>>,
    pub levels: Option<Levels>,
    /// Index-level scoring clauses: defaults for every leaf (every parent for `aggregate`).
    pub defaults: Vec<Spanned<Clause>>,
}

pub struct Resolved {
    pub scale: Scale,
    pub assumptions: Vec<String>,
    pub incomplete: Option<Spanned<String>>,
    /// The total's scoring: an index-level `aggregate` applies to it too.
    pub total: NodeScoring,
    /// Every node's points, exactly (indexed like the nodes).
    pub exact: Vec<Frac>,
}

/// A node's own clauses, each kind at most once.
pub fn leaf_clauses(decl: &IndicatorDecl, source: &Source, diags: &mut Diags) -> NodeScoring {
    let mut s = NodeScoring::default();
    apply_clauses(&mut s, &decl.clauses, source, diags, true);
    let w = &decl.weight.node;
    s.weight_written = Some(if w.unknown {
        "unknown".to_string()
    } else if w.equal {
        "equal".to_string()
    } else if w.percent {
        match w.of {
            Some(PercentOf::Total) => format!("{}% of total", w.value.normalize()),
            Some(PercentOf::Parent) => format!("{}% of parent", w.value.normalize()),
            None => format!("{}%", w.value.normalize()),
        }
    } else {
        w.value.normalize().to_string()
    });
    let leaf = decl.children.is_empty();
    for c in &decl.clauses {
        let misplaced = match c.node {
            Clause::Aggregate(_) | Clause::Relative | Clause::Require(_) => leaf,
            // A parent's final value may be rounded (before ranking) and displayed its own way.
            Clause::Round(_) | Clause::Decimals(_) | Clause::Shown(_) => false,
            _ => !leaf,
        };
        if misplaced {
            let (message, help) = if leaf {
                ("check.clause_on_leaf", "check.clause_on_leaf_help")
            } else {
                ("check.clause_on_parent", "check.clause_on_parent_help")
            };
            diags.push(
                Diag::error(
                    codes::E401,
                    t!(message, name = decl.name.node, clause = c.node.keyword()),
                )
                .in_source(source)
                .label(c.span, t!("check.not_allowed_here"))
                .help(t!(help)),
            );
        }
    }
    s
}

/// The total's own clauses (`round`, `decimals`, `shown`), each kind at most once.
pub fn own_clauses(
    s: &mut NodeScoring,
    clauses: &[Spanned<Clause>],
    source: &Source,
    diags: &mut Diags,
) {
    apply_clauses(s, clauses, source, diags, true);
}

fn apply_clauses(
    s: &mut NodeScoring,
    clauses: &[Spanned<Clause>],
    source: &Source,
    diags: &mut Diags,
    own: bool,
) {
    let mut seen: Vec<(&'static str, Span)> = Vec::new();
    for c in clauses {
        let kw = c.node.keyword();
        if let Some((_, prev)) = seen.iter().find(|(k, _)| *k == kw) {
            diags.push(
                Diag::error(codes::E412, t!("check.clause_twice", clause = kw))
                    .in_source(source)
                    .label(c.span, t!("check.again_here"))
                    .label(*prev, t!("check.first_here"))
                    .help(if own {
                        t!("check.clause_twice_block_help", clause = kw)
                    } else {
                        t!("check.clause_twice_index_help", clause = kw)
                    }),
            );
            continue;
        }
        seen.push((kw, c.span));
        match &c.node {
            Clause::Score(r) => s.rule = Some(Spanned::new(r.clone(), c.span)),
            Clause::Direction(d) => {
                s.direction = *d;
                s.direction_span = Some(c.span);
            }
            Clause::Round(r) => s.round = Some(*r),
            Clause::Missing(m) => {
                s.missing = m.clone();
                s.missing_span = Some(c.span);
            }
            Clause::Last(last, then) => {
                s.missing = then.clone();
                s.missing_span = Some(c.span);
                s.last = Some(last.clone());
            }
            Clause::Aggregate(a) => {
                s.aggregate = *a;
                s.aggregate_span = Some(c.span);
            }
            Clause::Relative => s.relative = Some(c.span),
            Clause::Decimals(n) => s.decimals = Some(*n),
            Clause::Shown(hi) => s.shown = Some(*hi),
            Clause::Treat(_) | Clause::Require(_) => {
                super::treatment::apply_clause(s, c, source, diags);
            }
        }
    }
}

/// Resolve weights and scoring for the whole tree; returns the scale and the assumptions made.
#[allow(clippy::too_many_arguments)]
pub fn resolve(
    nodes: &mut [Node],
    weights: &[Spanned<Weight>],
    primaries: &[NodeId],
    bonuses: &[NodeId],
    penalties: &[NodeId],
    decls: &Decls,
    source: &Source,
    diags: &mut Diags,
) -> Resolved {
    let scale = scale(decls, source, diags);
    let mut percent_of = PercentOf::Parent;
    let mut assume_equal: Option<(Span, Option<String>)> = None;
    for w in &decls.weights {
        match &w.node {
            WeightsDecl::Percent(p) => percent_of = *p,
            WeightsDecl::UnknownEqual(why) => assume_equal = Some((w.span, why.clone())),
        }
    }
    // Index-level defaults.
    let mut defaults = NodeScoring::default();
    apply_clauses(&mut defaults, &decls.defaults, source, diags, false);
    if let Some(c) = decls
        .defaults
        .iter()
        .find(|c| matches!(c.node, Clause::Shown(_)))
    {
        diags.push(
            Diag::error(codes::E442, t!("check.shown_on_index"))
                .in_source(source)
                .label(c.span, t!("check.at_index_level"))
                .help(t!("check.shown_on_index_help")),
        );
    }

    let top_percent = primaries
        .iter()
        .any(|&i| weights.get(i).is_some_and(|w| !w.node.is_points()));
    let points_sum = Frac::sum(
        primaries
            .iter()
            .filter_map(|&i| weights.get(i))
            .filter(|w| w.node.is_points())
            .map(|w| Frac::from_decimal(w.node.value)),
    );
    let total = match scale {
        Scale::Range(hi) => Frac::from_decimal(hi),
        Scale::Points if top_percent => Frac::from_decimal(Decimal::ONE_HUNDRED),
        Scale::Points => points_sum.unwrap_or_else(|| {
            let span = primaries
                .first()
                .and_then(|&i| weights.get(i))
                .map_or_else(Span::default, |w| w.span);
            diags.push(weights::beyond(
                source,
                span,
                &t!("check.the_primaries_points"),
            ));
            Frac::ZERO
        }),
    };
    let exact = nodes.iter().map(|n| Frac::from_decimal(n.max)).collect();
    let mut r = Weights {
        nodes,
        written: weights,
        source,
        diags,
        percent_of,
        assume_equal,
        relative_default: defaults.relative,
        assumed: 0,
        total,
        exact,
    };
    let standalone: Vec<NodeId> = bonuses.iter().chain(penalties).copied().collect();
    r.resolve(primaries, &standalone);
    let assumptions = assumption(&mut r);
    let Weights {
        nodes,
        diags,
        exact,
        ..
    } = r;

    // Scoring defaults and checks, leaf by leaf.
    for node in nodes.iter_mut() {
        apply_defaults(node, &defaults);
    }
    for node in nodes.iter().filter(|n| n.children.is_empty()) {
        check_rule(node, source, diags);
        super::treatment::check_leaf(node, defaults.treat_span, source, diags);
    }
    let incomplete = levels(nodes, decls, source, diags);
    let total = NodeScoring {
        aggregate: defaults.aggregate,
        aggregate_span: defaults.aggregate_span,
        relative: defaults.relative,
        decimals: defaults.decimals,
        require: defaults.require.clone(),
        ..NodeScoring::default()
    };
    Resolved {
        scale,
        assumptions,
        incomplete,
        total,
        exact,
    }
}

/// The output scale (`scale points`, `scale 0-1`, `scale 0-100`); points when none is written.
fn scale(decls: &Decls, source: &Source, diags: &mut Diags) -> Scale {
    match &decls.scale {
        None => Scale::Points,
        Some(s) => match &s.node {
            ScaleDecl::Name(n) if n == "points" => Scale::Points,
            ScaleDecl::Name(n) if n == "index" => Scale::Range(Decimal::ONE),
            ScaleDecl::Range(lo, hi) if lo.is_zero() && *hi > Decimal::ZERO => Scale::Range(*hi),
            other => {
                let written = match other {
                    ScaleDecl::Name(n) => n.clone(),
                    ScaleDecl::Range(lo, hi) => format!("{}-{}", lo.normalize(), hi.normalize()),
                };
                diags.push(
                    Diag::error(codes::E410, t!("check.unknown_scale", scale = written))
                        .in_source(source)
                        .label(s.span, t!("check.not_a_scale"))
                        .help(t!("check.unknown_scale_help")),
                );
                Scale::Points
            }
        },
    }
}

/// The assumption of equal unknown weights, in words (a warning where it is declared); none
/// when no weight was unknown.
fn assumption(r: &mut Weights<'_>) -> Vec<String> {
    let assumed = r.assumed;
    if assumed == 0 {
        return Vec::new();
    }
    let why = r
        .assume_equal
        .as_ref()
        .and_then(|(_, w)| w.clone())
        .map(|w| t!("check.parenthesised", note = w).into_owned())
        .unwrap_or_default();
    let msg = t!("check.w401", count = assumed, why = why).into_owned();
    if let Some((span, _)) = &r.assume_equal {
        r.diags.push(
            Diag::warning(codes::W401, msg.clone())
                .in_source(r.source)
                .label(*span, t!("check.the_assumption"))
                .help(t!("check.w401_help")),
        );
    }
    vec![msg]
}

/// A leaf takes the index's scoring defaults it does not override; a parent its `aggregate`.
fn apply_defaults(node: &mut Node, defaults: &NodeScoring) {
    if !node.children.is_empty() {
        if node.scoring.aggregate_span.is_none() {
            node.scoring.aggregate = defaults.aggregate;
            node.scoring.aggregate_span = defaults.aggregate_span;
        }
        if node.scoring.relative.is_none() {
            node.scoring.relative = defaults.relative;
        }
        if node.scoring.decimals.is_none() {
            node.scoring.decimals = defaults.decimals;
        }
        return;
    }
    let s = &mut node.scoring;
    if s.decimals.is_none() {
        s.decimals = defaults.decimals;
    }
    if s.rule.is_none() {
        s.rule.clone_from(&defaults.rule);
    }
    if s.round.is_none() {
        s.round = defaults.round;
    }
    if s.missing_span.is_none() {
        s.missing.clone_from(&defaults.missing);
        s.missing_span = defaults.missing_span;
        s.last.clone_from(&defaults.last);
    }
    if s.treat_span.is_none() {
        s.treat.clone_from(&defaults.treat);
        s.treat_span = defaults.treat_span;
    }
    // An index-level direction applies to the rules that have one.
    let directed = s.rule.as_ref().is_some_and(|r| {
        !matches!(
            r.node.method,
            Method::Given | Method::GivenScale(_) | Method::Rubric(_)
        )
    });
    if s.direction_span.is_none() && directed {
        s.direction = defaults.direction;
        s.direction_span = defaults.direction_span;
    }
}

/// Parameters of a leaf's rule that can be checked without data.
fn check_rule(node: &Node, source: &Source, diags: &mut Diags) {
    let s = &node.scoring;
    let Some(rule) = &s.rule else { return };
    let err = |code, msg, span, label, help| rule_error(source, code, msg, span, label, help);
    match &rule.node.method {
        Method::Goalposts { low, high } if low.node >= high.node => {
            diags.push(err(
                codes::E402,
                t!(
                    "check.goalposts_order",
                    name = node.name,
                    low = low.node.normalize(),
                    high = high.node.normalize()
                )
                .into_owned(),
                low.span.join(high.span),
                t!("check.goalposts_order_label").into_owned(),
                t!("check.goalposts_order_help").into_owned(),
            ));
        }
        Method::Goalposts { low, .. } if rule.node.log && low.node <= Decimal::ZERO => {
            diags.push(err(
                codes::E401,
                t!(
                    "check.goalposts_log",
                    name = node.name,
                    low = low.node.normalize()
                )
                .into_owned(),
                low.span,
                t!("check.not_above_0").into_owned(),
                t!("check.goalposts_log_help").into_owned(),
            ));
        }
        Method::Rubric(steps) => check_rubric(node, rule, steps, source, diags),
        Method::GivenScale(hi) if *hi <= Decimal::ZERO => diags.push(err(
            codes::E401,
            t!("check.given_scale", name = node.name, high = hi.normalize()).into_owned(),
            rule.span,
            t!("check.not_a_scale").into_owned(),
            t!("check.given_scale_help").into_owned(),
        )),
        _ => {}
    }
    if s.direction == Direction::Lower
        && matches!(
            rule.node.method,
            Method::Given | Method::GivenScale(_) | Method::Rubric(_)
        )
    {
        diags.push(err(
            codes::E401,
            t!(
                "check.no_direction",
                name = node.name,
                method = rule.node.method.word()
            )
            .into_owned(),
            rule.span,
            t!("check.no_direction_label").into_owned(),
            t!("check.no_direction_help").into_owned(),
        ));
    }
}

/// A rubric's steps: all categories or all numbers, points within the indicator's weight; no
/// `log` or `missing mean` on categories.
fn check_rubric(
    node: &Node,
    rule: &Spanned<ScoreRule>,
    steps: &[RubricStep],
    source: &Source,
    diags: &mut Diags,
) {
    let s = &node.scoring;
    let err = |code, msg, span, label, help| rule_error(source, code, msg, span, label, help);
    let cats = steps
        .iter()
        .filter(|s| matches!(s.when, StepWhen::Category(_)))
        .count();
    if cats > 0 && cats < steps.len() {
        diags.push(err(
            codes::E401,
            t!("check.rubric_mixed", name = node.name).into_owned(),
            rule.span,
            t!("check.rubric_mixed_label").into_owned(),
            t!("check.rubric_mixed_help").into_owned(),
        ));
    }
    for st in steps {
        if st.points.node < Decimal::ZERO || st.points.node > node.max {
            diags.push(err(
                codes::E401,
                t!(
                    "check.rubric_points",
                    name = node.name,
                    points = st.points.node.normalize(),
                    max = node.max.normalize()
                )
                .into_owned(),
                st.points.span,
                t!("check.out_of_range").into_owned(),
                t!("check.rubric_points_help").into_owned(),
            ));
        }
    }
    if cats > 0 {
        if rule.node.log {
            diags.push(err(
                codes::E401,
                t!("check.rubric_log", name = node.name).into_owned(),
                rule.span,
                t!("check.rubric_log_label").into_owned(),
                t!("check.rubric_log_help").into_owned(),
            ));
        }
        if let Missing::Mean(_) | Missing::Median(_) = s.missing {
            diags.push(err(
                codes::E407,
                t!("check.rubric_mean", name = node.name).into_owned(),
                s.missing_span.unwrap_or(rule.span),
                t!("check.rubric_mean_label").into_owned(),
                t!("check.rubric_mean_help").into_owned(),
            ));
        }
    }
}

/// An error in a leaf's scoring rule.
fn rule_error(
    source: &Source,
    code: codes::Code,
    msg: String,
    span: Span,
    label: String,
    help: String,
) -> Diag {
    Diag::error(code, msg)
        .in_source(source)
        .label(span, label)
        .help(help)
}

/// Compare `levels` with the named hierarchy: fewer named → incomplete (warning), more → error.
fn levels(
    nodes: &[Node],
    decls: &Decls,
    source: &Source,
    diags: &mut Diags,
) -> Option<Spanned<String>> {
    let (counts, note) = decls.levels.as_ref()?;
    let mut missing = Vec::new();
    let mut first_span = None;
    for (level, c) in (1usize..).zip(counts) {
        let named = nodes
            .iter()
            .filter(|n| n.level == level && n.role == Role::Indicator(crate::model::NodeKind::Base))
            .count();
        let named = u32::try_from(named).unwrap_or(u32::MAX);
        if named > c.node {
            diags.push(
                Diag::error(
                    codes::E409,
                    t!(
                        "check.e409_extra",
                        level = level,
                        declared = c.node,
                        named = named
                    ),
                )
                .in_source(source)
                .label(c.span, t!("check.declared_count"))
                .help(t!("check.e409_extra_help")),
            );
        } else if named < c.node {
            first_span.get_or_insert(c.span);
            missing.push(t!(
                "check.level_named",
                level = level,
                named = named,
                declared = c.node
            ));
        }
    }
    if missing.is_empty() {
        return None;
    }
    let why = note
        .as_ref()
        .map(|n| t!("check.parenthesised", note = n.node).into_owned())
        .unwrap_or_default();
    // `check` reports it: a warning, or an error when the spec is to run (W402, E409).
    let msg = format!(
        "{}{}{why}",
        t!("check.incomplete_prefix"),
        missing.join(&t!("check.list_separator"))
    );
    Some(Spanned::new(msg, first_span.unwrap_or_default()))
}
