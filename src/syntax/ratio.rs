//! Walker for ratio nodes (language chapter 6): `ratio 效率比 = 产出 / 投入 { decimals 2 }`, a
//! node outside the weighted sum. Written inside an indicator's block it is refused (E425).

use pest::iterators::Pair;

use super::ast::RatioDecl;
use super::parser::{Rule, Walker};
use crate::codes;
use crate::diag::Diag;
use crate::source::Span;

impl Walker<'_> {
    /// `ratio NAME = A / B [{ … }]` at index level.
    pub(crate) fn ratio(&mut self, pair: Pair<'_, Rule>) -> Option<RatioDecl> {
        let mut names = Vec::new();
        let mut clauses = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => names.push(self.name(p)),
                Rule::ratio_block => {
                    clauses.extend(p.into_inner().filter_map(|c| self.clause(c)));
                }
                _ => {}
            }
        }
        let mut names = names.into_iter();
        Some(RatioDecl {
            name: names.next()?,
            numerator: names.next()?,
            denominator: names.next()?,
            clauses,
        })
    }

    /// A `ratio` inside an indicator's block: a ratio is not a part of any sum (E425).
    pub(crate) fn ratio_inside(&mut self, pair: Pair<'_, Rule>, parent: &str) {
        let span: Span = pair.as_span().into();
        let name = pair
            .into_inner()
            .find(|p| p.as_rule() == Rule::name)
            .map(|p| self.name(p).node)
            .unwrap_or_default();
        self.errors.push(
            Diag::error(
                codes::E425,
                t!("syntax.ratio_inside", name = name, parent = parent),
            )
            .in_source(self.source)
            .label(span, t!("syntax.ratio_inside_label"))
            .help(t!("syntax.ratio_inside_help", name = name)),
        );
    }
}
