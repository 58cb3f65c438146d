//! Groups of units (language chapter 7; grammar section "groups of units"): the sample of units
//! evaluated, and methods (weights, scoring rules, missing policies) that differ by group.

use pest::iterators::Pair;

use super::ast::{Change, Condition, Item, Name};
use super::parser::{first, Rule, Walker};
use crate::source::{Span, Spanned};

/// A declaration about groups of units.
#[derive(Clone, Debug, PartialEq)]
pub enum GroupingDecl {
    /// `sample top 50 by GDP2020 [where …]`, `sample where 行政级别 != 县级市`
    Sample(SampleDecl),
    /// `for 三四线城市 { set 数据治理 20 … }`
    Methods(MethodsDecl),
}

/// The units evaluated: those satisfying `filter`, then the `top` N of them by an attribute.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleDecl {
    pub top: Option<(Spanned<usize>, Name)>,
    pub filter: Option<Condition>,
    /// The whole declaration.
    pub span: Span,
}

/// Methods of one group: `set` statements applied to the index for the group's units only.
#[derive(Clone, Debug, PartialEq)]
pub struct MethodsDecl {
    pub group: Name,
    pub changes: Vec<Spanned<Change>>,
    pub span: Span,
}

impl Walker<'_> {
    pub(crate) fn grouping(&mut self, pair: Pair<'_, Rule>) -> Option<Item> {
        let span: Span = pair.as_span().into();
        Some(Item::Grouping(match pair.as_rule() {
            Rule::sample_decl => {
                let mut top = None;
                let mut filter = None;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::sample_top => {
                            let mut inner = p.into_inner();
                            let n = self.count(inner.next()?);
                            let by = self.name(inner.next()?);
                            top = Some((n, by));
                        }
                        Rule::where_clause => filter = Some(self.condition(first(p))),
                        _ => {}
                    }
                }
                GroupingDecl::Sample(SampleDecl { top, filter, span })
            }
            Rule::methods_decl => {
                let mut inner = pair.into_inner();
                let group = self.name(inner.next()?);
                let changes = inner
                    .filter_map(|p| {
                        let at: Span = p.as_span().into();
                        self.change(p).map(|c| Spanned::new(c, at))
                    })
                    .collect();
                GroupingDecl::Methods(MethodsDecl {
                    group,
                    changes,
                    span,
                })
            }
            _ => return None,
        }))
    }
}

/// What a declaration replaces in a spec that extends another: the sample (None), or the
/// methods of the group named.
pub fn replaces(g: &GroupingDecl) -> Option<&str> {
    match g {
        GroupingDecl::Sample(_) => None,
        GroupingDecl::Methods(m) => Some(&m.group.node),
    }
}
