//! Stage 2, check — the scoring part: the output scale, percent and unknown weights turned into
//! points, scoring clauses resolved with the index's defaults and their parameters checked,
//! `levels` compared with the named hierarchy. Called by [`crate::check::check`].
// Not yet free of panicking operations (issue 8): remove this line once the file is.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use rust_decimal::Decimal;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::{Node, NodeId, Role};
use crate::rules::{Clause, Direction, Method, Missing, NodeScoring, PercentOf, Scale, StepWhen};
use crate::source::{Source, Span, Spanned};
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
}

/// A node's own clauses, each kind at most once.
pub fn leaf_clauses(decl: &IndicatorDecl, source: &Source, diags: &mut Diags) -> NodeScoring {
    let mut s = NodeScoring::default();
    apply_clauses(&mut s, &decl.clauses, source, diags, true);
    let w = &decl.weight.node;
    s.weight_written = Some(if w.unknown {
        "unknown".to_string()
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
            Clause::Aggregate(_) => leaf,
            _ => !leaf,
        };
        if misplaced {
            let (what, help) = if leaf {
                (
                    "is a leaf",
                    "`aggregate` says how a parent combines its children; remove it here",
                )
            } else {
                (
                    "has children",
                    "scoring clauses belong on leaves; move it to the leaves, or to the index level as a default",
                )
            };
            diags.push(
                Diag::error(
                    codes::E401,
                    format!(
                        "`{}` {what}, so `{}` has no meaning here",
                        decl.name.node,
                        c.node.keyword()
                    ),
                )
                .in_source(source)
                .label(c.span, "not allowed here")
                .help(help),
            );
        }
    }
    s
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
                Diag::error(codes::E412, format!("`{kw}` is given twice"))
                    .in_source(source)
                    .label(c.span, "again here")
                    .label(*prev, "first here")
                    .help(format!(
                        "keep one `{kw}` clause {}",
                        if own {
                            "in this block"
                        } else {
                            "at index level"
                        }
                    )),
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
            Clause::Aggregate(a) => {
                s.aggregate = *a;
                s.aggregate_span = Some(c.span);
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
    // The scale.
    let scale = match &decls.scale {
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
                    Diag::error(codes::E410, format!("unknown scale `{written}`"))
                        .in_source(source)
                        .label(s.span, "not a scale")
                        .help("write `scale points`, `scale 0-1` (an index) or `scale 0-100`"),
                );
                Scale::Points
            }
        },
    };
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

    let mut r = Resolver {
        nodes,
        weights,
        source,
        diags,
        percent_of,
        assume_equal,
        assumed: 0,
        total: Decimal::ZERO,
    };
    let top_percent = primaries
        .iter()
        .any(|&i| weights[i].node.percent || weights[i].node.unknown);
    let points_sum: Decimal = primaries
        .iter()
        .filter(|&&i| !weights[i].node.percent && !weights[i].node.unknown)
        .map(|&i| weights[i].node.value)
        .sum();
    r.total = match scale {
        Scale::Range(hi) => hi,
        Scale::Points if top_percent => Decimal::ONE_HUNDRED,
        Scale::Points => points_sum,
    };
    let total = r.total;
    r.family("the total", None, total, primaries);
    for &b in bonuses.iter().chain(penalties) {
        // Bonus and penalty items stand alone: a percent weight is of the total.
        let w = &weights[b].node;
        if w.percent {
            r.nodes[b].max = percent_of_base(w.value, total);
        }
        r.descend(&[b]);
    }
    let assumed = r.assumed;
    let mut assumptions = Vec::new();
    if assumed > 0 {
        let why = r
            .assume_equal
            .as_ref()
            .and_then(|(_, w)| w.clone())
            .map(|w| format!(" ({w})"))
            .unwrap_or_default();
        let msg = format!(
            "assumption: the weights of {assumed} indicators are unknown and taken as equal within their parent{why}"
        );
        if let Some((span, _)) = &r.assume_equal {
            r.diags.push(
                Diag::warning(codes::W401, msg.clone())
                    .in_source(source)
                    .label(*span, "the assumption")
                    .help("the scores depend on this assumption; replace `unknown` with published weights when they are known"),
            );
        }
        assumptions.push(msg);
    }

    // Scoring defaults and checks, leaf by leaf.
    let n = r.nodes.len();
    for id in 0..n {
        let node = &mut r.nodes[id];
        let leaf = node.children.is_empty();
        if leaf {
            let s = &mut node.scoring;
            if s.rule.is_none() {
                s.rule = defaults.rule.clone();
            }
            if s.round.is_none() {
                s.round = defaults.round;
            }
            if s.missing_span.is_none() {
                s.missing = defaults.missing.clone();
                s.missing_span = defaults.missing_span;
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
        } else if node.scoring.aggregate_span.is_none() {
            node.scoring.aggregate = defaults.aggregate;
            node.scoring.aggregate_span = defaults.aggregate_span;
        }
    }
    for id in 0..n {
        if r.nodes[id].children.is_empty() {
            check_rule(&r.nodes[id], source, r.diags);
        }
    }
    let incomplete = levels(r.nodes, decls, source, r.diags);
    let total = NodeScoring {
        aggregate: defaults.aggregate,
        aggregate_span: defaults.aggregate_span,
        ..NodeScoring::default()
    };
    Resolved {
        scale,
        assumptions,
        incomplete,
        total,
    }
}

struct Resolver<'a> {
    nodes: &'a mut [Node],
    weights: &'a [Spanned<Weight>],
    source: &'a Source,
    diags: &'a mut Diags,
    percent_of: PercentOf,
    assume_equal: Option<(Span, Option<String>)>,
    assumed: usize,
    total: Decimal,
}

impl Resolver<'_> {
    /// Walk down to families that hold percent or unknown weights (points families were
    /// checked while the tree was built).
    fn descend(&mut self, ids: &[NodeId]) {
        for &id in ids {
            let children = self.nodes[id].children.clone();
            if children.is_empty() {
                continue;
            }
            let w = &self.weights[id].node;
            let mixed = w.percent
                || w.unknown
                || children
                    .iter()
                    .any(|&c| self.weights[c].node.percent || self.weights[c].node.unknown);
            let max = self.nodes[id].max;
            if mixed {
                let name = self.nodes[id].name.clone();
                self.family(&name, Some(id), max, &children);
            } else {
                self.descend(&children);
            }
        }
    }

    /// Give every child of a parent worth `parent_max` its points, then check they fill it.
    fn family(
        &mut self,
        parent_name: &str,
        parent: Option<NodeId>,
        parent_max: Decimal,
        children: &[NodeId],
    ) {
        let mut known = Decimal::ZERO;
        let mut unknown = Vec::new();
        for &ch in children {
            let w = &self.weights[ch].node;
            if w.unknown {
                unknown.push(ch);
                continue;
            }
            let max = if w.percent {
                let base = match w.of.unwrap_or(self.percent_of) {
                    PercentOf::Parent => parent_max,
                    PercentOf::Total => self.total,
                };
                percent_of_base(w.value, base)
            } else {
                w.value
            };
            self.nodes[ch].max = max;
            known += max;
        }
        if !unknown.is_empty() {
            match &self.assume_equal {
                None => {
                    for &ch in &unknown {
                        self.diags.push(
                            Diag::error(
                                codes::E408,
                                format!("the weight of `{}` is unknown and no assumption fills it", self.nodes[ch].name),
                            )
                            .in_source(self.source)
                            .label(self.weights[ch].span, "unknown weight")
                            .help("state the assumption at index level, e.g. `weights unknown equal \"未公布，假定同级等权\"`, or write the weight"),
                        );
                    }
                }
                Some(_) => {
                    let remaining = parent_max.checked_sub(known).unwrap_or(Decimal::ZERO);
                    let share = remaining / Decimal::from(unknown.len());
                    if share <= Decimal::ZERO {
                        let span = self.weights[unknown[0]].span;
                        self.diags.push(
                            Diag::error(
                                codes::E406,
                                format!(
                                    "the known weights under {parent_name} leave nothing for `{}`",
                                    self.nodes[unknown[0]].name
                                ),
                            )
                            .in_source(self.source)
                            .label(span, "unknown weight")
                            .help("lower the known weights or write this one"),
                        );
                    }
                    for &ch in &unknown {
                        self.nodes[ch].max = share;
                        self.nodes[ch].scoring.assumed_weight =
                            Some("equal within the parent".to_string());
                        self.assumed += 1;
                    }
                    known = parent_max;
                }
            }
        }
        let unfilled = !unknown.is_empty() && self.assume_equal.is_none();
        if known != parent_max && parent_max > Decimal::ZERO && !children.is_empty() && !unfilled {
            self.sum_error(parent_name, parent, parent_max, known, children);
        }
        self.descend(children);
    }

    /// The children of a parent (or the primaries) do not fill it.
    fn sum_error(
        &mut self,
        parent_name: &str,
        parent: Option<NodeId>,
        parent_max: Decimal,
        known: Decimal,
        children: &[NodeId],
    ) {
        let weights = self.weights;
        let written: Vec<&Weight> = children.iter().map(|&c| &weights[c].node).collect();
        let of_parent_only = written
            .iter()
            .all(|w| w.percent && w.of.unwrap_or(self.percent_of) == PercentOf::Parent);
        let any_percent = written.iter().any(|w| w.percent);
        let whose = match parent {
            Some(_) => format!("the children of `{parent_name}`"),
            None => "the primaries".to_string(),
        };
        let pct = |v: Decimal| v.round_dp(6).normalize();
        let (message, help) = if of_parent_only && parent.is_some() {
            let sum: Decimal = written.iter().map(|w| w.value).sum();
            (
                format!("{whose} add up to {}%, not 100%", pct(sum)),
                "percent weights of the parent are shares of it; make them add up to 100%"
                    .to_string(),
            )
        } else if any_percent {
            let total = self.total;
            let share = |v: Decimal| {
                pct(v
                    .checked_div(total)
                    .and_then(|x| x.checked_mul(Decimal::ONE_HUNDRED))
                    .unwrap_or(v))
            };
            (
                format!(
                    "{whose} add up to {}% of the total, not {}%",
                    share(known),
                    share(parent_max)
                ),
                match parent {
                    Some(_) => {
                        "the children's shares of the total must add up to the parent's share"
                            .to_string()
                    }
                    None => "the primaries' percent weights must add up to 100%".to_string(),
                },
            )
        } else {
            (
                format!("{whose} add up to {} points, not {}", pct(known), pct(parent_max)),
                match parent {
                    Some(_) => "make the children's points add up to the parent's".to_string(),
                    None => format!(
                        "the scale runs to {}: give the primaries points that add up to it, or percent weights",
                        pct(parent_max)
                    ),
                },
            )
        };
        let mut d = Diag::error(codes::E406, message).in_source(self.source);
        if let Some(p) = parent {
            d = d.label(weights[p].span, "the parent");
        }
        for &ch in children {
            d = d.label(weights[ch].span, "");
        }
        self.diags.push(d.help(help));
    }
}

/// p % of `base`; a product beyond 28 digits (only for absurd weights) counts as 0, which the
/// weight-sum check then reports.
fn percent_of_base(p: Decimal, base: Decimal) -> Decimal {
    (p / Decimal::ONE_HUNDRED)
        .checked_mul(base)
        .unwrap_or(Decimal::ZERO)
}

/// Parameters of a leaf's rule that can be checked without data.
fn check_rule(node: &Node, source: &Source, diags: &mut Diags) {
    let s = &node.scoring;
    let Some(rule) = &s.rule else { return };
    let err = |code, msg: String, span: Span, label: &str, help: &str| {
        Diag::error(code, msg)
            .in_source(source)
            .label(span, label.to_string())
            .help(help.to_string())
    };
    match &rule.node.method {
        Method::Goalposts { low, high } if low.node >= high.node => {
            diags.push(
                    err(
                        codes::E402,
                        format!(
                            "the goalposts of `{}` run from {} to {}; the lower one must come first",
                            node.name,
                            low.node.normalize(),
                            high.node.normalize()
                        ),
                        low.span.join(high.span),
                        "reversed or equal",
                        "write `goalposts LOW → HIGH` with LOW < HIGH, and `direction lower` if lower values are better",
                    ),
                );
        }
        Method::Rubric(steps) => {
            let cats = steps
                .iter()
                .filter(|s| matches!(s.when, StepWhen::Category(_)))
                .count();
            if cats > 0 && cats < steps.len() {
                diags.push(err(
                    codes::E401,
                    format!("the rubric of `{}` mixes categories and numeric steps", node.name),
                    rule.span,
                    "mixed rubric",
                    "a rubric either names the column's categories (`已发布 → 4`) or compares numbers (`>= 90 → 5`, `else → 1`)",
                ));
            }
            for st in steps {
                if st.points.node < Decimal::ZERO || st.points.node > node.max {
                    diags.push(err(
                        codes::E401,
                        format!(
                            "a rubric step of `{}` gives {} points but the indicator is worth {}",
                            node.name,
                            st.points.node.normalize(),
                            node.max.normalize()
                        ),
                        st.points.span,
                        "out of range",
                        "rubric points lie between 0 and the indicator's weight",
                    ));
                }
            }
            if cats > 0 {
                if rule.node.log {
                    diags.push(err(
                        codes::E401,
                        format!("`{}` takes the log of categories", node.name),
                        rule.span,
                        "`log` on a rubric of categories",
                        "remove `log`",
                    ));
                }
                if let Missing::Mean(_) = s.missing {
                    diags.push(err(
                        codes::E407,
                        format!("`{}` reads categories, which have no mean", node.name),
                        s.missing_span.unwrap_or(rule.span),
                        "`missing mean` on categories",
                        "choose `missing zero`, `drop`, `reweight` or `error` for a rubric of categories",
                    ));
                }
            }
        }
        Method::GivenScale(hi) if *hi <= Decimal::ZERO => diags.push(err(
            codes::E401,
            format!(
                "`{}` reads values given on a scale up to {}",
                node.name,
                hi.normalize()
            ),
            rule.span,
            "not a scale",
            "write `given 0-1` or `given 0-100`",
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
            format!("`{}` is scored with `{}`, which has no direction", node.name, rule.node.method.word()),
            rule.span,
            "no direction here",
            "`direction lower` applies to minmax, goalposts, ratio, zscore and percentile; a rubric lists the points per level",
        ));
    }
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
    for (i, c) in counts.iter().enumerate() {
        let level = i + 1;
        let named = nodes
            .iter()
            .filter(|n| {
                n.level == level && n.role == Role::Indicator(crate::syntax::ast::NodeKind::Base)
            })
            .count() as u32;
        if named > c.node {
            diags.push(
                Diag::error(
                    codes::E409,
                    format!(
                        "level {level} is declared with {} indicators but the spec names {named}",
                        c.node
                    ),
                )
                .in_source(source)
                .label(c.span, "declared count")
                .help("correct the count in `levels`, or remove the extra indicators"),
            );
        } else if named < c.node {
            first_span.get_or_insert(c.span);
            missing.push(format!("level {level}: {} of {} named", named, c.node));
        }
    }
    if missing.is_empty() {
        return None;
    }
    let why = note
        .as_ref()
        .map(|n| format!(" ({})", n.node))
        .unwrap_or_default();
    // `check` reports it: a warning, or an error when the spec is to run (W402, E409).
    let msg = format!("the hierarchy is not complete: {}{why}", missing.join(", "));
    Some(Spanned::new(msg, first_span.unwrap_or_default()))
}
