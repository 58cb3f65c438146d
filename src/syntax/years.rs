//! Several years and group measures (language chapter 7, "Several years" and "Group measures";
//! grammar section "several years and group measures"): the years of the data, blends across
//! years, declared group statistics over each group's top N, and the queries that compare years.

use pest::iterators::Pair;
use rust_decimal::Decimal;

use super::ast::{Condition, Name};
use super::grouping::GroupingDecl;
use super::parser::{first, Rule, Walker};
use crate::source::{Span, Spanned};

/// `years 年份 [2016, 2017]` or `years [2016: "cities-2016.csv", 2017]`.
#[derive(Clone, Debug, PartialEq)]
pub struct YearsDecl {
    /// The year column (none: one file per year).
    pub column: Option<Name>,
    /// Each year, with its file when it has one of its own.
    pub years: Vec<(Spanned<u32>, Option<Spanned<String>>)>,
    pub span: Span,
}

/// `blend 三年综合 = [2018: 3, 2017: 2, 2016: 1]`: each year's weight; `percent` when written
/// with `%`.
#[derive(Clone, Debug, PartialEq)]
pub struct BlendDecl {
    pub name: Name,
    pub parts: Vec<(Spanned<u32>, Spanned<Decimal>)>,
    pub percent: bool,
    pub span: Span,
}

pub use crate::model::years::GroupStat;

/// `measure 组均得分率 = mean 得分率 by 类别 top [地级城市 50, 区县 30] [where …]`.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasureDecl {
    pub name: Name,
    pub stat: GroupStat,
    /// An indicator, the total, or `得分率` (the total's score rate).
    pub of: Name,
    /// The attribute whose values are the groups.
    pub by: Name,
    /// `top 50`: every group's top N.
    pub top_all: Option<Spanned<usize>>,
    /// `top [地级城市 50, …]`: a group's own N (a group not named: all its members).
    pub top: Vec<(Name, Spanned<usize>)>,
    pub filter: Option<Condition>,
    pub span: Span,
}

/// A query that compares years or runs a measure.
#[derive(Clone, Debug, PartialEq)]
pub enum YearsQuery {
    /// `change 总分 from 2014 [to 2015] [in G] [where …]`, `change mean 总分 by 区域 from 2014`,
    /// `change 组均得分率 from 2017`.
    Change(ChangeQuery),
    /// `measure 组均得分率 [at 2017]`
    Measure { name: Name, at: Option<Name> },
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChangeQuery {
    /// What changes: an indicator or a measure (`of`), or a group statistic (`group`).
    pub of: Name,
    /// `mean|median X by ATTR`: the statistic and the attribute.
    pub group: Option<(GroupStat, Name)>,
    pub from: Spanned<u32>,
    pub to: Option<Spanned<u32>>,
    pub within: Vec<Name>,
    pub filter: Vec<Condition>,
}

impl Walker<'_> {
    pub(crate) fn years_item(&mut self, pair: Pair<'_, Rule>) -> Option<GroupingDecl> {
        let written = pair.as_str();
        let start = pair.as_span().start();
        let span = Span::new(start, start.saturating_add(written.trim_end().len()));
        Some(match pair.as_rule() {
            Rule::years_decl => {
                let mut column = None;
                let mut years = Vec::new();
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::name => column = Some(self.name(p)),
                        Rule::year_list => {
                            years.extend(p.into_inner().map(|y| (self.year(y), None)));
                        }
                        Rule::year_files => {
                            for f in p.into_inner() {
                                let mut inner = f.into_inner();
                                let year = self.year(inner.next()?);
                                let file = inner.next().map(|s| self.string(s));
                                years.push((year, file));
                            }
                        }
                        _ => {}
                    }
                }
                GroupingDecl::Years(YearsDecl {
                    column,
                    years,
                    span,
                })
            }
            Rule::blend_decl => {
                let mut inner = pair.into_inner();
                let name = self.name(inner.next()?);
                let mut parts = Vec::new();
                let mut percent = false;
                for p in inner {
                    let mut it = p.into_inner();
                    let year = self.year(it.next()?);
                    let weight = self.number(it.next()?);
                    percent |= it.next().is_some();
                    parts.push((year, weight));
                }
                GroupingDecl::Blend(BlendDecl {
                    name,
                    parts,
                    percent,
                    span,
                })
            }
            Rule::measure_decl => GroupingDecl::Measure(self.measure(pair, span)?),
            _ => return None,
        })
    }

    fn measure(&mut self, pair: Pair<'_, Rule>, span: Span) -> Option<MeasureDecl> {
        let mut names = Vec::new();
        let mut stat = GroupStat::Mean;
        let mut top_all = None;
        let mut top = Vec::new();
        let mut filter = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => names.push(self.name(p)),
                Rule::measure_stat => stat = group_stat(&p),
                Rule::measure_top => {
                    for t in p.into_inner() {
                        match t.as_rule() {
                            Rule::count => top_all = Some(self.count(t)),
                            _ => {
                                let mut it = t.into_inner();
                                let group = self.name(it.next()?);
                                let n = self.count(it.next()?);
                                top.push((group, n));
                            }
                        }
                    }
                }
                Rule::where_clause => filter = Some(self.condition(first(p))),
                _ => {}
            }
        }
        let mut names = names.into_iter();
        Some(MeasureDecl {
            name: names.next()?,
            stat,
            of: names.next()?,
            by: names.next()?,
            top_all,
            top,
            filter,
            span,
        })
    }

    pub(crate) fn years_query(&mut self, pair: Pair<'_, Rule>) -> Option<YearsQuery> {
        Some(match pair.as_rule() {
            Rule::change_query => {
                let mut of = None;
                let mut group = None;
                let mut years = Vec::new();
                let mut within = Vec::new();
                let mut filter = Vec::new();
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::name => of = Some(self.name(p)),
                        Rule::change_stat => {
                            let mut it = p.into_inner();
                            let stat = group_stat(&it.next()?);
                            of = Some(self.name(it.next()?));
                            group = Some((stat, self.name(it.next()?)));
                        }
                        Rule::integer => years.push(self.year(p)),
                        Rule::in_clause => within.push(self.name(first(p))),
                        Rule::where_clause => filter.push(self.condition(first(p))),
                        _ => {}
                    }
                }
                let mut years = years.into_iter();
                YearsQuery::Change(ChangeQuery {
                    of: of?,
                    group,
                    from: years.next()?,
                    to: years.next(),
                    within,
                    filter,
                })
            }
            Rule::measure_query => {
                let mut inner = pair.into_inner();
                let name = self.name(inner.next()?);
                let at = inner.next().map(|p| self.at(p));
                YearsQuery::Measure { name, at }
            }
            _ => return None,
        })
    }

    /// The level, year or blend of an `at` clause, as a name (`2017` for a year).
    pub(crate) fn at(&mut self, pair: Pair<'_, Rule>) -> Name {
        let inner = first(pair);
        match inner.as_rule() {
            Rule::integer => Spanned::new(inner.as_str().to_string(), inner.as_span().into()),
            _ => self.name(inner),
        }
    }

    /// A year as written (digits); one too large for a year reads as 0, which no spec declares.
    fn year(&mut self, pair: Pair<'_, Rule>) -> Spanned<u32> {
        let span: Span = pair.as_span().into();
        Spanned::new(pair.as_str().trim().parse().unwrap_or(0), span)
    }
}

fn group_stat(p: &Pair<'_, Rule>) -> GroupStat {
    if p.as_str().trim() == "median" {
        GroupStat::Median
    } else {
        GroupStat::Mean
    }
}
