//! Scalar queries: one number (`mean 总分 in 华南`, `share where 总分 >= 60`, `corr A, B`,
//! arithmetic and `round` on them). [`plan`] resolves every name once into a [`ScalarPlan`];
//! [`estimate`] computes the value and, given the input bounds, the interval that the rounding
//! of the input cells allows (`interval.rs` says what each interval guarantees).

use rust_decimal::Decimal;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::{Filter, Logic, NodeId, Role};
use crate::source::{Span, Spanned};
use crate::syntax::scalar::{ArithOp, CountOf, GroupCondition, Scalar, ScalarFn, ScalarScope};

use super::resolve::Context;

mod compute;
pub use compute::{estimate, notes, run};

/// A scalar query with every name resolved.
#[derive(Clone, Debug)]
pub struct ScalarPlan {
    expr: Expr,
    text: String,
}

/// Equal when they resolve alike, whatever the text they were written in.
impl PartialEq for ScalarPlan {
    fn eq(&self, other: &Self) -> bool {
        self.expr == other.expr
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Expr {
    Number(Decimal),
    Stat {
        func: ScalarFn,
        of: NodeId,
        scope: Scope,
        span: Span,
    },
    CountUnits(Scope),
    CountGroups {
        attribute: usize,
        scope: Scope,
        tests: Vec<GroupFilter>,
    },
    Constant(Decimal),
    Share {
        scope: Scope,
        span: Span,
    },
    ValueOf {
        of: NodeId,
        unit: usize,
        span: Span,
    },
    RankOf {
        unit: usize,
        by: NodeId,
        scope: Scope,
        span: Span,
    },
    Corr {
        a: NodeId,
        b: NodeId,
        scope: Scope,
        span: Span,
    },
    Arith {
        op: ArithOp,
        left: Box<Expr>,
        right: Box<Expr>,
        span: Span,
    },
    Round(Box<Expr>, u32),
}

/// The units a scalar works on: the members of every `in` group, every `where`.
#[derive(Clone, Debug, Default, PartialEq)]
struct Scope {
    within: Vec<super::index::Members>,
    filters: Vec<Filter>,
}

/// A resolved group test: `mean 总分 < 40.05`.
#[derive(Clone, Debug, PartialEq)]
struct GroupTest {
    func: ScalarFn,
    of: NodeId,
    op: crate::model::CmpOp,
    value: Decimal,
}

#[derive(Clone, Debug, PartialEq)]
struct GroupFilter {
    first: GroupTest,
    rest: Vec<(Logic, GroupTest)>,
}

/// Resolve a scalar query: every problem at once.
pub fn plan(ctx: &Context<'_>, q: &Spanned<Scalar>) -> Result<ScalarPlan, Diags> {
    let text = ctx
        .scope
        .source
        .text()
        .get(q.span.start..q.span.end)
        .unwrap_or_default()
        .trim()
        .to_string();
    Ok(ScalarPlan {
        expr: expr(ctx, q)?,
        text,
    })
}

fn not_applicable(ctx: &Context<'_>, span: Span, msg: &str, help: &str) -> Diags {
    Diags::from(
        Diag::error(codes::E312, msg.to_string())
            .in_source(ctx.scope.source)
            .label(span, t!("query.here"))
            .help(help.to_string()),
    )
}

fn expr(ctx: &Context<'_>, q: &Spanned<Scalar>) -> Result<Expr, Diags> {
    let one = |r: Result<NodeId, Diag>| r.map_err(Diags::from);
    Ok(match &q.node {
        Scalar::Number(n) => Expr::Number(*n),
        Scalar::Stat { func, of, scope } => Expr::Stat {
            func: *func,
            of: one(ctx.scope.indicator(of))?,
            scope: units_scope(ctx, scope, q.span)?,
            span: q.span,
        },
        Scalar::Count { of, scope } => match of {
            CountOf::Units => Expr::CountUnits(units_scope(ctx, scope, q.span)?),
            CountOf::Groups(name) => {
                let attribute = ctx.scope.attribute(name).map_err(Diags::from)?;
                let mut tests = Vec::new();
                for g in &scope.groups {
                    tests.push(group_filter(ctx, g)?);
                }
                let units = ScalarScope {
                    groups: Vec::new(),
                    ..scope.clone()
                };
                Expr::CountGroups {
                    attribute,
                    scope: units_scope(ctx, &units, q.span)?,
                    tests,
                }
            }
            CountOf::Level(level) => {
                if !scope.within.is_empty() || !scope.filter.is_empty() || !scope.groups.is_empty()
                {
                    return Err(not_applicable(
                        ctx,
                        q.span,
                        &t!("query.count_level"),
                        &t!("query.count_level_help"),
                    ));
                }
                let n = ctx
                    .model()
                    .nodes
                    .iter()
                    .filter(|n| matches!(n.role, Role::Indicator(_)))
                    .filter(|n| u64::try_from(n.level).is_ok_and(|l| l == level.node))
                    .count();
                Expr::Constant(Decimal::from(n))
            }
        },
        Scalar::Share(scope) => {
            if scope.filter.is_empty() {
                return Err(not_applicable(
                    ctx,
                    q.span,
                    &t!("query.share_where"),
                    &t!("query.share_where_help"),
                ));
            }
            Expr::Share {
                scope: units_scope(ctx, scope, q.span)?,
                span: q.span,
            }
        }
        Scalar::Weight(name) => Expr::Constant(ctx.model().max_of(one(ctx.scope.indicator(name))?)),
        Scalar::ValueOf { of, unit } => Expr::ValueOf {
            of: one(ctx.scope.indicator(of))?,
            unit: ctx.unit(unit).map_err(Diags::from)?,
            span: q.span,
        },
        Scalar::RankOf { unit, by, scope } => Expr::RankOf {
            unit: ctx.unit(unit).map_err(Diags::from)?,
            by: match by {
                Some(b) => one(ctx.scope.indicator(b))?,
                None => ctx.model().total,
            },
            scope: units_scope(ctx, scope, q.span)?,
            span: q.span,
        },
        Scalar::Corr { a, b, scope } => Expr::Corr {
            a: one(ctx.scope.indicator(a))?,
            b: one(ctx.scope.indicator(b))?,
            scope: units_scope(ctx, scope, q.span)?,
            span: q.span,
        },
        Scalar::Arith { op, left, right } => {
            let (l, r) = (expr(ctx, left), expr(ctx, right));
            match (l, r) {
                (Ok(l), Ok(r)) => Expr::Arith {
                    op: *op,
                    left: Box::new(l),
                    right: Box::new(r),
                    span: q.span,
                },
                (Err(mut a), Err(b)) => {
                    a.extend(b);
                    return Err(a);
                }
                (Err(e), _) | (_, Err(e)) => return Err(e),
            }
        }
        Scalar::Round { expr: e, digits } => Expr::Round(Box::new(expr(ctx, e)?), digits.node),
    })
}

/// `in` and `where` of a scalar over units; a test of groups is an error here.
fn units_scope(ctx: &Context<'_>, scope: &ScalarScope, span: Span) -> Result<Scope, Diags> {
    if !scope.groups.is_empty() {
        return Err(not_applicable(
            ctx,
            span,
            &t!("query.group_test"),
            &t!("query.group_test_help"),
        ));
    }
    let mut diags = Diags::new();
    let mut within = Vec::new();
    for g in &scope.within {
        match ctx.group_members(g) {
            Ok(m) => within.push(m),
            Err(d) => diags.extend(d),
        }
    }
    let mut filters = Vec::new();
    for c in &scope.filter {
        match ctx.condition(c) {
            Ok(f) => filters.push(f),
            Err(d) => diags.extend(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Scope { within, filters })
}

fn group_filter(ctx: &Context<'_>, g: &GroupCondition) -> Result<GroupFilter, Diags> {
    let test = |t: &crate::syntax::scalar::GroupTest| -> Result<GroupTest, Diags> {
        Ok(GroupTest {
            func: t.func,
            of: ctx.scope.indicator(&t.of).map_err(Diags::from)?,
            op: t.op,
            value: t.value.node,
        })
    };
    Ok(GroupFilter {
        first: test(&g.first)?,
        rest: g
            .rest
            .iter()
            .map(|(l, t)| Ok((*l, test(t)?)))
            .collect::<Result<_, Diags>>()?,
    })
}
