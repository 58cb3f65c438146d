//! Stage 2, check — weights: percent and unknown weights turned into points, and every family
//! of percent or unknown weights checked to fill its parent. The arithmetic is exact
//! ([`Frac`]): a parent worth ⅓ of the total split 50% / 50% adds back up to ⅓. A weight beyond
//! exact arithmetic is reported at the weight (E601). Called by [`super::scoring::resolve`].

use rust_decimal::Decimal;

use super::exact::Frac;
use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::{Node, NodeId};
use crate::rules::PercentOf;
use crate::source::{Source, Span, Spanned};
use crate::syntax::ast::Weight;

pub(super) struct Weights<'a> {
    pub nodes: &'a mut [Node],
    pub written: &'a [Spanned<Weight>],
    pub source: &'a Source,
    pub diags: &'a mut Diags,
    pub percent_of: PercentOf,
    /// `weights unknown equal "why"`: where it is written and why.
    pub assume_equal: Option<(Span, Option<String>)>,
    /// `weights relative` at index level: every family's weights are relative.
    pub relative_default: Option<Span>,
    /// How many unknown weights the assumption filled.
    pub assumed: usize,
    /// The total's points.
    pub total: Frac,
    /// Every node's points, exactly; indexed like `nodes`.
    pub exact: Vec<Frac>,
}

/// The E601 diagnostic: weights whose arithmetic leaves the 28 digits of a decimal.
pub(super) fn beyond(source: &Source, span: Span, what: &str) -> Diag {
    Diag::error(codes::E601, t!("check.e601", what = what))
        .in_source(source)
        .label(span, t!("check.too_large_or_precise"))
        .help(t!("check.e601_help"))
}

impl Weights<'_> {
    fn weight(&self, id: NodeId) -> Option<&Spanned<Weight>> {
        self.written.get(id)
    }

    fn is_points(&self, id: NodeId) -> bool {
        self.weight(id).is_some_and(|w| w.node.is_points())
    }

    /// Whether a parent's children (the primaries for `None`) carry relative weights.
    fn is_relative(&self, parent: Option<NodeId>) -> bool {
        self.relative_default.is_some()
            || parent
                .and_then(|p| self.nodes.get(p))
                .is_some_and(|n| n.scoring.relative.is_some())
    }

    fn span(&self, id: NodeId) -> Span {
        self.weight(id).map_or_else(Span::default, |w| w.span)
    }

    fn name(&self, id: NodeId) -> &str {
        self.nodes.get(id).map_or("", |n| n.name.as_str())
    }

    fn children(&self, id: NodeId) -> Vec<NodeId> {
        self.nodes
            .get(id)
            .map_or_else(Vec::new, |n| n.children.clone())
    }

    /// Give a node its points: exact here, rounded to a decimal in the model.
    fn set(&mut self, id: NodeId, points: Frac) {
        let decimal = points.to_decimal();
        if decimal.is_none() {
            let d = beyond(
                self.source,
                self.span(id),
                &t!("check.points_of", name = self.name(id)),
            );
            self.diags.push(d);
        }
        if let Some(e) = self.exact.get_mut(id) {
            *e = points;
        }
        if let Some(n) = self.nodes.get_mut(id) {
            n.max = decimal.unwrap_or(Decimal::ZERO);
        }
    }

    /// `p`% of `base`, exactly.
    fn percent(&mut self, id: NodeId, p: Decimal, base: Frac) -> Frac {
        let hundred = Frac::from_decimal(Decimal::ONE_HUNDRED);
        match Frac::from_decimal(p)
            .checked_mul(base)
            .and_then(|x| x.checked_div(hundred))
        {
            Some(x) => x,
            None => {
                let d = beyond(
                    self.source,
                    self.span(id),
                    &t!("check.points_of", name = self.name(id)),
                );
                self.diags.push(d);
                Frac::ZERO
            }
        }
    }

    /// Resolve the whole tree: the primaries fill the total; bonus and penalty items stand alone.
    pub fn resolve(&mut self, primaries: &[NodeId], standalone: &[NodeId]) {
        let total = self.total;
        self.family(&t!("check.the_total"), None, total, primaries);
        for &b in standalone {
            // A bonus or penalty item's percent weight is of the total.
            if let Some(w) = self.weight(b).map(|w| w.node.clone()) {
                if w.percent {
                    let points = self.percent(b, w.value, total);
                    self.set(b, points);
                }
            }
            self.descend(&[b]);
        }
    }

    /// Walk down to families that hold percent or unknown weights (points families were
    /// checked while the tree was built).
    fn descend(&mut self, ids: &[NodeId]) {
        for &id in ids {
            let children = self.children(id);
            if children.is_empty() {
                continue;
            }
            let mixed = !self.is_points(id)
                || self.is_relative(Some(id))
                || children.iter().any(|&c| !self.is_points(c));
            if mixed {
                let name = self.name(id).to_string();
                let max = self.exact.get(id).copied().unwrap_or(Frac::ZERO);
                let parent = t!("check.parent_named", name = name);
                self.family(&parent, Some(id), max, &children);
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
        parent_max: Frac,
        children: &[NodeId],
    ) {
        if self.is_relative(parent) {
            self.relative(parent_name, parent, parent_max, children);
            self.descend(children);
            return;
        }
        let mut known = Some(Frac::ZERO);
        let mut unknown = Vec::new();
        let mut equal = Vec::new();
        for &ch in children {
            let Some(w) = self.weight(ch).map(|w| w.node.clone()) else {
                continue;
            };
            if w.unknown {
                unknown.push(ch);
                continue;
            }
            if w.equal {
                equal.push(ch);
                continue;
            }
            let max = if w.percent {
                let base = match w.of.unwrap_or(self.percent_of) {
                    PercentOf::Parent => parent_max,
                    PercentOf::Total => self.total,
                };
                self.percent(ch, w.value, base)
            } else {
                Frac::from_decimal(w.value)
            };
            self.set(ch, max);
            known = known.and_then(|k| k.checked_add(max));
        }
        let Some(mut known) = known else {
            let span = parent.map_or_else(|| self.span_of_first(children), |p| self.span(p));
            let d = beyond(
                self.source,
                span,
                &t!("check.weights_under", parent = parent_name),
            );
            self.diags.push(d);
            return;
        };
        if !unknown.is_empty() {
            if self.assume_equal.is_none() {
                for &ch in &unknown {
                    let d = Diag::error(codes::E408, t!("check.e408", name = self.name(ch)))
                        .in_source(self.source)
                        .label(self.span(ch), t!("check.unknown_weight"))
                        .help(t!("check.e408_help"));
                    self.diags.push(d);
                }
            } else {
                self.fill_unknown(parent_name, parent_max, known, &unknown, &equal);
                known = parent_max;
            }
        } else if !equal.is_empty() {
            self.fill_unknown(parent_name, parent_max, known, &[], &equal);
            known = parent_max;
        }
        let unfilled = !unknown.is_empty() && self.assume_equal.is_none();
        if known != parent_max && parent_max.is_positive() && !children.is_empty() && !unfilled {
            self.sum_error(parent, parent_max, known, children);
        }
        self.descend(children);
    }

    /// `weights relative`: each child's number over the sum of its siblings' fills the parent
    /// exactly (1, 1, 0.5 → 40%, 40%, 20%); `equal` and an assumed `unknown` count as 1.
    fn relative(
        &mut self,
        parent_name: &str,
        parent: Option<NodeId>,
        parent_max: Frac,
        children: &[NodeId],
    ) {
        let one = Frac::from_decimal(Decimal::ONE);
        let mut rel = Vec::with_capacity(children.len());
        for &ch in children {
            let Some(w) = self.weight(ch).map(|w| w.node.clone()) else {
                continue;
            };
            if w.unknown {
                if self.assume_equal.is_none() {
                    let d = Diag::error(codes::E408, t!("check.e408", name = self.name(ch)))
                        .in_source(self.source)
                        .label(self.span(ch), t!("check.unknown_weight"))
                        .help(t!("check.e408_help"));
                    self.diags.push(d);
                    return;
                }
                if let Some(n) = self.nodes.get_mut(ch) {
                    n.scoring.assumed_weight = Some(t!("check.equal_within_parent").into_owned());
                }
                self.assumed = self.assumed.saturating_add(1);
            }
            let w = if w.unknown || w.equal {
                one
            } else {
                Frac::from_decimal(w.value)
            };
            rel.push((ch, w));
        }
        let Some(sum) = Frac::sum(rel.iter().map(|&(_, w)| w)).filter(|s| s.is_positive()) else {
            let span = parent.map_or_else(|| self.span_of_first(children), |p| self.span(p));
            let d = beyond(
                self.source,
                span,
                &t!("check.relative_weights_under", parent = parent_name),
            );
            self.diags.push(d);
            return;
        };
        for (ch, w) in rel {
            match w.checked_mul(parent_max).and_then(|x| x.checked_div(sum)) {
                Some(points) => self.set(ch, points),
                None => {
                    let d = beyond(
                        self.source,
                        self.span(ch),
                        &t!("check.points_of", name = self.name(ch)),
                    );
                    self.diags.push(d);
                }
            }
        }
    }

    fn span_of_first(&self, children: &[NodeId]) -> Span {
        children
            .first()
            .map_or_else(Span::default, |&c| self.span(c))
    }

    /// Unknown (assumed) and `equal` weights share what the known ones leave of the parent,
    /// equally and exactly.
    fn fill_unknown(
        &mut self,
        parent_name: &str,
        parent_max: Frac,
        known: Frac,
        unknown: &[NodeId],
        equal: &[NodeId],
    ) {
        let remaining = parent_max.checked_sub(known).unwrap_or(Frac::ZERO);
        let share = Frac::from_int(unknown.len().saturating_add(equal.len()))
            .and_then(|n| remaining.checked_div(n))
            .unwrap_or(Frac::ZERO);
        for &ch in equal {
            self.set(ch, share);
        }
        if !share.is_positive() {
            let first = unknown
                .first()
                .or(equal.first())
                .copied()
                .unwrap_or_default();
            let d = Diag::error(
                codes::E406,
                t!(
                    "check.nothing_left",
                    parent = parent_name,
                    name = self.name(first)
                ),
            )
            .in_source(self.source)
            .label(self.span(first), t!("check.unknown_or_equal_weight"))
            .help(t!("check.nothing_left_help"));
            self.diags.push(d);
        }
        for &ch in unknown {
            self.set(ch, share);
            if let Some(n) = self.nodes.get_mut(ch) {
                n.scoring.assumed_weight = Some(t!("check.equal_within_parent").into_owned());
            }
            self.assumed = self.assumed.saturating_add(1);
        }
    }

    /// The children of a parent (or the primaries) do not fill it.
    fn sum_error(
        &mut self,
        parent: Option<NodeId>,
        parent_max: Frac,
        known: Frac,
        children: &[NodeId],
    ) {
        let written: Vec<&Weight> = children
            .iter()
            .filter_map(|&c| self.weight(c).map(|w| &w.node))
            .collect();
        let of_parent_only = written
            .iter()
            .all(|w| w.percent && w.of.unwrap_or(self.percent_of) == PercentOf::Parent);
        let any_percent = written.iter().any(|w| w.percent);
        let whose = match parent {
            Some(p) => t!("check.children_of", name = self.name(p)),
            None => t!("check.the_primaries"),
        };
        let shown = |v: Option<Frac>| match v.and_then(Frac::to_decimal) {
            Some(d) => d.round_dp(6).normalize().to_string(),
            None => t!("check.beyond_28_digits").into_owned(),
        };
        let (message, help) = if of_parent_only && parent.is_some() {
            let sum = Frac::sum(written.iter().map(|w| Frac::from_decimal(w.value)));
            (
                t!("check.e406_percent", whose = whose, sum = shown(sum)),
                t!("check.e406_percent_help"),
            )
        } else if any_percent {
            let hundred = Frac::from_decimal(Decimal::ONE_HUNDRED);
            let total = self.total;
            let share = |v: Frac| {
                shown(
                    v.checked_div(total)
                        .and_then(|x| x.checked_mul(hundred))
                        .or(Some(v)),
                )
            };
            (
                t!(
                    "check.e406_of_total",
                    whose = whose,
                    sum = share(known),
                    share = share(parent_max)
                ),
                match parent {
                    Some(_) => t!("check.e406_of_total_children_help"),
                    None => t!("check.e406_of_total_primaries_help"),
                },
            )
        } else {
            (
                t!(
                    "check.e406_points",
                    whose = whose,
                    sum = shown(Some(known)),
                    max = shown(Some(parent_max))
                ),
                match parent {
                    Some(_) => t!("check.e406_points_children_help"),
                    None => t!(
                        "check.e406_points_primaries_help",
                        max = shown(Some(parent_max))
                    ),
                },
            )
        };
        let mut d = Diag::error(codes::E406, message).in_source(self.source);
        if let Some(p) = parent {
            d = d.label(self.span(p), t!("check.the_parent"));
        }
        for &ch in children {
            d = d.label(self.span(ch), "");
        }
        self.diags.push(d.help(help));
    }
}
