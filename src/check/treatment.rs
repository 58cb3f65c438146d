//! Stage 2, check — the treatment part (language chapter 5): `treat` and `require` clauses
//! read into a node's scoring, and their parameters checked without data.

use rust_decimal::Decimal;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::Node;
use crate::rules::NodeScoring;
use crate::source::{Source, Span, Spanned};
use crate::syntax::ast::Clause;

/// Read a `treat` or `require` clause into a node's (or the index defaults') scoring.
pub fn apply_clause(s: &mut NodeScoring, c: &Spanned<Clause>, source: &Source, diags: &mut Diags) {
    match &c.node {
        Clause::Treat(t) => {
            if let Some(o) = t {
                let negative = o.skew < Decimal::ZERO || o.kurtosis < Decimal::ZERO;
                if negative {
                    diags.push(
                        Diag::error(codes::E420, t!("check.treat_negative"))
                            .in_source(source)
                            .label(c.span, t!("check.treat_negative_label"))
                            .help(t!("check.treat_negative_help")),
                    );
                }
            }
            s.treat.clone_from(t);
            s.treat_span = Some(c.span);
        }
        Clause::Require(p) => {
            if *p <= Decimal::ZERO || *p > Decimal::ONE_HUNDRED {
                diags.push(
                    Diag::error(codes::E422, t!("check.require_range", p = p.normalize()))
                        .in_source(source)
                        .label(c.span, t!("check.require_range_label"))
                        .help(t!("check.require_range_help")),
                );
            }
            s.require = Some(Spanned::new(*p, c.span));
        }
        _ => {}
    }
}

/// A leaf's treatment: not on categories (they have no skew).
pub fn check_leaf(node: &Node, default: Option<Span>, source: &Source, diags: &mut Diags) {
    let s = &node.scoring;
    let (Some(_), Some(span)) = (&s.treat, s.treat_span) else {
        return;
    };
    let categorical = s
        .rule
        .as_ref()
        .is_some_and(|r| r.node.method.is_categorical());
    // An index-level default passes over categories; a leaf's own clause is a mistake.
    let own = default != Some(span);
    if categorical && own {
        diags.push(
            Diag::error(codes::E420, t!("check.treat_categories", name = node.name))
                .in_source(source)
                .label(span, t!("check.treat_categories_label"))
                .help(t!("check.treat_categories_help")),
        );
    }
}
