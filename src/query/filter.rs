//! `where` conditions: resolved once into typed tests (an indicator, an attribute or a tiers
//! name against numbers, values or tier names), then applied to units.

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::NodeId;
use crate::source::Spanned;
use crate::syntax::ast::{CmpOp, Comparison, Condition, Logic, Name, Value};

use super::resolve::Context;

/// The units a condition keeps, and those it does not for want of a value (with the indicator
/// they lack).
pub type Filtered = (Vec<usize>, Vec<(usize, NodeId)>);

impl Context<'_> {
    /// A condition with its names resolved (indicators, attributes and their values, tiers).
    pub fn condition(&self, cond: &Condition) -> Result<Filter, Diags> {
        let static_errors = self.scope.check_condition(cond);
        if static_errors.has_errors() {
            return Err(static_errors);
        }
        let first = self.test(&cond.first).map_err(Diags::from)?;
        let rest: Vec<(Logic, Test)> = cond
            .rest
            .iter()
            .map(|(logic, c)| self.test(c).map(|t| (*logic, t)))
            .collect::<Result<_, Diag>>()
            .map_err(Diags::from)?;
        Ok(Filter { first, rest })
    }

    /// Units satisfying a resolved condition (`and` binds tighter than `or`), and the units
    /// that do not because they have no value at an indicator the condition compares (with
    /// that indicator).
    pub fn filter(&self, f: &Filter, units: Vec<usize>) -> Filtered {
        let mut kept = Vec::new();
        let mut missing = Vec::new();
        for u in units {
            let mut any = false;
            let mut all = f.first.holds(self, u);
            for (logic, t) in &f.rest {
                match logic {
                    Logic::And => all = all && t.holds(self, u),
                    Logic::Or => {
                        any = any || all;
                        all = t.holds(self, u);
                    }
                }
            }
            if any || all {
                kept.push(u);
            } else if let Some(node) = std::iter::once(&f.first)
                .chain(f.rest.iter().map(|(_, t)| t))
                .find_map(|t| t.lacks(self, u))
            {
                missing.push((u, node));
            }
        }
        (kept, missing)
    }

    fn test(&self, c: &Comparison) -> Result<Test, Diag> {
        let model = self.model();
        let left = c.left();
        let (op, negated, values): (CmpOp, bool, Vec<&Spanned<Value>>) = match c {
            Comparison::Cmp { op, right, .. } => (*op, false, vec![right]),
            Comparison::In {
                negated, values, ..
            } => (CmpOp::Eq, *negated, values.iter().collect()),
        };
        let subject = if let Some(id) = model.node(&left.node) {
            Subject::Node(id)
        } else if let Some(a) = model.attribute(&left.node) {
            Subject::Attr(a)
        } else if let Some(t) = model.tiers_named(&left.node) {
            Subject::Tier(t)
        } else {
            return Err(self
                .scope
                .unknown(left, "indicator or attribute", model.names()));
        };
        match subject {
            Subject::Attr(a) => self.check_attribute_values(left, a, op, &values)?,
            Subject::Tier(t) => self.check_tier_values(left, t, &values)?,
            Subject::Node(_) => {}
        }
        Ok(Test {
            subject,
            op,
            negated,
            values: values.into_iter().map(|v| v.node.clone()).collect(),
        })
    }

    /// Ordering on an attribute needs numbers (e.g. GDP2020 >= 10000); names compared with an
    /// attribute must be among its values (catches typos).
    fn check_attribute_values(
        &self,
        left: &Name,
        a: usize,
        op: CmpOp,
        values: &[&Spanned<Value>],
    ) -> Result<(), Diag> {
        for v in values {
            let Value::Name(s) = &v.node else {
                continue;
            };
            if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                return Err(Diag::error(
                    codes::E303,
                    format!(
                        "`{}` can only be ordered against a number, not `{s}`",
                        left.node
                    ),
                )
                .in_source(self.scope.source)
                .label(v.span, "not a number")
                .help(format!(
                    "use `=` or `!=` for categories, e.g. `{} = {s}`",
                    left.node
                )));
            }
            let units = 0..self.results.units.len();
            if !units.clone().any(|u| self.attribute(u, a) == s) {
                let mut known: Vec<&str> = Vec::new();
                for u in units {
                    let value = self.attribute(u, a);
                    if !known.contains(&value) {
                        known.push(value);
                    }
                }
                let n = Spanned::new(s.clone(), v.span);
                return Err(self
                    .scope
                    .unknown(&n, &format!("value of `{}`", left.node), known));
            }
        }
        Ok(())
    }

    fn check_tier_values(
        &self,
        left: &Name,
        t: usize,
        values: &[&Spanned<Value>],
    ) -> Result<(), Diag> {
        let names: Vec<&str> = self
            .model()
            .tiers
            .get(t)
            .map(|d| d.tier_names().collect())
            .unwrap_or_default();
        for v in values {
            let s = match &v.node {
                Value::Name(s) => s.clone(),
                Value::Number(n) => n.to_string(),
            };
            if !names.contains(&s.as_str()) {
                let n = Spanned::new(s, v.span);
                return Err(self
                    .scope
                    .unknown(&n, &format!("tier of `{}`", left.node), names));
            }
        }
        Ok(())
    }
}

/// A resolved `where` condition: comparisons joined by `and` / `or`.
#[derive(Clone, Debug)]
pub struct Filter {
    first: Test,
    rest: Vec<(Logic, Test)>,
}

#[derive(Clone, Debug)]
enum Subject {
    Node(NodeId),
    Attr(usize),
    Tier(usize),
}

#[derive(Clone, Debug)]
struct Test {
    subject: Subject,
    op: CmpOp,
    negated: bool,
    values: Vec<Value>,
}

impl Test {
    /// Whether the unit satisfies the test; a unit without a value at the indicator compared
    /// does not (whatever the operator).
    fn holds(&self, ctx: &Context<'_>, unit: usize) -> bool {
        if self.lacks(ctx, unit).is_some() {
            return false;
        }
        let one = |v: &Value| -> bool {
            match (&self.subject, v) {
                (Subject::Node(id), Value::Number(n)) => ctx
                    .score(unit, *id)
                    .is_some_and(|s| compare(s.cmp(n), self.op)),
                (Subject::Node(_), Value::Name(_)) => false,
                (Subject::Attr(a), v) => {
                    let text = ctx.attribute(unit, *a);
                    match v {
                        Value::Number(n) => crate::data::parse_number(text)
                            .is_some_and(|x| compare(x.cmp(n), self.op)),
                        Value::Name(s) => compare_eq(text == s, self.op),
                    }
                }
                (Subject::Tier(t), v) => {
                    let name = ctx.tier_name(*t, unit).unwrap_or("");
                    let s = match v {
                        Value::Name(s) => s.clone(),
                        Value::Number(n) => n.to_string(),
                    };
                    compare_eq(name == s, self.op)
                }
            }
        };
        let hit = self.values.iter().any(one);
        hit != self.negated
    }

    /// The indicator this test compares, when the unit has no value there.
    fn lacks(&self, ctx: &Context<'_>, unit: usize) -> Option<NodeId> {
        match self.subject {
            Subject::Node(id) => ctx.score(unit, id).is_none().then_some(id),
            _ => None,
        }
    }
}

fn compare_eq(eq: bool, op: CmpOp) -> bool {
    match op {
        CmpOp::Ne => !eq,
        _ => eq,
    }
}

pub fn compare(ord: std::cmp::Ordering, op: CmpOp) -> bool {
    use std::cmp::Ordering::*;
    match op {
        CmpOp::Eq => ord == Equal,
        CmpOp::Ne => ord != Equal,
        CmpOp::Lt => ord == Less,
        CmpOp::Le => ord != Greater,
        CmpOp::Gt => ord == Greater,
        CmpOp::Ge => ord != Less,
    }
}
