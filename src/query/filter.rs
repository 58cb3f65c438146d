//! `where` conditions: resolved once into typed tests by check (an indicator, an attribute or
//! a tiers name against numbers, values or tier names), their data values checked against the
//! bound data, then applied to units.

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::{CmpOp, Filter, Logic, NodeId, Subject, Test, Value};
use crate::source::Spanned;
use crate::syntax::ast::Condition;

use super::resolve::Context;

/// The units a condition keeps, and those it does not for want of a value (with the indicator
/// they lack).
pub type Filtered = (Vec<usize>, Vec<(usize, NodeId)>);

impl Context<'_> {
    /// A `where` condition with its names resolved (indicators, attributes, tiers) and its
    /// values checked against the data.
    pub fn condition(&self, cond: &Condition) -> Result<Filter, Diags> {
        let f = crate::check::filter::resolve(self.model(), cond, self.scope.source)?;
        self.check_values(&f).map_err(Diags::from)?;
        Ok(f)
    }

    /// The values a resolved condition compares with an attribute or tiers must be among the
    /// data's values or the tier names (catches typos).
    pub fn check_values(&self, f: &Filter) -> Result<(), Diag> {
        for t in std::iter::once(&f.first).chain(f.rest.iter().map(|(_, t)| t)) {
            match t.subject {
                Subject::Attribute(a) => self.check_attribute_values(a, t.op, &t.values)?,
                Subject::Tiers(tiers) => self.check_tier_values(tiers, &t.values)?,
                Subject::Node(_) => {}
            }
        }
        Ok(())
    }

    /// Units satisfying a resolved condition (`and` binds tighter than `or`), and the units
    /// that do not because they have no value at an indicator the condition compares (with
    /// that indicator).
    pub fn filter(&self, f: &Filter, units: Vec<usize>) -> Filtered {
        let mut kept = Vec::new();
        let mut missing = Vec::new();
        for u in units {
            let mut any = false;
            let mut all = holds(&f.first, self, u);
            for (logic, t) in &f.rest {
                match logic {
                    Logic::And => all = all && holds(t, self, u),
                    Logic::Or => {
                        any = any || all;
                        all = holds(t, self, u);
                    }
                }
            }
            if any || all {
                kept.push(u);
            } else if let Some(node) = std::iter::once(&f.first)
                .chain(f.rest.iter().map(|(_, t)| t))
                .find_map(|t| lacks(t, self, u))
            {
                missing.push((u, node));
            }
        }
        (kept, missing)
    }

    /// Ordering on an attribute needs numbers (e.g. GDP2020 >= 10000); names compared with an
    /// attribute must be among its values (catches typos).
    fn check_attribute_values(
        &self,
        a: usize,
        op: CmpOp,
        values: &[Spanned<Value>],
    ) -> Result<(), Diag> {
        let left = self.model().attribute_name(a);
        for v in values {
            let Value::Text(s) = &v.node else {
                continue;
            };
            if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                return Err(Diag::error(
                    codes::E303,
                    t!("query.order_text", left = left, value = s),
                )
                .in_source(self.scope.source)
                .label(v.span, t!("query.not_a_number"))
                .help(t!("query.order_text_help", left = left, value = s)));
            }
            if !self.has_value(a, s) {
                let mut seen = std::collections::HashSet::new();
                let known: Vec<&str> = (0..self.results.units.len())
                    .map(|u| self.attribute(u, a))
                    .filter(|value| seen.insert(*value))
                    .collect();
                let n = Spanned::new(s.clone(), v.span);
                let what = t!("query.what_value_of", name = left);
                return Err(self.scope.unknown(&n, &what, known));
            }
        }
        Ok(())
    }

    /// Whether some unit (in the sample or outside it) has `value` at attribute `a`.
    fn has_value(&self, a: usize, value: &str) -> bool {
        if let Some(map) = self.index().and_then(|i| i.values(self.results, a)) {
            return map.contains_key(value);
        }
        (0..self.results.units.len()).any(|u| self.attribute(u, a) == value)
    }

    fn check_tier_values(&self, t: usize, values: &[Spanned<Value>]) -> Result<(), Diag> {
        let left = self.model().tiers_name(t);
        let names: Vec<&str> = self
            .model()
            .tiers
            .get(t)
            .map(|d| d.tier_names().collect())
            .unwrap_or_default();
        for v in values {
            let s = v.node.text();
            if !names.contains(&s.as_str()) {
                let n = Spanned::new(s, v.span);
                let what = t!("query.what_tier_of", name = left);
                return Err(self.scope.unknown(&n, &what, names));
            }
        }
        Ok(())
    }
}

/// Whether the unit satisfies the test; a unit without a value at the indicator compared
/// does not (whatever the operator).
fn holds(test: &Test, ctx: &Context<'_>, unit: usize) -> bool {
    if lacks(test, ctx, unit).is_some() {
        return false;
    }
    let one = |v: &Value| -> bool {
        match (&test.subject, v) {
            (Subject::Node(id), Value::Number(n)) => ctx
                .score(unit, *id)
                .is_some_and(|s| compare(s.cmp(n), test.op)),
            (Subject::Node(_), Value::Text(_)) => false,
            (Subject::Attribute(a), v) => {
                let text = ctx.attribute(unit, *a);
                match v {
                    Value::Number(n) => {
                        crate::data::parse_number(text).is_some_and(|x| compare(x.cmp(n), test.op))
                    }
                    Value::Text(s) => compare_eq(text == s, test.op),
                }
            }
            (Subject::Tiers(t), v) => {
                let name = ctx.tier_name(*t, unit).unwrap_or("");
                compare_eq(name == v.text(), test.op)
            }
        }
    };
    let hit = test.values.iter().map(|v| &v.node).any(one);
    hit != test.negated
}

/// The indicator this test compares, when the unit has no value there.
fn lacks(test: &Test, ctx: &Context<'_>, unit: usize) -> Option<NodeId> {
    match test.subject {
        Subject::Node(id) => ctx.score(unit, id).is_none().then_some(id),
        _ => None,
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
