//! Walker for `missing last [within N years] [from "FILE"] [else POLICY]` (language chapter 5,
//! "Last known value").

use pest::iterators::Pair;

use super::ast::Clause;
use super::parser::{first, Rule, Walker};
use crate::rules::last::LastKnown;
use crate::rules::Missing;
use crate::source::{Span, Spanned};

impl Walker<'_> {
    /// `last …` after `missing`: the rule, and the policy for the cells it cannot fill.
    pub(crate) fn last_known(&mut self, pair: Pair<'_, Rule>, span: Span) -> Clause {
        let mut last = LastKnown {
            within: None,
            from: None,
            source: None,
            span,
        };
        let mut then = Missing::Error;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::last_within => {
                    if let Some(n) = p.into_inner().next() {
                        let at: Span = n.as_span().into();
                        // Too many digits read as 0, which check refuses (E139).
                        let years = n.as_str().trim().parse().unwrap_or(0);
                        last.within = Some(Spanned::new(years, at));
                    }
                }
                Rule::last_from => {
                    if let Some(s) = p.into_inner().next() {
                        last.from = Some(self.string(s));
                    }
                }
                Rule::last_else => then = self.missing_policy(first(p)),
                _ => {}
            }
        }
        Clause::Last(last, then)
    }

    /// A policy word or `mean|median [per NAME]` (a `missing_policy` pair).
    pub(crate) fn missing_policy(&mut self, pair: Pair<'_, Rule>) -> Missing {
        let policy = first(pair);
        match policy.as_rule() {
            Rule::missing_mean => Missing::Mean(policy.into_inner().next().map(|p| self.name(p))),
            Rule::missing_median => {
                Missing::Median(policy.into_inner().next().map(|p| self.name(p)))
            }
            _ => match policy.as_str() {
                "zero" => Missing::Zero,
                "drop" => Missing::Drop,
                "reweight" => Missing::Reweight,
                _ => Missing::Error,
            },
        }
    }
}
