//! Walkers for the treatment section of the grammar (language chapter 5): `treat outliers …`,
//! `treat none` and `require N% data`.

use pest::iterators::Pair;

use super::ast::Clause;
use super::parser::{first, Rule, Walker};
use crate::codes;
use crate::diag::Diag;
use crate::rules::treatment::{Fallback, Outliers};
use crate::source::{Span, Spanned};

/// The most winsorisation steps a spec may ask for.
pub const MAX_WINSORISE: u32 = 1_000_000;

impl Walker<'_> {
    /// A `treat` or `require` clause.
    pub(crate) fn treatment_clause(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<Clause>> {
        let span: Span = pair.as_span().into();
        let clause = match pair.as_rule() {
            Rule::treat_clause => {
                let inner = first(pair);
                match inner.as_rule() {
                    Rule::treat_outliers => Clause::Treat(Some(self.outliers(inner))),
                    _ => Clause::Treat(None),
                }
            }
            Rule::require_clause => Clause::Require(self.number(pair.into_inner().next()?).node),
            _ => return None,
        };
        Some(Spanned::new(clause, span))
    }

    fn outliers(&mut self, pair: Pair<'_, Rule>) -> Outliers {
        let mut o = Outliers::default();
        for opt in pair.into_inner() {
            let rule = opt.as_rule();
            let Some(arg) = opt.into_inner().next() else {
                continue;
            };
            match rule {
                Rule::treat_skew => o.skew = self.number(arg).node,
                Rule::treat_kurtosis => o.kurtosis = self.number(arg).node,
                Rule::treat_winsorise => o.winsorise = self.steps(&arg),
                Rule::treat_then => o.fallback = self.fallback(arg),
                _ => {}
            }
        }
        o
    }

    fn steps(&mut self, p: &Pair<'_, Rule>) -> u32 {
        match p.as_str().parse::<u32>() {
            Ok(n) if n <= MAX_WINSORISE => n,
            _ => {
                self.errors.push(
                    Diag::error(
                        codes::E420,
                        t!("syntax.winsorise_steps", steps = p.as_str()),
                    )
                    .in_source(self.source)
                    .label(p.as_span().into(), t!("syntax.winsorise_steps_label"))
                    .help(t!("syntax.winsorise_steps_help")),
                );
                0
            }
        }
    }

    fn fallback(&mut self, pair: Pair<'_, Rule>) -> Fallback {
        let inner = first(pair);
        match inner.as_rule() {
            Rule::fallback_gii => Fallback::GiiLog,
            Rule::fallback_log => Fallback::Log,
            Rule::fallback_boxcox => match inner.into_inner().next() {
                Some(l) => Fallback::BoxCox(self.number(l).node),
                None => Fallback::Log,
            },
            _ => Fallback::None,
        }
    }
}

/// The user's words for the rules of the treatment section.
pub(super) fn rule_words(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::treat_clause => "`treat`",
        Rule::treat_outliers | Rule::treat_none => "syntax.expected.outliers_or_none",
        Rule::treat_skew => "`skew`",
        Rule::treat_kurtosis => "`kurtosis`",
        Rule::treat_winsorise => "`winsorise`",
        Rule::treat_then => "`then`",
        Rule::treat_fallback | Rule::fallback_gii | Rule::fallback_log | Rule::fallback_boxcox => {
            "syntax.expected.a_fallback"
        }
        Rule::require_clause => "`require N% data`",
        _ => return None,
    })
}
