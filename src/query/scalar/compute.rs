//! Computing a planned scalar: its value at the printed data and the interval that the rounding
//! of the input cells allows (`query::interval` says what each interval guarantees).

use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;

use super::{Expr, GroupFilter, GroupTest, ScalarPlan, Scope};
use crate::codes;
use crate::diag::{Diag, Diags};
use crate::eval::bounds::Bounds;
use crate::model::{Filter, Logic, NodeId, Subject};
use crate::output::{Cell, Output};
use crate::query::interval::{self, Estimate, Ranged, Stat, Tri};
use crate::query::resolve::Context;
use crate::source::Span;
use crate::syntax::scalar::{ArithOp, ScalarFn};

/// What the computation sees: the results, and the input bounds when there are any.
struct Env<'c, 'a> {
    ctx: &'c Context<'a>,
    bounds: Option<&'c Bounds>,
}

/// A unit of a scope: whether it is in at the printed values, and whether it may be at all.
type Member = (usize, bool, Tri);

impl Env<'_, '_> {
    fn ranged(&self, unit: usize, node: NodeId) -> Option<Ranged> {
        let value = self.ctx.score(unit, node)?;
        let (low, high) = match self.bounds {
            Some(b) => b.range(unit, node).unwrap_or((value, value)),
            None => (value, value),
        };
        Some(Ranged { value, low, high })
    }

    fn members(&self, scope: &Scope) -> Vec<Member> {
        super::super::select::within(self.ctx, &scope.within)
            .into_iter()
            .map(|u| {
                let mut point = true;
                let mut tri = Tri::Yes;
                for f in &scope.filters {
                    point &= !self.ctx.filter(f, vec![u]).0.is_empty();
                    tri = tri.and(self.filter3(f, u));
                }
                (u, point, tri)
            })
            .collect()
    }

    /// A condition for a unit whose scores are intervals (`and` binds tighter than `or`).
    fn filter3(&self, f: &Filter, u: usize) -> Tri {
        let mut any = Tri::No;
        let mut all = self.test3(&f.first, u);
        for (logic, t) in &f.rest {
            match logic {
                Logic::And => all = all.and(self.test3(t, u)),
                Logic::Or => {
                    any = any.or(all);
                    all = self.test3(t, u);
                }
            }
        }
        any.or(all)
    }

    fn test3(&self, t: &crate::model::Test, u: usize) -> Tri {
        let Subject::Node(id) = t.subject else {
            let one = Filter {
                first: t.clone(),
                rest: Vec::new(),
            };
            return if self.ctx.filter(&one, vec![u]).0.is_empty() {
                Tri::No
            } else {
                Tri::Yes
            };
        };
        let Some(r) = self.ranged(u, id) else {
            return Tri::No;
        };
        let mut hit = Tri::No;
        for v in &t.values {
            if let crate::model::Value::Number(c) = v.node {
                hit = hit.or(interval::compare(r.low, r.high, t.op, c));
            }
        }
        if t.negated {
            hit.negate()
        } else {
            hit
        }
    }

    fn error(&self, code: codes::Code, span: Span, msg: String, help: &str) -> Diag {
        Diag::error(code, msg)
            .in_source(self.ctx.scope.source)
            .label(span, t!("query.here"))
            .help(help.to_string())
    }

    fn eval(&self, e: &Expr) -> Result<Estimate, Diag> {
        match e {
            Expr::Number(n) | Expr::Constant(n) => Ok(Estimate::exact(*n)),
            Expr::Stat {
                func,
                of,
                scope,
                span,
            } => {
                let members = self.members(scope);
                self.stat(*func, *of, &members).ok_or_else(|| {
                    self.error(
                        codes::E313,
                        *span,
                        t!("query.e313_no_units", name = self.ctx.model().name_of(*of))
                            .into_owned(),
                        &t!("query.e313_no_units_help"),
                    )
                })
            }
            Expr::CountUnits(scope) => {
                let tests: Vec<(bool, Tri)> = self
                    .members(scope)
                    .iter()
                    .map(|&(_, p, t)| (p, t))
                    .collect();
                Ok(interval::count(&tests))
            }
            Expr::CountGroups {
                attribute,
                scope,
                tests,
            } => Ok(self.count_groups(*attribute, scope, tests)),
            Expr::Share { scope, span } => self.share(scope, *span),
            Expr::ValueOf { of, unit, span } => match self.ranged(*unit, *of) {
                Some(r) => Ok(Estimate {
                    value: r.value,
                    low: r.low,
                    high: r.high,
                    ratio: false,
                }),
                None => Err(self.error(
                    codes::E316,
                    *span,
                    t!(
                        "query.e316_no_value",
                        unit = self.ctx.key(*unit),
                        name = self.ctx.model().name_of(*of)
                    )
                    .into_owned(),
                    &t!("query.e316_no_value_help"),
                )),
            },
            Expr::RankOf {
                unit,
                by,
                scope,
                span,
            } => self.rank(*unit, *by, scope, *span),
            Expr::Corr { a, b, scope, span } => self.corr(*a, *b, scope, *span),
            Expr::Arith {
                op,
                left,
                right,
                span,
            } => self.arith(*op, left, right, *span),
            Expr::Round(e, dp) => Ok(self.eval(e)?.round(*dp)),
        }
    }

    /// `share`: of the units in scope with a value, the part meeting the condition.
    fn share(&self, scope: &Scope, span: Span) -> Result<Estimate, Diag> {
        let members = self.members(scope);
        let lacking = self.lacking(scope, &members);
        let n = members.len().saturating_sub(lacking);
        let tests: Vec<(bool, Tri)> = members.iter().map(|&(_, p, t)| (p, t)).collect();
        let c = interval::count(&tests);
        let n = Estimate::exact(Decimal::from(n));
        c.over(n).map(Estimate::ratio).ok_or_else(|| {
            self.error(
                codes::E313,
                span,
                t!("query.e313_no_share").into_owned(),
                &t!("query.e313_no_share_help"),
            )
        })
    }

    fn arith(&self, op: ArithOp, left: &Expr, right: &Expr, span: Span) -> Result<Estimate, Diag> {
        let (l, r) = (self.eval(left)?, self.eval(right)?);
        let out = match op {
            ArithOp::Add => l.plus(r),
            ArithOp::Sub => l.minus(r),
            ArithOp::Mul => l.times(r),
            ArithOp::Div => l.over(r),
        };
        out.ok_or_else(|| match op {
            ArithOp::Div if r.low <= Decimal::ZERO && r.high >= Decimal::ZERO => self.error(
                codes::E314,
                span,
                t!("query.e314").into_owned(),
                &t!("query.e314_help"),
            ),
            _ => self.error(
                codes::E315,
                span,
                t!("query.e315").into_owned(),
                &t!("query.e315_help"),
            ),
        })
    }

    fn left_out(&self, e: &Expr, out: &mut Vec<String>) {
        let mut note = |scope: &Scope, node: NodeId| {
            let missing: Vec<usize> = self
                .members(scope)
                .iter()
                .filter(|m| m.1 && self.ctx.score(m.0, node).is_none())
                .map(|m| m.0)
                .collect();
            if let Some(n) = self.ctx.missing_note(node, &missing) {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        };
        match e {
            Expr::Stat { of, scope, .. } => note(scope, *of),
            Expr::Corr { a, b, scope, .. } => {
                note(scope, *a);
                note(scope, *b);
            }
            Expr::Arith { left, right, .. } => {
                self.left_out(left, out);
                self.left_out(right, out);
            }
            Expr::Round(e, _) => self.left_out(e, out),
            _ => {}
        }
    }

    /// Units of a scope a `where` left out for want of a value.
    fn lacking(&self, scope: &Scope, members: &[Member]) -> usize {
        members
            .iter()
            .filter(|&&(u, _, _)| {
                scope
                    .filters
                    .iter()
                    .any(|f| !self.ctx.filter(f, vec![u]).1.is_empty())
            })
            .count()
    }

    /// A statistic over the members with a value at `node`; an outer bound when a `where` on
    /// scores leaves some members undecided.
    fn stat(&self, func: ScalarFn, node: NodeId, members: &[Member]) -> Option<Estimate> {
        let stat = match func {
            ScalarFn::Sum => Stat::Sum,
            ScalarFn::Median => Stat::Median,
            ScalarFn::Min => Stat::Min,
            ScalarFn::Max => Stat::Max,
            ScalarFn::Range => Stat::Range,
            ScalarFn::Qd => Stat::Qd,
            ScalarFn::Sd => Stat::Sd,
            ScalarFn::Mean | ScalarFn::Rate => Stat::Mean,
        };
        let point: Vec<Ranged> = members
            .iter()
            .filter(|m| m.1)
            .filter_map(|m| self.ranged(m.0, node))
            .collect();
        let mut est = interval::statistic(stat, &point, self.ctx.model().quartiles)?;
        if members.iter().any(|m| m.2 == Tri::Maybe) {
            let possible: Vec<Ranged> = members
                .iter()
                .filter(|m| m.2 != Tri::No)
                .filter_map(|m| self.ranged(m.0, node))
                .collect();
            let lo = possible.iter().map(|r| r.low).min()?;
            let hi = possible.iter().map(|r| r.high).max()?;
            (est.low, est.high) = match stat {
                Stat::Sum => {
                    let sum = |f: &dyn Fn(&Ranged) -> Decimal| {
                        possible
                            .iter()
                            .try_fold(Decimal::ZERO, |acc, r| acc.checked_add(f(r)))
                    };
                    (
                        sum(&|r| r.low.min(Decimal::ZERO))?,
                        sum(&|r| r.high.max(Decimal::ZERO))?,
                    )
                }
                Stat::Range | Stat::Qd | Stat::Sd => (Decimal::ZERO, hi.checked_sub(lo)?),
                _ => (lo, hi),
            };
        }
        if func == ScalarFn::Rate {
            let max = Estimate::exact(self.ctx.model().max_of(node));
            est = est.over(max)?.ratio();
        }
        Some(est)
    }

    fn count_groups(&self, attribute: usize, scope: &Scope, tests: &[GroupFilter]) -> Estimate {
        let members = self.members(scope);
        let candidates: Vec<usize> = members
            .iter()
            .filter(|m| m.2 != Tri::No)
            .map(|m| m.0)
            .collect();
        let (parts, _) = self
            .ctx
            .partition(crate::query::Partition::Attribute(attribute), &candidates);
        let outcomes: Vec<(bool, Tri)> = parts
            .iter()
            .map(|(_, units)| {
                let group: Vec<Member> = members
                    .iter()
                    .filter(|m| units.contains(&m.0))
                    .copied()
                    .collect();
                let point_in = group.iter().any(|m| m.1);
                let test = |t: &GroupTest| -> (bool, Tri) {
                    match self.stat(t.func, t.of, &group) {
                        Some(e) => (
                            crate::query::filter::compare(e.value.cmp(&t.value), t.op),
                            interval::compare(e.low, e.high, t.op, t.value),
                        ),
                        None => (false, Tri::No),
                    }
                };
                let sure = group.iter().any(|m| m.2 == Tri::Yes);
                let maybe = group.iter().any(|m| m.2 == Tri::Maybe);
                let present = match (sure, maybe) {
                    (true, _) => Tri::Yes,
                    (false, true) => Tri::Maybe,
                    _ => Tri::No,
                };
                let mut acc = Vec::new();
                for tf in tests {
                    let (mut any, mut all) = ((false, Tri::No), test(&tf.first));
                    for (logic, t) in &tf.rest {
                        let r = test(t);
                        match logic {
                            Logic::And => all = (all.0 && r.0, all.1.and(r.1)),
                            Logic::Or => {
                                any = (any.0 || all.0, any.1.or(all.1));
                                all = r;
                            }
                        }
                    }
                    acc.push((any.0 || all.0, any.1.or(all.1)));
                }
                acc.into_iter()
                    .fold((point_in, present), |(p, t), (q, r)| (p && q, t.and(r)))
            })
            .collect();
        interval::count(&outcomes)
    }

    fn rank(&self, unit: usize, by: NodeId, scope: &Scope, span: Span) -> Result<Estimate, Diag> {
        let members = self.members(scope);
        let me = self.ranged(unit, by);
        let name = self.ctx.key(unit);
        let Some(me) = me.filter(|_| members.iter().any(|m| m.0 == unit && m.1)) else {
            return Err(self.error(
                codes::E316,
                span,
                t!("query.e316_not_ranked", name = name).into_owned(),
                &t!("query.e316_not_ranked_help"),
            ));
        };
        let others: Vec<(Ranged, bool, Tri)> = members
            .iter()
            .filter(|m| m.0 != unit)
            .filter_map(|m| Some((self.ranged(m.0, by)?, m.1, m.2)))
            .collect();
        let above = |f: &dyn Fn(&(Ranged, bool, Tri)) -> bool| {
            Decimal::from(others.iter().filter(|o| f(o)).count().saturating_add(1))
        };
        Ok(Estimate {
            value: above(&|o| o.1 && o.0.value > me.value),
            low: above(&|o| o.2 == Tri::Yes && o.0.low > me.high),
            high: above(&|o| o.2 != Tri::No && o.0.high > me.low),
            ratio: false,
        })
    }

    fn corr(&self, a: NodeId, b: NodeId, scope: &Scope, span: Span) -> Result<Estimate, Diag> {
        let members = self.members(scope);
        let undecided = members.iter().any(|m| m.2 == Tri::Maybe);
        let (xs, ys): (Vec<Ranged>, Vec<Ranged>) = members
            .iter()
            .filter(|m| m.1)
            .filter_map(|m| Some((self.ranged(m.0, a)?, self.ranged(m.0, b)?)))
            .unzip();
        let dec = |f: f64| Decimal::from_f64(f).map(|d| d.round_dp(10));
        let found =
            interval::corr(&xs, &ys).and_then(|(r, lo, hi)| Some((dec(r)?, dec(lo)?, dec(hi)?)));
        let Some((value, low, high)) = found else {
            return Err(self.error(
                codes::E313,
                span,
                t!("query.e313_corr").into_owned(),
                &t!("query.e313_corr_help"),
            ));
        };
        let (low, high) = if undecided {
            (Decimal::NEGATIVE_ONE, Decimal::ONE)
        } else {
            (low, high)
        };
        Ok(Estimate {
            value,
            low,
            high,
            ratio: false,
        })
    }
}

/// Notes on the units each statistic of a plan left out for want of a value ("2 units left out:
/// no value at `a` (y, z)").
pub fn notes(ctx: &Context<'_>, plan: &ScalarPlan) -> Vec<String> {
    let env = Env { ctx, bounds: None };
    let mut out = Vec::new();
    env.left_out(&plan.expr, &mut out);
    out
}

/// Compute a planned scalar: its value at the printed data and, with `bounds`, the interval
/// input rounding allows (without, the interval is the value itself).
pub fn estimate(
    ctx: &Context<'_>,
    bounds: Option<&Bounds>,
    plan: &ScalarPlan,
) -> Result<Estimate, Diag> {
    Env { ctx, bounds }.eval(&plan.expr)
}

/// The answer to a scalar query as a one-row table: the query, its value and, with bounds, the
/// interval input rounding allows.
pub fn run(ctx: &Context<'_>, bounds: Option<&Bounds>, plan: &ScalarPlan) -> Result<Output, Diags> {
    let e = estimate(ctx, bounds, plan).map_err(Diags::from)?;
    let cell = |d: Decimal| {
        if e.ratio {
            Cell::Rate(d)
        } else if d.fract().is_zero() && d.abs() < Decimal::from(i64::MAX) {
            i64::try_from(d).map_or(Cell::Num(d, 4), Cell::Int)
        } else {
            Cell::Num(d, 4)
        }
    };
    let mut columns = vec!["query".to_string(), "value".to_string()];
    let mut row = vec![Cell::Text(plan.text.clone()), cell(e.value)];
    if bounds.is_some() {
        columns.extend(["low".to_string(), "high".to_string()]);
        row.extend([cell(e.low), cell(e.high)]);
    }
    let mut out = Output::new(columns);
    out.rows.push(row);
    out.notes.extend(notes(ctx, plan));
    if bounds.is_some() {
        out.notes.push(t!("query.interval_note").into_owned());
    }
    Ok(out)
}
