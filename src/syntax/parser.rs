//! pest parse tree → [`ast`](super::ast). The grammar guarantees the shape of each pair, so the
//! walkers below only read what the rule they are given must contain.

use std::str::FromStr;

use pest::iterators::Pair;
use pest::Parser as _;
use rust_decimal::Decimal;

use super::ast::*;
use super::errors::syntax_error;
use super::numeral::{self, NumeralError};
use crate::codes;
use crate::diag::Diag;
use crate::source::{Source, Span, Spanned};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/cix.pest"]
pub(crate) struct CixParser;

/// Parse a spec file.
pub fn parse_spec(source: &Source) -> Result<Spec, Diag> {
    let mut pairs = parse(source, Rule::spec, codes::E001)?;
    let spec = pairs.next().map(|p| p.into_inner());
    let mut walker = Walker {
        source,
        errors: Vec::new(),
    };
    let mut extends = None;
    let mut index = None;
    for pair in spec.into_iter().flatten() {
        match pair.as_rule() {
            Rule::extends => {
                let s = first(pair);
                extends = Some(walker.string(s));
            }
            Rule::index => index = Some(walker.index(pair)),
            _ => {}
        }
    }
    if let Some(e) = walker.errors.into_iter().next() {
        return Err(e);
    }
    let (name, items) =
        index.unwrap_or_else(|| (Spanned::new(String::new(), Span::default()), Vec::new()));
    Ok(Spec {
        extends,
        name,
        items,
    })
}

/// Parse one query (a REPL line, `cix query`, or the right side of a `report`): a table query,
/// or else a scalar query (one number, `super::scalar`).
pub fn parse_query(source: &Source) -> Result<Spanned<Query>, Diag> {
    parse_table_query(source).or_else(|table| {
        super::scalar::parse_scalar(source).map_err(|scalar| super::scalar::better(table, scalar))
    })
}

fn parse_table_query(source: &Source) -> Result<Spanned<Query>, Diag> {
    let mut pairs = parse(source, Rule::query_line, codes::E002)?;
    let mut walker = Walker {
        source,
        errors: Vec::new(),
    };
    let line = pairs.next().map(|p| p.into_inner());
    let mut query = None;
    for pair in line.into_iter().flatten() {
        if pair.as_rule() == Rule::query {
            query = Some(walker.query(pair));
        }
    }
    if let Some(e) = walker.errors.into_iter().next() {
        return Err(e);
    }
    query.ok_or_else(|| Diag::error(codes::E002, t!("syntax.empty_query")).in_source(source))
}

/// Run pest on a source whose brackets and strings the scan accepted (so pest's recursion is
/// bounded by [`super::MAX_DEPTH`]).
pub(crate) fn parse(
    source: &Source,
    rule: Rule,
    code: codes::Code,
) -> Result<pest::iterators::Pairs<'_, Rule>, Diag> {
    super::scan::check(source)?;
    pest::set_error_detail(true);
    CixParser::parse(rule, source.text()).map_err(|e| syntax_error(source, e, code))
}

/// The first inner pair. Every caller passes a rule whose grammar has at least one; were it
/// not so, the pair itself comes back and the caller's walker finds no rule it expects.
pub(crate) fn first(pair: Pair<'_, Rule>) -> Pair<'_, Rule> {
    pair.clone().into_inner().next().unwrap_or(pair)
}

/// Walks pest pairs into AST nodes, collecting errors. Other files of `syntax` may add
/// `impl Walker` blocks for their own constructs.
pub(crate) struct Walker<'s> {
    pub(crate) source: &'s Source,
    pub(crate) errors: Vec<Diag>,
}

impl Walker<'_> {
    fn index(&mut self, pair: Pair<'_, Rule>) -> (Spanned<String>, Vec<Item>) {
        let mut inner = pair.into_inner();
        let name = inner
            .next()
            .map(|p| self.string(p))
            .unwrap_or_else(|| Spanned::new(String::new(), Span::default()));
        let items = inner.filter_map(|p| self.item(p)).collect();
        (name, items)
    }

    pub(crate) fn item(&mut self, pair: Pair<'_, Rule>) -> Option<Item> {
        let span: Span = pair.as_span().into();
        Some(match pair.as_rule() {
            Rule::edition => {
                let mut inner = pair.into_inner();
                let year_pair = inner.next()?;
                let year_span = year_pair.as_span().into();
                let year = match year_pair.as_str().parse::<u32>() {
                    Ok(y) => y,
                    Err(_) => {
                        self.errors.push(
                            Diag::error(codes::E004, t!("syntax.e004_year"))
                                .in_source(self.source)
                                .label(year_span, t!("syntax.not_a_year"))
                                .help(t!("syntax.e004_year_help")),
                        );
                        0
                    }
                };
                let ordinal = inner.next().map(|p| self.string(p));
                Item::Edition {
                    year: Spanned::new(year, year_span),
                    ordinal,
                }
            }
            Rule::data_decl => {
                let mut inner = pair.into_inner();
                let path = self.string(inner.next()?);
                let mut sheet = None;
                let mut key = None;
                for p in inner {
                    match p.as_rule() {
                        Rule::data_sheet => sheet = p.into_inner().next().map(|s| self.string(s)),
                        _ => key = Some(self.name(p)),
                    }
                }
                Item::Data { path, sheet, key }
            }
            Rule::attributes => Item::Attributes(self.name_list(first(pair))),
            Rule::scale_decl => Item::Scale(self.scale(first(pair))),
            Rule::weights_decl
            | Rule::levels_decl
            | Rule::score_clause
            | Rule::direction_clause
            | Rule::round_clause
            | Rule::missing_clause
            | Rule::aggregate_clause
            | Rule::relative_clause
            | Rule::decimals_clause
            | Rule::shown_clause
            | Rule::treat_clause
            | Rule::require_clause => return self.scoring_item(pair),
            Rule::quartiles_decl => Item::Quartiles(self.name(first(pair))),
            Rule::indicator_decl => Item::Indicator(self.indicator(first(pair), NodeKind::Base)),
            Rule::bonus_decl => Item::Indicator(self.indicator(first(pair), NodeKind::Bonus)),
            Rule::penalty_decl => Item::Indicator(self.indicator(first(pair), NodeKind::Penalty)),
            Rule::total_decl => {
                let mut inner = pair.into_inner();
                let name = self.name(inner.next()?);
                let mut max = None;
                let mut clauses = Vec::new();
                for p in inner {
                    match p.as_rule() {
                        Rule::number => max = Some(self.number(p)),
                        _ => clauses.extend(p.into_inner().filter_map(|c| self.clause(c))),
                    }
                }
                Item::Total { name, max, clauses }
            }
            Rule::group_decl => {
                let mut inner = pair.into_inner();
                let name = self.name(inner.next()?);
                let def_pair = inner.next()?;
                let def = match def_pair.as_rule() {
                    Rule::group_list => {
                        let (members, open) = self.group_list(def_pair);
                        GroupDef::List { members, open }
                    }
                    _ => GroupDef::Condition(self.condition(def_pair)),
                };
                Item::Group(GroupDecl { name, def })
            }
            Rule::tiers_decl => Item::Tiers(self.tiers(pair)?),
            Rule::sample_decl | Rule::methods_decl | Rule::rollup_decl => {
                return self.grouping(pair)
            }
            Rule::ratio_decl => Item::Ratio(self.ratio(pair)?),
            Rule::years_decl | Rule::blend_decl | Rule::measure_decl => {
                Item::Grouping(self.years_item(pair)?)
            }
            Rule::uncertainty_decl => return self.uncertainty(pair),
            Rule::report_decl => {
                let mut name = None;
                let mut title = None;
                let mut query = None;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::name => name = Some(self.name(p)),
                        Rule::string => title = Some(self.string(p)),
                        Rule::query => query = Some(self.query(p)),
                        _ => {}
                    }
                }
                Item::Report(ReportDecl {
                    name: name?,
                    title,
                    query: query?,
                })
            }
            Rule::add_change
            | Rule::remove_change
            | Rule::rename_change
            | Rule::move_change
            | Rule::set_change => Item::Change(Spanned::new(self.change(pair)?, span)),
            _ => {
                let _ = span;
                return None;
            }
        })
    }

    pub(crate) fn indicator(&mut self, pair: Pair<'_, Rule>, kind: NodeKind) -> IndicatorDecl {
        let mut decl = IndicatorDecl {
            kind,
            name: Spanned::new(String::new(), Span::default()),
            weight: Spanned::new(
                Weight {
                    value: Decimal::ZERO,
                    percent: false,
                    of: None,
                    unknown: false,
                    equal: false,
                },
                Span::default(),
            ),
            inferred: None,
            description: None,
            from: None,
            derived: None,
            clauses: Vec::new(),
            children: Vec::new(),
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => decl.name = self.name(p),
                Rule::weight => decl.weight = self.weight(p),
                Rule::provenance => {
                    let span: Span = p.as_span().into();
                    let why = p
                        .into_inner()
                        .next()
                        .map(|s| self.string(s).node)
                        .unwrap_or_default();
                    decl.inferred = Some(Spanned::new(why, span));
                }
                Rule::string => decl.description = Some(self.string(p)),
                Rule::block => {
                    for b in p.into_inner() {
                        match b.as_rule() {
                            Rule::from_clause => {
                                let expr = first(b);
                                let span: Span = expr.as_span().into();
                                match self.derived_expr(expr) {
                                    Some(crate::rules::Expr::Column(c)) => decl.from = Some(c),
                                    Some(e) => decl.derived = Some(Spanned::new(e, span)),
                                    None => {}
                                }
                            }
                            Rule::description_clause => {
                                decl.description = Some(self.string(first(b)))
                            }
                            Rule::nested_indicator => {
                                decl.children.push(self.indicator(first(b), kind))
                            }
                            Rule::ratio_decl => self.ratio_inside(b, &decl.name.node),
                            Rule::score_clause
                            | Rule::direction_clause
                            | Rule::round_clause
                            | Rule::missing_clause
                            | Rule::aggregate_clause
                            | Rule::relative_clause
                            | Rule::decimals_clause
                            | Rule::shown_clause
                            | Rule::treat_clause
                            | Rule::require_clause => {
                                if let Some(c) = self.clause(b) {
                                    decl.clauses.push(c);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        decl
    }

    pub(crate) fn name_list(&mut self, pair: Pair<'_, Rule>) -> Vec<Name> {
        pair.into_inner().map(|p| self.name(p)).collect()
    }

    pub(crate) fn name(&mut self, pair: Pair<'_, Rule>) -> Name {
        let span: Span = pair.as_span().into();
        let inner = first(pair);
        match inner.as_rule() {
            Rule::string => {
                let s = self.string(inner);
                Spanned::new(s.node, span)
            }
            _ => Spanned::new(inner.as_str().to_string(), span),
        }
    }

    pub(crate) fn string(&mut self, pair: Pair<'_, Rule>) -> Spanned<String> {
        let span: Span = pair.as_span().into();
        let text = pair
            .into_inner()
            .next()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default();
        Spanned::new(text, span)
    }

    /// A count (`top 10`, `top 十五`): a located error when it is malformed or beyond
    /// [`numeral::MAX_COUNT`].
    pub(crate) fn count(&mut self, pair: Pair<'_, Rule>) -> Spanned<usize> {
        let span: Span = pair.as_span().into();
        let text = pair.as_str();
        match numeral::count(text) {
            Ok(n) => Spanned::new(n, span),
            Err(e) => {
                let (message, label) = match e {
                    NumeralError::TooLarge => (
                        t!("syntax.e008_too_large", text = text),
                        t!("syntax.at_most", max = numeral::MAX_COUNT),
                    ),
                    NumeralError::Malformed => (
                        t!("syntax.e008_malformed", text = text),
                        t!("syntax.not_a_numeral"),
                    ),
                };
                self.errors.push(
                    Diag::error(codes::E008, message)
                        .in_source(self.source)
                        .label(span, label)
                        .help(t!("syntax.e008_help")),
                );
                Spanned::new(0, span)
            }
        }
    }

    pub(crate) fn number(&mut self, pair: Pair<'_, Rule>) -> Spanned<Decimal> {
        let span: Span = pair.as_span().into();
        match Decimal::from_str(pair.as_str()) {
            Ok(d) => Spanned::new(d, span),
            Err(_) => {
                self.errors.push(
                    Diag::error(codes::E004, t!("syntax.e004_number", text = pair.as_str()))
                        .in_source(self.source)
                        .label(span, t!("syntax.too_large_or_precise"))
                        .help(t!("syntax.e004_number_help")),
                );
                Spanned::new(Decimal::ZERO, span)
            }
        }
    }
}
