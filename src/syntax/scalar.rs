//! Scalar queries (one number: `mean 总分 in 华南`, `share where 总分 >= 60`, arithmetic on
//! them) and claims (`S008 "…": mean 总分 = 40.05`): their typed tree and the walkers that build
//! it. The grammar's block "scalar queries and claims" holds the rules.

use pest::iterators::Pair;
use rust_decimal::Decimal;

use super::ast::{CmpOp, Condition, Logic, Name, Query};
use super::parser::{first, Rule, Walker};
use crate::codes;
use crate::diag::Diag;
use crate::source::{Source, Span, Spanned};

pub use super::claims::{parse_check, parse_claims, Claim, ClaimOp, Stated};

/// A scalar statistic of one indicator over units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarFn {
    Mean,
    Median,
    Min,
    Max,
    Sum,
    Sd,
    Qd,
    Range,
    /// The mean ÷ the indicator's maximum (a ratio, printed as a percentage).
    Rate,
}

impl ScalarFn {
    pub fn word(self) -> &'static str {
        match self {
            ScalarFn::Mean => "mean",
            ScalarFn::Median => "median",
            ScalarFn::Min => "min",
            ScalarFn::Max => "max",
            ScalarFn::Sum => "sum",
            ScalarFn::Sd => "sd",
            ScalarFn::Qd => "qd",
            ScalarFn::Range => "range",
            ScalarFn::Rate => "rate",
        }
    }

    fn from_word(w: &str) -> ScalarFn {
        match super::zh::canonical(w) {
            "median" => ScalarFn::Median,
            "min" => ScalarFn::Min,
            "max" => ScalarFn::Max,
            "sum" => ScalarFn::Sum,
            "sd" => ScalarFn::Sd,
            "qd" => ScalarFn::Qd,
            "range" => ScalarFn::Range,
            "rate" => ScalarFn::Rate,
            _ => ScalarFn::Mean,
        }
    }
}

/// A test of a group's statistic, in `count ATTRIBUTE where mean 总分 < 40.05`.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupTest {
    pub func: ScalarFn,
    pub of: Name,
    pub op: CmpOp,
    pub value: Spanned<Decimal>,
}

/// Group tests joined by `and`/`or` (`and` binds tighter).
#[derive(Clone, Debug, PartialEq)]
pub struct GroupCondition {
    pub first: GroupTest,
    pub rest: Vec<(Logic, GroupTest)>,
}

/// The units a scalar works on: every group named by `in`, every unit `where`; and for a count
/// over groups, the tests on each group.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ScalarScope {
    pub within: Vec<Name>,
    pub filter: Vec<Condition>,
    pub groups: Vec<GroupCondition>,
}

/// What `count` counts.
#[derive(Clone, Debug, PartialEq)]
pub enum CountOf {
    /// `count [in G] [where …]`: units.
    Units,
    /// `count 省份 …`: the groups (values) of an attribute.
    Groups(Name),
    /// `count level 2`: the spec's indicators at a level (1: primaries and top-level items).
    Level(Spanned<u64>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// A scalar query as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    Number(Decimal),
    Stat {
        func: ScalarFn,
        of: Name,
        scope: ScalarScope,
    },
    Count {
        of: CountOf,
        scope: ScalarScope,
    },
    Share(ScalarScope),
    Weight(Name),
    /// `总分 of 杭州`
    ValueOf {
        of: Name,
        unit: Name,
    },
    RankOf {
        unit: Name,
        by: Option<Name>,
        scope: ScalarScope,
    },
    Corr {
        a: Name,
        b: Name,
        scope: ScalarScope,
    },
    Arith {
        op: ArithOp,
        left: Box<Spanned<Scalar>>,
        right: Box<Spanned<Scalar>>,
    },
    /// `round(EXPR, K)`: half up to K decimals.
    Round {
        expr: Box<Spanned<Scalar>>,
        digits: Spanned<u32>,
    },
}

/// Parse a scalar query (`cix query` and the REPL try it when a line is no table query).
pub fn parse_scalar(source: &Source) -> Result<Spanned<Query>, Diag> {
    let mut pairs = super::parser::parse(source, Rule::scalar_line, codes::E002)?;
    let mut walker = Walker {
        source,
        errors: Vec::new(),
    };
    let line = pairs.next().map(|p| p.into_inner());
    let mut query = None;
    for pair in line.into_iter().flatten() {
        if pair.as_rule() == Rule::scalar {
            let s = walker.scalar(pair);
            let span = s.span;
            query = Some(Spanned::new(Query::Scalar(Box::new(s)), span));
        }
    }
    walker.finish(query)
}

/// Of a line's two readings that failed, the error to show: the scalar reading's when it
/// parsed (and found another problem), when the line starts with a word only scalars use, or
/// when it got further than a table reading that failed after its first word.
pub(crate) fn better(table: Diag, scalar: Diag) -> Diag {
    let at = |d: &Diag| d.labels.first().map_or(0, |(s, _)| s.start);
    let text = table.source.as_ref().map_or("", |s| s.text()).trim_start();
    // The table grammar read the line; its walker found the error (a count too large).
    if table.code != codes::E002 && scalar.code == codes::E002 {
        return table;
    }
    let words = ["rate", "sum", "share", "weight", "round", "(", "（"];
    let zh = ["rate", "sum", "share", "weight", "round"]
        .into_iter()
        .flat_map(super::zh::aliases_of);
    let scalar_start = words.into_iter().chain(zh).any(|w| text.starts_with(w))
        || text.starts_with(|c: char| c.is_ascii_digit() || c == '-');
    if scalar.code != codes::E002 || scalar_start || (at(&table) > 0 && at(&scalar) > at(&table)) {
        scalar
    } else {
        table
    }
}

/// The most arithmetic operators one scalar expression may hold (far beyond any claim a report
/// states; a sum over many groups is a statistic by a partition, not a long expression).
pub const MAX_OPERATORS: usize = 256;

impl Walker<'_> {
    pub(crate) fn finish<T>(self, value: Option<T>) -> Result<T, Diag> {
        if let Some(e) = self.errors.into_iter().next() {
            return Err(e);
        }
        value.ok_or_else(|| {
            Diag::error(codes::E002, t!("syntax.empty_query")).in_source(self.source)
        })
    }

    pub(crate) fn scalar(&mut self, pair: Pair<'_, Rule>) -> Spanned<Scalar> {
        // scalar = term (add_op term)*; scalar_term = factor (mul_op factor)*: left-associative.
        let span: Span = pair.as_span().into();
        // Each operator nests the tree one level deeper, and every later stage walks it
        // recursively: a bounded number keeps any input from exhausting the stack. (Checked
        // before walking, so only an expression within the bound is counted again below.)
        let ops = pair
            .clone()
            .into_inner()
            .flatten()
            .filter(|p| matches!(p.as_rule(), Rule::add_op | Rule::mul_op))
            .count();
        if ops > MAX_OPERATORS {
            self.errors.push(
                Diag::error(
                    codes::E007,
                    t!("syntax.e007_operators", max = MAX_OPERATORS),
                )
                .in_source(self.source)
                .label(span, t!("syntax.e007_operators_label", count = ops))
                .help(t!("syntax.e007_operators_help")),
            );
            return Spanned::new(Scalar::Number(Decimal::ZERO), span);
        }
        let mut inner = pair.into_inner();
        let Some(head) = inner.next() else {
            return Spanned::new(Scalar::Number(Decimal::ZERO), span);
        };
        let mut acc = match head.as_rule() {
            Rule::scalar_term => self.scalar(head),
            _ => self.scalar_factor(head),
        };
        while let (Some(op), Some(rhs)) = (inner.next(), inner.next()) {
            let op = match op.as_str() {
                "+" | "＋" => ArithOp::Add,
                "-" | "－" => ArithOp::Sub,
                "*" | "×" | "＊" => ArithOp::Mul,
                _ => ArithOp::Div,
            };
            let right = match rhs.as_rule() {
                Rule::scalar_term => self.scalar(rhs),
                _ => self.scalar_factor(rhs),
            };
            let joined = Span::new(acc.span.start, right.span.end);
            acc = Spanned::new(
                Scalar::Arith {
                    op,
                    left: Box::new(acc),
                    right: Box::new(right),
                },
                joined,
            );
        }
        acc
    }

    fn scalar_factor(&mut self, pair: Pair<'_, Rule>) -> Spanned<Scalar> {
        let span: Span = pair.as_span().into();
        let inner = first(pair);
        match inner.as_rule() {
            Rule::scalar => self.scalar(inner),
            Rule::number => Spanned::new(Scalar::Number(self.number(inner).node), span),
            Rule::round_call => {
                let mut parts = inner.into_inner();
                let expr = parts.next().map(|p| self.scalar(p));
                let digits = parts.next().map(|p| {
                    let s: Span = p.as_span().into();
                    Spanned::new(p.as_str().parse::<u32>().unwrap_or(u32::MAX), s)
                });
                match (expr, digits) {
                    (Some(e), Some(d)) => {
                        if d.node > 28 {
                            self.errors.push(
                                Diag::error(codes::E310, t!("syntax.round_28"))
                                    .in_source(self.source)
                                    .label(d.span, t!("syntax.too_many_decimals"))
                                    .help(t!("syntax.round_28_help")),
                            );
                        }
                        Spanned::new(
                            Scalar::Round {
                                expr: Box::new(e),
                                digits: d,
                            },
                            span,
                        )
                    }
                    _ => Spanned::new(Scalar::Number(Decimal::ZERO), span),
                }
            }
            _ => Spanned::new(self.atom(first(inner)), span),
        }
    }

    fn atom(&mut self, pair: Pair<'_, Rule>) -> Scalar {
        let rule = pair.as_rule();
        let mut func = ScalarFn::Mean;
        let mut names: Vec<Name> = Vec::new();
        let mut level = None;
        let mut scope = ScalarScope::default();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::scalar_fn => func = ScalarFn::from_word(p.as_str()),
                Rule::name => names.push(self.name(p)),
                Rule::level_clause => {
                    let i = first(p);
                    let s: Span = i.as_span().into();
                    level = Some(Spanned::new(i.as_str().parse().unwrap_or(u64::MAX), s));
                }
                Rule::in_clause => scope.within.push(self.name(first(p))),
                Rule::scalar_where => self.scalar_where(p, &mut scope),
                _ => {}
            }
        }
        let mut names = names.into_iter();
        let mut next = || names.next().unwrap_or_else(empty_name);
        match rule {
            Rule::stat_atom => Scalar::Stat {
                func,
                of: next(),
                scope,
            },
            Rule::count_atom => {
                let of = match level {
                    Some(l) => CountOf::Level(l),
                    None => count_of(next()),
                };
                Scalar::Count { of, scope }
            }
            Rule::share_atom => Scalar::Share(scope),
            Rule::weight_atom => Scalar::Weight(next()),
            Rule::rank_atom | Rule::rank_atom_zh => {
                let unit = next();
                let by = Some(next()).filter(|n| !n.node.is_empty());
                Scalar::RankOf { unit, by, scope }
            }
            Rule::corr_atom => {
                let a = next();
                Scalar::Corr {
                    a,
                    b: next(),
                    scope,
                }
            }
            // `杭州 的 总分`: the unit first.
            Rule::value_of_zh => {
                let unit = next();
                Scalar::ValueOf { of: next(), unit }
            }
            _ => {
                let of = next();
                Scalar::ValueOf { of, unit: next() }
            }
        }
    }

    /// One `where` of a scalar: unit tests become a condition, group tests a group condition;
    /// mixing both in one `where` is an error (E311).
    fn scalar_where(&mut self, pair: Pair<'_, Rule>, scope: &mut ScalarScope) {
        let span: Span = pair.as_span().into();
        let mut units: Vec<(Logic, super::ast::Comparison)> = Vec::new();
        let mut groups: Vec<(Logic, GroupTest)> = Vec::new();
        let mut logic = Logic::And;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::and_or => {
                    logic = match p.as_str() {
                        "or" | "或" => Logic::Or,
                        _ => Logic::And,
                    }
                }
                Rule::scalar_test => {
                    let t = first(p);
                    if t.as_rule() == Rule::group_test {
                        groups.push((logic, self.group_test(t)));
                    } else {
                        units.push((logic, self.comparison(first(t))));
                    }
                }
                _ => {}
            }
        }
        if !units.is_empty() && !groups.is_empty() {
            self.errors.push(
                Diag::error(codes::E311, t!("syntax.where_mixed"))
                    .in_source(self.source)
                    .label(span, t!("syntax.where_mixed_label"))
                    .help(t!("syntax.where_mixed_help")),
            );
            return;
        }
        let mut units = units.into_iter();
        if let Some((_, first)) = units.next() {
            scope.filter.push(Condition {
                first,
                rest: units.collect(),
            });
        }
        let mut groups = groups.into_iter();
        if let Some((_, first)) = groups.next() {
            scope.groups.push(GroupCondition {
                first,
                rest: groups.collect(),
            });
        }
    }

    fn group_test(&mut self, pair: Pair<'_, Rule>) -> GroupTest {
        let mut t = GroupTest {
            func: ScalarFn::Mean,
            of: empty_name(),
            op: CmpOp::Eq,
            value: Spanned::new(Decimal::ZERO, Span::default()),
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::scalar_fn => t.func = ScalarFn::from_word(p.as_str()),
                Rule::name => t.of = self.name(p),
                Rule::cmp_op => t.op = super::query::cmp_op(p.as_str()),
                Rule::number => t.value = self.number(p),
                _ => {}
            }
        }
        t
    }
}

/// `count 省份` names an attribute; `count` alone counts units.
fn count_of(n: Name) -> CountOf {
    if n.node.is_empty() {
        CountOf::Units
    } else {
        CountOf::Groups(n)
    }
}

fn empty_name() -> Name {
    Spanned::new(String::new(), Span::default())
}
