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
    /// `rollup 省份 by mean [where …] [{ tiers … }]`
    Rollup(RollupDecl),
    /// `years 年份 [2016, 2017]`, `years [2016: "cities-2016.csv", …]`
    Years(super::years::YearsDecl),
    /// `blend 三年综合 = [2018: 3, 2017: 2, 2016: 1]`
    Blend(super::years::BlendDecl),
    /// `measure 组均得分率 = mean 得分率 by 类别 top [地级城市 50, …]`
    Measure(super::years::MeasureDecl),
}

/// A higher level evaluated from its members: one unit per value of an attribute, its score at
/// every node a statistic of its members' scores.
#[derive(Clone, Debug, PartialEq)]
pub struct RollupDecl {
    /// The attribute whose values are the level's units (`省份`).
    pub attribute: Name,
    pub stat: Spanned<RollupStat>,
    /// Members left out (`where 行政级别 != 直辖市` keeps the others).
    pub filter: Option<Condition>,
    /// Tiers of the level's units.
    pub tiers: Vec<super::ast::TiersDecl>,
    pub span: Span,
}

pub use crate::model::groups::RollupStat;

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
        // The declaration without the blank space pest may take after its last word.
        let written = pair.as_str();
        let start = pair.as_span().start();
        let span = Span::new(start, start.saturating_add(written.trim_end().len()));
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
            Rule::rollup_decl => {
                let mut attribute = None;
                let mut stat = None;
                let mut filter = None;
                let mut tiers = Vec::new();
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::name => attribute = Some(self.name(p)),
                        Rule::rollup_stat => stat = Some(self.rollup_stat(p)),
                        Rule::where_clause => filter = Some(self.condition(first(p))),
                        Rule::tiers_decl => tiers.extend(self.tiers(p)),
                        _ => {}
                    }
                }
                GroupingDecl::Rollup(RollupDecl {
                    attribute: attribute?,
                    stat: stat?,
                    filter,
                    tiers,
                    span,
                })
            }
            _ => return None,
        }))
    }
}

impl Walker<'_> {
    fn rollup_stat(&mut self, pair: Pair<'_, Rule>) -> Spanned<RollupStat> {
        let span: Span = pair.as_span().into();
        let written = pair.as_str().trim_end();
        let median = written.ends_with("median") || written.ends_with("中位数");
        let top = pair
            .into_inner()
            .find(|p| p.as_rule() == Rule::count)
            .map(|p| self.count(p).node);
        let stat = match (top, median) {
            (Some(n), _) => RollupStat::TopMean(n),
            (None, true) => RollupStat::Median,
            (None, false) => RollupStat::Mean,
        };
        Spanned::new(stat, span)
    }
}

/// The level a query is over (`at 省份`), if any.
pub fn level_of(query: &super::ast::Query) -> Option<&Name> {
    use super::ast::Query;
    match query {
        Query::Rank(q) => q.tail.at.as_ref(),
        Query::Stat(q) => q.tail.at.as_ref(),
        Query::Count { tail, .. } | Query::Histogram { tail, .. } | Query::Corr { tail, .. } => {
            tail.at.as_ref()
        }
        Query::RankOf { .. }
        | Query::Show(_)
        | Query::Compare(_)
        | Query::Weights(_)
        | Query::Outliers
        | Query::Coverage { .. }
        | Query::Scalar(_) => None,
        Query::Years(y) => match &**y {
            super::years::YearsQuery::Measure { at, .. } => at.as_ref(),
            super::years::YearsQuery::Change(_) => None,
        },
    }
}

/// What a declaration replaces in a spec that extends another: the sample, the methods of the
/// group named, the roll-up to a level, the years, a blend or a measure of that name.
pub fn replaces(g: &GroupingDecl) -> (&'static str, Option<&str>) {
    match g {
        GroupingDecl::Sample(_) => ("sample", None),
        GroupingDecl::Methods(m) => ("for", Some(&m.group.node)),
        GroupingDecl::Rollup(r) => ("rollup", Some(&r.attribute.node)),
        GroupingDecl::Years(_) => ("years", None),
        GroupingDecl::Blend(b) => ("blend", Some(&b.name.node)),
        GroupingDecl::Measure(m) => ("measure", Some(&m.name.node)),
    }
}
