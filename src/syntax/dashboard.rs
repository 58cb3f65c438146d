//! Ratings and dashboards (language chapter 7; grammar section "dashboards"): quantile groups,
//! rating scales per group, and traffic-light dashboards with their colour rules.

use pest::iterators::Pair;
use rust_decimal::Decimal;

use super::ast::{Item, Name, Query, Tail, TiersDecl};
use super::parser::{first, Rule, Walker};
use crate::model::CmpOp;
use crate::source::{Span, Spanned};

/// A declaration of this section.
#[derive(Clone, Debug, PartialEq)]
pub enum DashDecl {
    /// `group 四分位 = quartiles of HDI [低, 中低, 中高, 高]`
    Quantiles(QuantileDecl),
    /// `ratings 评级 per 四分位 { 高: by share […] … }`
    Ratings(RatingsDecl),
    /// `dashboard 仪表盘 [green, yellow, orange, red] { … }`
    Dashboard(DashboardDecl),
}

/// Units in `n` groups by quantiles of an attribute or node, lowest first.
#[derive(Clone, Debug, PartialEq)]
pub struct QuantileDecl {
    pub name: Name,
    /// 4 for `quartiles`, N for `quantiles N`.
    pub n: Spanned<u64>,
    pub of: Name,
    /// The groups' names, lowest first (none: `Q1` … `Qn`).
    pub labels: Vec<Name>,
    pub span: Span,
}

/// A rating scale per group of a partition, each cut among the group's units.
#[derive(Clone, Debug, PartialEq)]
pub struct RatingsDecl {
    pub name: Name,
    /// The indicator rated (default: the total).
    pub of: Option<Name>,
    /// The partition: a quantile group or a tiers declaration.
    pub per: Name,
    /// One scale per group: the group's name in `name`, its scale as a tier rule.
    pub scales: Vec<TiersDecl>,
    pub span: Span,
}

/// A dashboard: colours best first, and a line per coloured node.
#[derive(Clone, Debug, PartialEq)]
pub struct DashboardDecl {
    pub name: Name,
    pub colours: Vec<Name>,
    pub lines: Vec<DashLine>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DashLine {
    pub node: Name,
    pub rule: DashRule,
}

/// One colour of a threshold line: its name, and the operator (if written) and threshold (none
/// for the last colour, which takes every other value).
pub type ColourStep = (Name, Option<(Option<CmpOp>, Spanned<Decimal>)>);

#[derive(Clone, Debug, PartialEq)]
pub enum DashRule {
    /// `[green <= 2, yellow <= 7.5, orange <= 13, red]`: colours with thresholds on the raw
    /// value, best first; the operator (`>=` or `<=`) may be left to the indicator's direction.
    Thresholds(Vec<ColourStep>),
    /// `worst 2`: the node's colour from its N worst-coloured indicators.
    Worst(Spanned<usize>),
}

impl DashDecl {
    /// What the declaration is called in `cix diff` (`ratings 评级`, `dashboard 仪表盘`).
    pub fn title(&self) -> String {
        match self {
            DashDecl::Quantiles(q) => format!("group {}", q.name.node),
            DashDecl::Ratings(r) => format!("ratings {}", r.name.node),
            DashDecl::Dashboard(d) => format!("dashboard {}", d.name.node),
        }
    }

    pub fn span(&self) -> Span {
        match self {
            DashDecl::Quantiles(q) => q.span,
            DashDecl::Ratings(r) => r.span,
            DashDecl::Dashboard(d) => d.span,
        }
    }
}

impl Walker<'_> {
    pub(crate) fn dash(&mut self, pair: Pair<'_, Rule>) -> Option<Item> {
        // The declaration without the blank space pest may take after its last word.
        let start = pair.as_span().start();
        let span = Span::new(start, start.saturating_add(pair.as_str().trim_end().len()));
        Some(Item::Dashboard(match pair.as_rule() {
            Rule::quantile_decl => DashDecl::Quantiles(self.quantiles(pair, span)?),
            Rule::ratings_decl => {
                let mut name = None;
                let mut of = None;
                let mut per = None;
                let mut scales = Vec::new();
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::name if name.is_none() => name = Some(self.name(p)),
                        Rule::name => per = Some(self.name(p)),
                        Rule::of_clause => of = Some(self.name(first(p))),
                        Rule::rating_scale => scales.extend(self.tiers(p)),
                        _ => {}
                    }
                }
                DashDecl::Ratings(RatingsDecl {
                    name: name?,
                    of,
                    per: per?,
                    scales,
                    span,
                })
            }
            Rule::dashboard_decl => {
                let mut inner = pair.into_inner();
                let name = self.name(inner.next()?);
                let colours = self.name_list(inner.next()?);
                let lines = inner.filter_map(|p| self.dash_line(p)).collect();
                DashDecl::Dashboard(DashboardDecl {
                    name,
                    colours,
                    lines,
                    span,
                })
            }
            _ => return None,
        }))
    }

    fn quantiles(&mut self, pair: Pair<'_, Rule>, span: Span) -> Option<QuantileDecl> {
        let mut inner = pair.into_inner();
        let name = self.name(inner.next()?);
        let kind = inner.next()?;
        let kind_span: Span = kind.as_span().into();
        let n = match kind.into_inner().next() {
            Some(p) => {
                let text = p.as_str();
                Spanned::new(text.parse().unwrap_or(u64::MAX), p.as_span().into())
            }
            None => Spanned::new(4, kind_span),
        };
        let of = self.name(inner.next()?);
        let labels = inner.next().map(|p| self.name_list(p)).unwrap_or_default();
        Some(QuantileDecl {
            name,
            n,
            of,
            labels,
            span,
        })
    }

    fn dash_line(&mut self, pair: Pair<'_, Rule>) -> Option<DashLine> {
        let mut inner = pair.into_inner();
        let node = self.name(inner.next()?);
        let rule = inner.next()?;
        let rule = match rule.as_rule() {
            Rule::dash_worst => DashRule::Worst(self.count(first(rule))),
            _ => DashRule::Thresholds(
                rule.into_inner()
                    .filter_map(|step| {
                        let mut i = step.into_inner();
                        let colour = self.name(i.next()?);
                        let mut op = None;
                        let mut value = None;
                        for p in i {
                            match p.as_rule() {
                                Rule::dash_op => op = Some(super::query::cmp_op(p.as_str())),
                                _ => value = Some(self.number(p)),
                            }
                        }
                        Some((colour, value.map(|v| (op, v))))
                    })
                    .collect(),
            ),
        };
        Some(DashLine { node, rule })
    }

    /// `dashboard 仪表盘 [where …]`
    pub(crate) fn dashboard_query(&mut self, pair: Pair<'_, Rule>) -> Query {
        let mut name = None;
        let mut tail = Box::<Tail>::default();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => name = Some(self.name(p)),
                _ => self.tail(p, &mut tail),
            }
        }
        Query::Dashboard {
            name: name.unwrap_or_else(|| Spanned::new(String::new(), Span::default())),
            tail,
        }
    }
}
