//! Rubrics: the first step that holds gives a leaf's points; a value no step covers is E404.

use rust_decimal::Decimal;

use super::{Detail, Leaf, Raw};
use crate::codes;
use crate::data::Unit;
use crate::diag::{Diag, Diags};
use crate::rules::{RubricStep, StepWhen};
use crate::syntax::ast::CmpOp;

impl Leaf<'_> {
    /// The first step of a rubric that holds gives its points directly.
    pub(super) fn rubric(
        &self,
        u: usize,
        unit: &Unit,
        steps: &[RubricStep],
        value: Option<Decimal>,
        d: &mut Detail,
        diags: &mut Diags,
    ) {
        let step = steps.iter().find(|st| match (&st.when, &d.raw, value) {
            (StepWhen::Category(c), Raw::Text(t), _) => c == t,
            (StepWhen::Compare(op, x), _, Some(v)) => compare(*op, v, *x),
            (StepWhen::Else, _, _) => true,
            _ => false,
        });
        if let Some(st) = step {
            let pts = st.points.node.normalize();
            d.points = Some(st.points.node);
            d.note = Some(match (&st.when, d.note.take()) {
                (_, Some(n)) => n,
                (StepWhen::Category(c), None) => format!("{c} → {pts}"),
                (StepWhen::Compare(op, x), None) => {
                    format!("{} {} → {pts}", op_word(*op), x.normalize())
                }
                (StepWhen::Else, None) => t!("scoring.else_step", points = pts).into_owned(),
            });
            return;
        }
        let shown = match &d.raw {
            Raw::Text(t) => crate::lang::quote(t),
            Raw::Number(n) => n.normalize().to_string(),
            Raw::Missing => value.map_or_else(String::new, |v| v.normalize().to_string()),
        };
        let levels = steps.iter().filter_map(|st| match &st.when {
            StepWhen::Category(c) => Some(c.as_str()),
            _ => None,
        });
        let fallback = t!("scoring.e404_help");
        let help = match &d.raw {
            Raw::Text(t) => {
                crate::suggest::did_you_mean(t, levels).unwrap_or_else(|| fallback.to_string())
            }
            _ => fallback.to_string(),
        };
        let e = Diag::error(
            codes::E404,
            t!(
                "scoring.e404",
                unit = &unit.key,
                column = self.colname,
                value = shown,
                name = &self.node.name
            ),
        );
        diags.push(self.at_cell(u, e, &t!("scoring.e404_label")).help(help));
    }
}

fn op_word(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "=",
        CmpOp::Ne => "!=",
        CmpOp::Lt => "<",
        CmpOp::Le => "<=",
        CmpOp::Gt => ">",
        CmpOp::Ge => ">=",
    }
}

fn compare(op: CmpOp, v: Decimal, x: Decimal) -> bool {
    match op {
        CmpOp::Eq => v == x,
        CmpOp::Ne => v != x,
        CmpOp::Lt => v < x,
        CmpOp::Le => v <= x,
        CmpOp::Gt => v > x,
        CmpOp::Ge => v >= x,
    }
}
