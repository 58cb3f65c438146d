//! Walking a leaf's `from` expression (`from GDP / 常住人口`, `from 宽带用户 / 户数 * 100`):
//! plus, minus, times and divide (ASCII or full-width) and parentheses, left to right with times
//! and divide binding tighter. At most [`MAX_OPERATORS`] operators (E443), so evaluating and
//! dropping the tree stay shallow.

use pest::iterators::Pair;

use super::parser::{Rule, Walker};
use crate::codes;
use crate::diag::Diag;
use crate::rules::{Expr, Op};
use crate::source::Span;

/// The most operators one `from` expression may hold.
pub const MAX_OPERATORS: usize = 100;

impl Walker<'_> {
    /// The expression of a `from` clause; a single name is a plain column.
    pub(crate) fn derived_expr(&mut self, pair: Pair<'_, Rule>) -> Option<Expr> {
        let span: Span = pair.as_span().into();
        let operators = pair
            .clone()
            .into_inner()
            .flatten()
            .filter(|p| matches!(p.as_rule(), Rule::expr_add | Rule::expr_mul))
            .count();
        if operators > MAX_OPERATORS {
            self.errors.push(
                Diag::error(
                    codes::E443,
                    t!(
                        "syntax.derived_too_long",
                        operators = operators,
                        max = MAX_OPERATORS
                    ),
                )
                .in_source(self.source)
                .label(span, t!("syntax.too_long"))
                .help(t!("syntax.derived_too_long_help")),
            );
            return None;
        }
        self.sum(pair)
    }

    /// `term (± term)*`, left to right.
    fn sum(&mut self, pair: Pair<'_, Rule>) -> Option<Expr> {
        let mut inner = pair.into_inner();
        let mut acc = self.term(inner.next()?)?;
        while let (Some(op), Some(t)) = (inner.next(), inner.next()) {
            let op = match op.as_str() {
                "+" | "＋" => Op::Add,
                _ => Op::Sub,
            };
            acc = Expr::Binary {
                op,
                left: Box::new(acc),
                right: Box::new(self.term(t)?),
            };
        }
        Some(acc)
    }

    /// `factor (×÷ factor)*`, left to right.
    fn term(&mut self, pair: Pair<'_, Rule>) -> Option<Expr> {
        let mut inner = pair.into_inner();
        let mut acc = self.factor(inner.next()?)?;
        while let (Some(op), Some(f)) = (inner.next(), inner.next()) {
            let op = match op.as_str() {
                "/" | "÷" | "／" => Op::Div,
                _ => Op::Mul,
            };
            acc = Expr::Binary {
                op,
                left: Box::new(acc),
                right: Box::new(self.factor(f)?),
            };
        }
        Some(acc)
    }

    fn factor(&mut self, pair: Pair<'_, Rule>) -> Option<Expr> {
        match pair.as_rule() {
            Rule::number => Some(Expr::Number(self.number(pair))),
            Rule::from_expr => self.sum(pair),
            _ => Some(Expr::Column(self.name(pair))),
        }
    }
}
