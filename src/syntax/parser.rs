//! pest parse tree → [`ast`](super::ast). The grammar guarantees the shape of each pair, so the
//! walkers below only read what the rule they are given must contain.
// Not yet free of panicking operations (issue 8): remove this line once the file is.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::str::FromStr;

use pest::iterators::Pair;
use pest::Parser as _;
use rust_decimal::Decimal;

use super::ast::*;
use crate::codes;
use crate::diag::Diag;
use crate::source::{Source, Span, Spanned};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/cix.pest"]
pub(crate) struct CixParser;

/// Parse a spec file.
pub fn parse_spec(source: &Source) -> Result<Spec, Diag> {
    pest::set_error_detail(true);
    let mut pairs = CixParser::parse(Rule::spec, source.text())
        .map_err(|e| syntax_error(source, e, codes::E001))?;
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

/// Parse one query (a REPL line, `cix query`, or the right side of a `report`).
pub fn parse_query(source: &Source) -> Result<Spanned<Query>, Diag> {
    pest::set_error_detail(true);
    let mut pairs = CixParser::parse(Rule::query_line, source.text())
        .map_err(|e| syntax_error(source, e, codes::E002))?;
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
    query.ok_or_else(|| Diag::error(codes::E002, "empty query").in_source(source))
}

pub(crate) fn first(pair: Pair<'_, Rule>) -> Pair<'_, Rule> {
    // Every caller passes a rule whose grammar has at least one inner pair.
    pair.into_inner()
        .next()
        .expect("grammar guarantees an inner pair")
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
                            Diag::error(codes::E004, "the edition year is too large")
                                .in_source(self.source)
                                .label(year_span, "not a year")
                                .help(
                                    "write the year as four digits, e.g. `edition 2015 \"第五届\"`",
                                ),
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
                let key = inner.next().map(|p| self.name(p));
                Item::Data { path, key }
            }
            Rule::attributes => Item::Attributes(self.name_list(first(pair))),
            Rule::scale_decl => Item::Scale(self.scale(first(pair))),
            Rule::weights_decl
            | Rule::levels_decl
            | Rule::score_clause
            | Rule::direction_clause
            | Rule::round_clause
            | Rule::missing_clause
            | Rule::aggregate_clause => return self.scoring_item(pair),
            Rule::quartiles_decl => Item::Quartiles(self.name(first(pair))),
            Rule::indicator_decl => Item::Indicator(self.indicator(first(pair), NodeKind::Base)),
            Rule::bonus_decl => Item::Indicator(self.indicator(first(pair), NodeKind::Bonus)),
            Rule::penalty_decl => Item::Indicator(self.indicator(first(pair), NodeKind::Penalty)),
            Rule::total_decl => {
                let mut inner = pair.into_inner();
                let name = self.name(inner.next()?);
                let max = inner.next().map(|p| self.number(p));
                Item::Total { name, max }
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
                },
                Span::default(),
            ),
            inferred: None,
            description: None,
            from: None,
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
                            Rule::from_clause => decl.from = Some(self.name(first(b))),
                            Rule::description_clause => {
                                decl.description = Some(self.string(first(b)))
                            }
                            Rule::nested_indicator => {
                                decl.children.push(self.indicator(first(b), kind))
                            }
                            Rule::score_clause
                            | Rule::direction_clause
                            | Rule::round_clause
                            | Rule::missing_clause
                            | Rule::aggregate_clause => {
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

    pub(crate) fn number(&mut self, pair: Pair<'_, Rule>) -> Spanned<Decimal> {
        let span: Span = pair.as_span().into();
        match Decimal::from_str(pair.as_str()) {
            Ok(d) => Spanned::new(d, span),
            Err(_) => {
                self.errors.push(
                    Diag::error(
                        codes::E004,
                        format!("`{}` is not a number cix can hold", pair.as_str()),
                    )
                    .in_source(self.source)
                    .label(span, "too large or too precise")
                    .help("numbers may have at most 28 significant digits"),
                );
                Spanned::new(Decimal::ZERO, span)
            }
        }
    }
}

/// Turn a pest error into a located diagnostic in the user's words.
fn syntax_error(source: &Source, err: pest::error::Error<Rule>, code: crate::codes::Code) -> Diag {
    use pest::error::{ErrorVariant, InputLocation};
    let mut pos = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let mut expected = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => describe_expected(positives),
        ErrorVariant::CustomError { message } => message.clone(),
    };
    // pest tracks rules only; the detailed attempts also know the keywords and punctuation
    // expected at the furthest position reached (e.g. `by` in `top 10 总分`).
    if let Some(attempts) = err.parse_attempts() {
        if attempts.max_position >= pos {
            let mut words: Vec<String> = attempts
                .call_stacks()
                .iter()
                .filter_map(|s| s.deepest.get_rule().map(|r| rule_words(*r).to_string()))
                .filter(|w| w != "something else")
                .collect();
            words.extend(
                attempts
                    .expected_tokens()
                    .iter()
                    .map(|t| t.to_string())
                    .filter(|t| {
                        t.chars().all(|c| c.is_ascii_alphabetic())
                            || matches!(
                                t.as_str(),
                                "," | ":" | "=" | "[" | "]" | "{" | "}" | "%" | "->"
                            )
                    })
                    .map(|t| format!("`{t}`")),
            );
            words.sort();
            words.dedup();
            // A specific expectation beats the generic one.
            if words.len() > 1 {
                words.retain(|w| w != "a query such as `top 10 by 总分`");
            }
            if words.iter().any(|w| w == "a name") {
                words.retain(|w| w != "a quoted string" && w != "a list of names");
            }
            if !words.is_empty() {
                pos = attempts.max_position;
                expected = join_or(words);
            }
        }
    }
    let text = source.text();
    let found = found_at(text, pos);
    let span = match &found {
        Some((_, len)) => Span::new(pos, pos + len),
        // At the end: point at the last character, so the snippet shows where it stopped.
        None => {
            let last = text.trim_end().char_indices().last().map_or(0, |(i, _)| i);
            Span::new(last, text.trim_end().len())
        }
    };
    let found_desc = match &found {
        Some((f, _)) => f.clone(),
        None => "the end of the input".to_string(),
    };
    let what = if code == codes::E002 { "query" } else { "spec" };
    let message = match &found {
        Some(_) => format!("unexpected {found_desc} in the {what}"),
        None => format!("the {what} ends too early"),
    };
    let mut diag = Diag::error(code, message)
        .in_source(source)
        .label(span, format!("expected {expected}"));
    if let Some((f, _)) = &found {
        if let Some(ascii) = fullwidth_hint(f.trim_matches('`')) {
            diag = diag.help(ascii);
        }
    }
    if diag.help.is_none() {
        diag = diag.help(match code {
            c if c == codes::E002 => {
                "see `:help` in the REPL or docs/language.md for the query forms".to_string()
            }
            _ => "see docs/language.md for the spec syntax".to_string(),
        });
    }
    diag
}

fn fullwidth_hint(found: &str) -> Option<String> {
    let c = found.chars().next()?;
    let known = ['。', '‘', '’', '《', '》', '？', '～'];
    known.contains(&c).then(|| {
        format!("`{c}` is not part of the language; replace it with its ASCII form or remove it")
    })
}

/// The token at `pos` and its length in bytes: a word, a single punctuation character, the end
/// of a line, or none at the end of the input.
fn found_at(text: &str, pos: usize) -> Option<(String, usize)> {
    let rest = text.get(pos..)?;
    let c = rest.chars().next()?;
    if c.is_alphanumeric() || c == '_' {
        let word: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
            .collect();
        let len = word.len();
        Some((format!("`{word}`"), len))
    } else if c == '\n' || c == '\r' {
        Some(("the end of the line".to_string(), 0))
    } else {
        Some((format!("`{c}`"), c.len_utf8()))
    }
}

fn join_or(mut names: Vec<String>) -> String {
    match names.len() {
        0 => "something else".to_string(),
        1 => names.remove(0),
        _ => {
            let last = names.pop().unwrap_or_default();
            format!("{} or {}", names.join(", "), last)
        }
    }
}

fn describe_expected(rules: &[Rule]) -> String {
    let mut names: Vec<&str> = rules.iter().map(|r| rule_words(*r)).collect();
    names.sort_unstable();
    names.dedup();
    match names.len() {
        0 => "something else".to_string(),
        1 => names[0].to_string(),
        _ => {
            let last = names.pop().unwrap_or_default();
            format!("{} or {}", names.join(", "), last)
        }
    }
}

/// The user's words for a grammar rule.
fn rule_words(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "the end of the input",
        Rule::name | Rule::bare_name => "a name",
        Rule::string | Rule::str_ascii | Rule::str_cjk | Rule::str_corner => "a quoted string",
        Rule::number | Rule::weight => "a number",
        Rule::integer | Rule::count | Rule::number_word => "a whole number",
        Rule::percent => "`%`",
        Rule::extends => "`extends`",
        Rule::index => "`index \"NAME\" { … }`",
        Rule::edition => "`edition`",
        Rule::data_decl => "`data`",
        Rule::attributes => "`attributes`",
        Rule::scale_decl => "`scale`",
        Rule::quartiles_decl => "`quartiles`",
        Rule::indicator_decl | Rule::nested_indicator | Rule::indicator_body => "an indicator",
        Rule::bonus_decl => "`bonus`",
        Rule::penalty_decl => "`penalty`",
        Rule::total_decl => "`total`",
        Rule::group_decl => "`group`",
        Rule::tiers_decl => "`tiers`",
        Rule::report_decl => "`report`",
        Rule::provenance => "`inferred`",
        Rule::block => "`{`",
        Rule::from_clause => "`from`",
        Rule::description_clause => "`description`",
        Rule::group_list => "a list `[…]`",
        Rule::ellipsis => "`…`",
        Rule::tiers_share | Rule::tiers_score | Rule::tiers_rank => {
            "`by share`, `by score` or `by rank`"
        }
        Rule::tiers_list => "`= [TIER: […], …]`",
        Rule::share_item => "a tier share like `领军 16%`",
        Rule::score_item => "a tier threshold like `优秀 >= 80`",
        Rule::rank_item => "a rank band like `第一档 1-30`",
        Rule::list_item => "a tier list like `第一梯队: [北京, 上海]`",
        Rule::of_clause => "`of`",
        Rule::query
        | Rule::top_query
        | Rule::bottom_query
        | Rule::rank_query
        | Rule::rank_of_query
        | Rule::show_query
        | Rule::compare_query
        | Rule::stat_query
        | Rule::count_query
        | Rule::histogram_query
        | Rule::corr_query
        | Rule::list_query => "a query such as `top 10 by 总分`",
        Rule::stat_fn => "a statistic (`mean`, `stats`, …)",
        Rule::step_clause => "`step`",
        Rule::edges_clause => "`edges`",
        Rule::with_p => "`with p`",
        Rule::per_clause => "`per`",
        Rule::in_clause => "`in`",
        Rule::show_clause => "`show`",
        Rule::sort_clause => "`sort`",
        Rule::direction => "`asc` or `desc`",
        Rule::top_clause => "`top`",
        Rule::quartiles_clause => "`quartiles`",
        Rule::where_clause => "`where`",
        Rule::condition | Rule::comparison | Rule::in_test | Rule::cmp_test => "a condition",
        Rule::not_kw => "`not`",
        Rule::and_or => "`and` or `or`",
        Rule::cmp_op => "a comparison like `=` or `>=`",
        Rule::value => "a value",
        Rule::name_list => "a list of names",
        Rule::keyword => "a keyword",
        Rule::add_change => "`add NAME POINTS to PARENT`",
        Rule::remove_change => "`remove NAME`",
        Rule::rename_change => "`rename OLD -> NEW`",
        Rule::move_change => "`move NAME to PARENT`",
        Rule::set_change => "`set NAME …`",
        Rule::reason => "`because \"…\"`",
        other => super::scoring::rule_words(other),
    }
}
