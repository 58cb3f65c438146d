//! Walking queries, conditions, groups and tiers.

use pest::iterators::Pair;

use super::ast::*;
use super::parser::{first, Rule, Walker};
use crate::codes;
use crate::diag::Diag;
use crate::source::{Span, Spanned};

impl Walker<'_> {
    pub(crate) fn query(&mut self, pair: Pair<'_, Rule>) -> Spanned<Query> {
        let span: Span = pair.as_span().into();
        let inner = first(pair);
        let rule = inner.as_rule();
        let q = match rule {
            Rule::top_query | Rule::bottom_query | Rule::rank_query | Rule::list_query => {
                let mut count = 0;
                let mut by = None;
                let mut tail = Box::<Tail>::default();
                for p in inner.into_inner() {
                    match p.as_rule() {
                        Rule::count | Rule::zh_top | Rule::zh_bottom => {
                            count = self.count_word(p).node
                        }
                        Rule::name => by = Some(self.name(p)),
                        _ => self.tail(p, &mut tail),
                    }
                }
                let kind = match rule {
                    Rule::top_query => RankKind::Top(count),
                    Rule::bottom_query => RankKind::Bottom(count),
                    Rule::rank_query => RankKind::All,
                    _ => RankKind::List,
                };
                Query::Rank(RankQuery { kind, by, tail })
            }
            Rule::rank_of_query | Rule::rank_of_zh => {
                let mut inner = inner.into_inner();
                let units = inner.next().map(|p| self.name_list(p)).unwrap_or_default();
                let by = inner.next().map(|p| self.name(p));
                Query::RankOf { units, by }
            }
            Rule::show_query => Query::Show(self.name(first(inner))),
            Rule::compare_query => Query::Compare(self.name_list(first(inner))),
            Rule::stat_query => self.stat_query(inner),
            Rule::weights_query => Query::Weights(inner.into_inner().next().map(|p| self.name(p))),
            Rule::count_query => {
                let mut by = empty_name();
                let mut tail = Box::<Tail>::default();
                for p in inner.into_inner() {
                    match p.as_rule() {
                        Rule::name => by = self.name(p),
                        _ => self.tail(p, &mut tail),
                    }
                }
                Query::Count { by, tail }
            }
            Rule::histogram_query => self.histogram_query(inner),
            Rule::corr_query => {
                let mut names = Vec::new();
                let mut p_values = false;
                let mut spearman = false;
                let mut tail = Box::<Tail>::default();
                for p in inner.into_inner() {
                    match p.as_rule() {
                        Rule::name_list => names = self.name_list(p),
                        Rule::with_p => p_values = true,
                        Rule::corr_spearman => spearman = true,
                        _ => self.tail(p, &mut tail),
                    }
                }
                Query::Corr {
                    names,
                    p_values,
                    spearman,
                    tail,
                }
            }
            Rule::outliers_query => Query::Outliers,
            Rule::coverage_query => {
                let mut below = None;
                let mut all = false;
                for p in inner.into_inner() {
                    match p.as_rule() {
                        Rule::coverage_all => all = true,
                        Rule::number => below = Some(self.number(p)),
                        _ => {}
                    }
                }
                Query::Coverage { below, all }
            }
            Rule::change_query | Rule::measure_query => match self.years_query(inner) {
                Some(y) => Query::Years(Box::new(y)),
                None => Query::Show(empty_name()),
            },
            _ => Query::Show(empty_name()),
        };
        Spanned::new(q, span)
    }

    /// `stats X`, `mean X by A …`.
    fn stat_query(&mut self, inner: Pair<'_, Rule>) -> Query {
        let mut func = StatFn::Stats;
        let mut names = Vec::new();
        let mut tail = Box::<Tail>::default();
        for p in inner.into_inner() {
            match p.as_rule() {
                Rule::stat_fn => {
                    func = match super::zh::canonical(p.as_str()) {
                        "mean" => StatFn::Mean,
                        "median" => StatFn::Median,
                        "min" => StatFn::Min,
                        "max" => StatFn::Max,
                        "sd" => StatFn::Sd,
                        "qd" => StatFn::Qd,
                        "range" => StatFn::Range,
                        _ => StatFn::Stats,
                    }
                }
                Rule::name => names.push(self.name(p)),
                _ => self.tail(p, &mut tail),
            }
        }
        let mut names = names.into_iter();
        let of = names.next().unwrap_or_else(empty_name);
        Query::Stat(StatQuery {
            func,
            of,
            by: names.next(),
            tail,
        })
    }

    /// `histogram X step S …`, `histogram X edges a, b …`.
    fn histogram_query(&mut self, inner: Pair<'_, Rule>) -> Query {
        let mut of = empty_name();
        let mut bins = Bins::Edges(Vec::new());
        let mut tail = Box::<Tail>::default();
        for p in inner.into_inner() {
            match p.as_rule() {
                Rule::name => of = self.name(p),
                Rule::step_clause => bins = Bins::Step(self.number(first(p))),
                Rule::edges_clause => {
                    bins = Bins::Edges(p.into_inner().map(|n| self.number(n)).collect())
                }
                _ => self.tail(p, &mut tail),
            }
        }
        Query::Histogram { of, bins, tail }
    }

    /// One clause of a query's tail. `in` and `where` accumulate; any other clause given a
    /// second time is an error (E305) at the second one.
    fn tail(&mut self, p: Pair<'_, Rule>, tail: &mut Tail) {
        let span: Span = p.as_span().into();
        let rule = p.as_rule();
        let given = match rule {
            Rule::per_clause => tail.per.is_some(),
            Rule::show_clause => !tail.show.is_empty(),
            Rule::sort_clause => !tail.sort.is_empty(),
            Rule::top_clause => tail.top.is_some(),
            Rule::quartiles_clause => tail.quartiles.is_some(),
            Rule::at_clause => tail.at.is_some(),
            _ => false,
        };
        if given {
            self.repeated(rule, span);
            return;
        }
        match rule {
            Rule::per_clause => tail.per = Some(self.name(first(p))),
            Rule::in_clause => tail.within.push(self.name(first(p))),
            Rule::show_clause => tail.show = self.name_list(first(p)),
            Rule::where_clause => tail.filter.push(self.condition(first(p))),
            Rule::at_clause => tail.at = Some(self.at(p)),
            Rule::sort_clause => {
                for key in p.into_inner() {
                    let mut inner = key.into_inner();
                    let Some(name) = inner.next().map(|n| self.name(n)) else {
                        continue;
                    };
                    let desc = inner
                        .next()
                        .is_none_or(|d| matches!(d.as_str(), "desc" | "降序"));
                    tail.sort.push((name, desc));
                }
            }
            Rule::top_clause => tail.top = Some(self.count_word(first(p))),
            Rule::quartiles_clause => tail.quartiles = Some(self.name(first(p))),
            _ => {}
        }
    }

    /// A count as written: `10`, `ten`, `十` after `top`, or the count inside `前十`, `后10`.
    fn count_word(&mut self, p: Pair<'_, Rule>) -> Spanned<usize> {
        match p.as_rule() {
            Rule::zh_top | Rule::zh_bottom => self.count(first(p)),
            _ => self.count(p),
        }
    }

    fn repeated(&mut self, rule: Rule, span: Span) {
        let (word, example) = match rule {
            Rule::per_clause => ("per", "per 区域"),
            Rule::show_clause => ("show", "show 总分, 得分率"),
            Rule::sort_clause => ("sort", "sort 行政级别, 总分 desc"),
            Rule::top_clause => ("top", "top 10"),
            _ => ("quartiles", "quartiles inc"),
        };
        self.errors.push(
            Diag::error(codes::E305, t!("syntax.e305", word = word))
                .in_source(self.source)
                .label(span, t!("syntax.given_again"))
                .help(t!("syntax.e305_help", word = word, example = example)),
        );
    }

    pub(crate) fn condition(&mut self, pair: Pair<'_, Rule>) -> Condition {
        let mut first_cmp = None;
        let mut rest = Vec::new();
        let mut logic = Logic::And;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::comparison => {
                    let c = self.comparison(first(p));
                    if first_cmp.is_none() {
                        first_cmp = Some(c);
                    } else {
                        rest.push((logic, c));
                    }
                }
                Rule::and_or => {
                    logic = match p.as_str() {
                        "or" | "或" => Logic::Or,
                        _ => Logic::And,
                    }
                }
                _ => {}
            }
        }
        Condition {
            first: first_cmp.unwrap_or_else(|| Comparison::In {
                left: empty_name(),
                negated: false,
                values: Vec::new(),
            }),
            rest,
        }
    }

    pub(crate) fn comparison(&mut self, pair: Pair<'_, Rule>) -> Comparison {
        let rule = pair.as_rule();
        let mut left = empty_name();
        let mut op = CmpOp::Eq;
        let mut negated = false;
        let mut values = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => left = self.name(p),
                Rule::not_kw => negated = true,
                Rule::cmp_op => op = cmp_op(p.as_str()),
                Rule::value => values.push(self.value(p)),
                _ => {}
            }
        }
        if rule == Rule::in_test {
            Comparison::In {
                left,
                negated,
                values,
            }
        } else {
            let right = values
                .into_iter()
                .next()
                .unwrap_or_else(|| Spanned::new(Value::Name(String::new()), Span::default()));
            Comparison::Cmp { left, op, right }
        }
    }

    fn value(&mut self, p: Pair<'_, Rule>) -> Spanned<Value> {
        let span: Span = p.as_span().into();
        let v = first(p);
        match v.as_rule() {
            Rule::number => Spanned::new(Value::Number(self.number(v).node), span),
            _ => Spanned::new(Value::Name(self.name(v).node), span),
        }
    }

    pub(crate) fn group_list(&mut self, pair: Pair<'_, Rule>) -> (Vec<Name>, bool) {
        let mut members = Vec::new();
        let mut open = false;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => members.push(self.name(p)),
                _ => open = true,
            }
        }
        (members, open)
    }

    pub(crate) fn tiers(&mut self, pair: Pair<'_, Rule>) -> Option<TiersDecl> {
        let mut inner = pair.into_inner();
        let name = self.name(inner.next()?);
        let rule_pair = inner.next()?;
        let kind = rule_pair.as_rule();
        let mut of = None;
        let mut shares = Vec::new();
        let mut scores = Vec::new();
        let mut ranks = Vec::new();
        let mut lists = Vec::new();
        for p in rule_pair.into_inner() {
            match p.as_rule() {
                Rule::of_clause => of = Some(self.name(first(p))),
                Rule::share_item => {
                    let mut i = p.into_inner();
                    let n = self.name(i.next()?);
                    let v = self.number(i.next()?);
                    shares.push((n, v));
                }
                Rule::score_item => {
                    let mut i = p.into_inner();
                    let n = self.name(i.next()?);
                    let v = i.next().map(|x| self.number(x));
                    scores.push((n, v));
                }
                Rule::rank_item => {
                    let mut i = p.into_inner();
                    let n = self.name(i.next()?);
                    let from = self.integer(i.next()?);
                    let to = i.next().map(|x| self.integer(x));
                    ranks.push((n, from, to));
                }
                Rule::list_item => {
                    let mut i = p.into_inner();
                    let n = self.name(i.next()?);
                    let (members, open) = self.group_list(i.next()?);
                    lists.push((n, members, open));
                }
                _ => {}
            }
        }
        let rule = match kind {
            Rule::tiers_share => TierRule::Share(shares),
            Rule::tiers_score => TierRule::Score(scores),
            Rule::tiers_rank => TierRule::Rank(ranks),
            _ => TierRule::List(lists),
        };
        Some(TiersDecl { name, of, rule })
    }

    fn integer(&mut self, p: Pair<'_, Rule>) -> Spanned<u64> {
        let span: Span = p.as_span().into();
        Spanned::new(p.as_str().parse().unwrap_or(u64::MAX), span)
    }
}

/// A comparison operator as written (ASCII or full-width).
pub(crate) fn cmp_op(text: &str) -> CmpOp {
    match text {
        ">=" | "＞＝" | "≥" => CmpOp::Ge,
        "<=" | "＜＝" | "≤" => CmpOp::Le,
        "!=" | "≠" | "！＝" => CmpOp::Ne,
        ">" | "＞" => CmpOp::Gt,
        "<" | "＜" => CmpOp::Lt,
        _ => CmpOp::Eq,
    }
}

fn empty_name() -> Name {
    Spanned::new(String::new(), Span::default())
}
