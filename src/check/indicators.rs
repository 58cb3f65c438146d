//! One indicator declaration → its node (and its children's, recursively): name, weight, column,
//! scoring; a parent whose children are given in points must add up to its own.

use rust_decimal::Decimal;

use super::exact::Frac;
use super::{scoring, weights, Checker};
use crate::codes;
use crate::diag::Diag;
use crate::model::{Node, NodeId, NodeKind, Role};
use crate::source::Span;
use crate::syntax::ast::{Clause, IndicatorDecl};

impl Checker<'_> {
    pub(super) fn indicator(
        &mut self,
        decl: &IndicatorDecl,
        parent: Option<NodeId>,
        level: usize,
    ) -> NodeId {
        let id = self.nodes.len();
        let name = decl.name.node.clone();
        if let Some(prev) = self.seen.get(&name) {
            self.diags.push(
                Diag::error(codes::E102, t!("check.indicator_twice", name = name))
                    .in_source(self.source)
                    .label(decl.name.span, t!("check.declared_again_here"))
                    .label(*prev, t!("check.first_declared_here"))
                    .help(t!("check.indicator_twice_help")),
            );
        } else {
            self.seen.insert(name.clone(), decl.name.span);
        }
        let w = &decl.weight;
        if !w.node.unknown && !w.node.equal && w.node.value <= Decimal::ZERO {
            self.diags.push(
                Diag::error(
                    codes::E108,
                    t!(
                        "check.weight_not_positive",
                        name = name,
                        weight = w.node.value
                    ),
                )
                .in_source(self.source)
                .label(w.span, t!("check.must_be_above_0"))
                .help(t!("check.weight_not_positive_help")),
            );
        }
        let leaf = decl.children.is_empty();
        if !leaf {
            if let Some(from) = &decl.from {
                self.diags.push(
                    Diag::error(codes::E108, t!("check.parent_reads_column", name = name))
                        .in_source(self.source)
                        .label(from.span, t!("check.from_on_parent"))
                        .help(t!("check.parent_reads_column_help")),
                );
            }
        }
        if let (false, Some(expr)) = (leaf, &decl.derived) {
            self.diags.push(
                Diag::error(codes::E443, t!("check.parent_derives", name = name))
                    .in_source(self.source)
                    .label(expr.span, t!("check.from_on_parent"))
                    .help(t!("check.parent_derives_help")),
            );
        }
        let derived = decl.derived.clone().filter(|_| leaf);
        let column = (leaf && derived.is_none())
            .then(|| decl.from.clone().unwrap_or_else(|| decl.name.clone()));
        // Percent and unknown weights become points in `check::scoring::resolve`.
        let points = w.node.is_points();
        let scoring = scoring::leaf_clauses(decl, self.source, &mut self.diags);
        self.weights.push(w.clone());
        self.nodes.push(Node {
            name,
            span: decl.name.span,
            role: Role::Indicator(decl.kind),
            max: if points { w.node.value } else { Decimal::ZERO },
            inferred: decl.inferred.as_ref().map(|s| s.node.clone()),
            description: decl.description.as_ref().map(|s| s.node.clone()),
            column,
            derived,
            children: Vec::new(),
            parent,
            level,
            scoring,
        });
        let children: Vec<NodeId> = decl
            .children
            .iter()
            .map(|ch| self.indicator(ch, Some(id), level.saturating_add(1)))
            .collect();
        let all_points = children
            .iter()
            .all(|&i| self.weights.get(i).is_some_and(|w| w.node.is_points()));
        // Relative weights (`weights relative`) fill their parent by construction.
        let relative =
            self.relative_default || decl.clauses.iter().any(|c| c.node == Clause::Relative);
        if !children.is_empty() && points && all_points && !relative {
            self.points_family(decl, &children);
        }
        if let Some(n) = self.nodes.get_mut(id) {
            n.children = children;
        }
        id
    }

    /// A parent and children all weighted in points: the children add up to the parent (a bonus
    /// or penalty item's children may offer more than its cap). Exact, however many digits.
    fn points_family(&mut self, decl: &IndicatorDecl, children: &[NodeId]) {
        let w = &decl.weight;
        let kids: Vec<&Node> = children.iter().filter_map(|&i| self.nodes.get(i)).collect();
        let Some(sum) = Frac::sum(kids.iter().map(|n| Frac::from_decimal(n.max))) else {
            let what = t!("check.children_points", name = decl.name.node);
            self.diags.push(weights::beyond(self.source, w.span, &what));
            return;
        };
        let parent = Frac::from_decimal(w.node.value);
        let capped = matches!(decl.kind, NodeKind::Bonus | NodeKind::Penalty);
        if sum == parent || (capped && sum > parent) {
            return;
        }
        let Some(sum) = sum.to_decimal() else {
            let what = t!("check.children_points", name = decl.name.node);
            self.diags.push(weights::beyond(self.source, w.span, &what));
            return;
        };
        let parts = kids
            .iter()
            .map(|n| format!("{} {}", n.name, n.max.normalize()))
            .collect::<Vec<_>>()
            .join(" + ");
        let d = Diag::error(
            codes::E101,
            t!(
                "check.e101",
                name = decl.name.node,
                sum = sum.normalize(),
                weight = w.node.value.normalize()
            ),
        )
        .in_source(self.source);
        let mut d = self.changed_here(&decl.name.node, d).label(
            w.span,
            t!(
                "check.e101_label",
                name = decl.name.node,
                weight = w.node.value.normalize()
            ),
        );
        for n in &kids {
            d = d.label(
                decl_weight_span(decl, &n.name).unwrap_or(n.span),
                format!("{}", n.max.normalize()),
            );
        }
        d = d.help(t!(
            "check.e101_help",
            parts = parts,
            sum = sum.normalize(),
            name = decl.name.node
        ));
        self.diags.push(d);
    }
}

fn decl_weight_span(decl: &IndicatorDecl, child: &str) -> Option<Span> {
    decl.children
        .iter()
        .find(|c| c.name.node == child)
        .map(|c| c.name.span.join(c.weight.span))
}
