//! Ratio nodes (language chapter 6): `ratio 效率比 = 产出 / 投入`. Each becomes a node after the
//! total, with no parent and no children, so it is outside the weighted sum yet ranked, shown
//! and queried like any node. Its numerator and denominator are resolved here, once.

use rust_decimal::Decimal;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::{Model, Node, Role};
use crate::rules::NodeScoring;
use crate::source::Source;
use crate::syntax::ast::{Item, Name, RatioDecl, Spec};

/// Append a node for each `ratio` of the spec; every problem (a name already taken, an unknown
/// or ratio operand) is E424, with "did you mean".
pub fn resolve(spec: &Spec, model: &mut Model, diags: &mut Diags) {
    for item in &spec.items {
        let Item::Ratio(r) = item else { continue };
        if let Some(node) = ratio_node(model, r, diags) {
            model.nodes.push(node);
        }
    }
}

fn ratio_node(model: &Model, r: &RatioDecl, diags: &mut Diags) -> Option<Node> {
    let source = &model.source;
    if let Some(prev) = model.node(&r.name.node).and_then(|id| model.nodes.get(id)) {
        let key = match prev.role {
            Role::Ratio { .. } => "check.ratio_name_of_ratio",
            Role::Total => "check.ratio_name_of_total",
            Role::Indicator(_) => "check.ratio_name_of_indicator",
        };
        diags.push(
            Diag::error(codes::E424, t!(key, name = r.name.node))
                .in_source(source)
                .label(r.name.span, t!("check.ratio_this"))
                .label(prev.span, t!("check.ratio_first_use"))
                .help(t!("check.ratio_name_help")),
        );
        return None;
    }
    let numerator = operand(model, &r.numerator, diags);
    let denominator = operand(model, &r.denominator, diags);
    let mut scoring = NodeScoring::default();
    crate::check::scoring::own_clauses(&mut scoring, &r.clauses, source, diags);
    Some(Node {
        name: r.name.node.clone(),
        span: r.name.span,
        role: Role::Ratio {
            numerator: numerator?,
            denominator: denominator?,
        },
        max: Decimal::ZERO,
        inferred: None,
        description: None,
        column: None,
        derived: None,
        children: Vec::new(),
        parent: None,
        level: 0,
        scoring,
    })
}

/// A ratio's numerator or denominator: an indicator or the total (not another ratio).
fn operand(model: &Model, name: &Name, diags: &mut Diags) -> Option<usize> {
    let source: &Source = &model.source;
    match model.node(&name.node) {
        Some(id) if model.is_ratio(id) => {
            diags.push(
                Diag::error(codes::E424, t!("check.ratio_of_ratio", name = name.node))
                    .in_source(source)
                    .label(name.span, t!("check.ratio_of_ratio_label"))
                    .help(t!("check.ratio_of_ratio_help")),
            );
            None
        }
        Some(id) => Some(id),
        None => {
            let names: Vec<&str> = model
                .nodes
                .iter()
                .filter(|n| !matches!(n.role, Role::Ratio { .. }))
                .map(|n| n.name.as_str())
                .collect();
            diags.push(crate::check::names::unknown_as(
                codes::E424,
                source,
                name,
                &t!("check.what_indicator"),
                &names,
            ));
            None
        }
    }
}
