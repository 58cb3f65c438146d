//! Stage 2, check — conditions (a group's, a query's `where`): every name on the left resolved
//! to an indicator, an attribute or a tiers declaration, into a [`Filter`]. The values stay as
//! written: an attribute's values are data, compared (and checked) once the data is bound.

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::{Filter, Model, Subject, Test, Value};
use crate::source::{Source, Spanned};
use crate::syntax::ast::{CmpOp, Comparison, Condition, Value as Written};

use super::names::unknown;

/// A condition with its names resolved; every problem found without data at once.
pub fn resolve(model: &Model, cond: &Condition, source: &Source) -> Result<Filter, Diags> {
    let mut diags = Diags::new();
    let mut test = |c: &Comparison| match resolve_one(model, c, source) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let first = test(&cond.first);
    let rest: Vec<_> = cond
        .rest
        .iter()
        .map(|(logic, c)| test(c).map(|t| (*logic, t)))
        .collect();
    match (first, rest.into_iter().collect::<Option<Vec<_>>>()) {
        (Some(first), Some(rest)) if !diags.has_errors() => Ok(Filter { first, rest }),
        _ => Err(diags),
    }
}

fn resolve_one(model: &Model, c: &Comparison, source: &Source) -> Result<Test, Diag> {
    let left = c.left();
    let (op, negated, values): (CmpOp, bool, Vec<&Spanned<Written>>) = match c {
        Comparison::Cmp { op, right, .. } => (*op, false, vec![right]),
        Comparison::In {
            negated, values, ..
        } => (CmpOp::Eq, *negated, values.iter().collect()),
    };
    let subject = if let Some(id) = model.node(&left.node) {
        if let Some(v) = values.iter().find(|v| matches!(v.node, Written::Name(_))) {
            return Err(not_a_number(left, v, source));
        }
        Subject::Node(id)
    } else if let Some(a) = model.attribute(&left.node) {
        Subject::Attribute(a)
    } else if let Some(t) = model.tiers_named(&left.node) {
        Subject::Tiers(t)
    } else {
        let mut names = model.node_names();
        names.extend(model.attribute_names());
        return Err(unknown(
            source,
            left,
            &t!("check.what_indicator_or_attribute"),
            &names,
        ));
    };
    Ok(Test {
        subject,
        op,
        negated,
        values: values
            .into_iter()
            .map(|v| {
                let value = match &v.node {
                    Written::Number(n) => Value::Number(*n),
                    Written::Name(s) => Value::Text(s.clone()),
                };
                Spanned::new(value, v.span)
            })
            .collect(),
    })
}

/// A score compared with a name.
fn not_a_number(left: &Spanned<String>, v: &Spanned<Written>, source: &Source) -> Diag {
    let s = match &v.node {
        Written::Name(s) => s.clone(),
        Written::Number(n) => n.to_string(),
    };
    Diag::error(
        codes::E303,
        t!("check.e303_score", name = left.node, value = s),
    )
    .in_source(source)
    .label(v.span, t!("check.not_a_number"))
    .help(t!("check.e303_score_help", name = left.node))
}
