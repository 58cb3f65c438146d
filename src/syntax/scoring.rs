//! Walkers for the scoring section of the grammar (language chapter 3): scoring clauses, weights
//! (percent, unknown), `weights`, `scale` and `levels` declarations.

use pest::iterators::Pair;
use rust_decimal::Decimal;

use super::ast::{Clause, CmpOp, Item, ScaleDecl, Weight, WeightsDecl};
use super::parser::{first, Rule, Walker};
use crate::codes;
use crate::diag::Diag;
use crate::rules::{
    Aggregate, Direction, Method, PercentOf, RoundMode, Rounding, RubricStep, ScoreRule, StepWhen,
};
use crate::source::{Span, Spanned};

impl Walker<'_> {
    /// An index-level item of the scoring section.
    pub(crate) fn scoring_item(&mut self, pair: Pair<'_, Rule>) -> Option<Item> {
        let span: Span = pair.as_span().into();
        match pair.as_rule() {
            Rule::weights_decl => {
                let inner = first(pair);
                let decl = match inner.as_rule() {
                    Rule::weights_percent => WeightsDecl::Percent(percent_of(first(inner))),
                    _ => WeightsDecl::UnknownEqual(
                        inner.into_inner().next().map(|s| self.string(s).node),
                    ),
                };
                Some(Item::Weights(Spanned::new(decl, span)))
            }
            Rule::levels_decl => {
                let mut counts = Vec::new();
                let mut note = None;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::integer => {
                            let s: Span = p.as_span().into();
                            let n = self.level_count(&p);
                            counts.push(Spanned::new(n, s));
                        }
                        _ => note = Some(self.string(p)),
                    }
                }
                Some(Item::Levels { counts, note })
            }
            _ => self.clause(pair).map(Item::Clause),
        }
    }

    fn level_count(&mut self, p: &Pair<'_, Rule>) -> u32 {
        p.as_str().parse::<u32>().unwrap_or_else(|_| {
            self.errors.push(
                Diag::error(
                    codes::E004,
                    t!("syntax.count_too_large", count = p.as_str()),
                )
                .in_source(self.source)
                .label(p.as_span().into(), t!("syntax.too_large"))
                .help(t!("syntax.count_too_large_help")),
            );
            0
        })
    }

    pub(crate) fn scale(&mut self, pair: Pair<'_, Rule>) -> Spanned<ScaleDecl> {
        let span: Span = pair.as_span().into();
        match pair.as_rule() {
            Rule::scale_range => {
                let mut inner = pair.into_inner();
                let lo = inner
                    .next()
                    .map(|p| self.number(p).node)
                    .unwrap_or_default();
                let hi = inner
                    .next()
                    .map(|p| self.number(p).node)
                    .unwrap_or_default();
                Spanned::new(ScaleDecl::Range(lo, hi), span)
            }
            _ => Spanned::new(ScaleDecl::Name(self.name(pair).node), span),
        }
    }

    pub(crate) fn weight(&mut self, pair: Pair<'_, Rule>) -> Spanned<Weight> {
        let span: Span = pair.as_span().into();
        let mut w = Weight {
            value: Decimal::ZERO,
            percent: false,
            of: None,
            unknown: false,
            equal: false,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::number => w.value = self.number(p).node,
                Rule::percent => w.percent = true,
                Rule::percent_of => w.of = Some(percent_of(p)),
                Rule::unknown_weight => w.unknown = true,
                Rule::equal_weight => w.equal = true,
                _ => {}
            }
        }
        Spanned::new(w, span)
    }

    /// A scoring clause (`score`, `direction`, `round`, `missing`, `aggregate`).
    pub(crate) fn clause(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<Clause>> {
        let span: Span = pair.as_span().into();
        let clause = match pair.as_rule() {
            Rule::score_clause => {
                let mut log = false;
                let mut method = Method::Given;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::log_flag => log = true,
                        _ => method = self.method(p),
                    }
                }
                Clause::Score(ScoreRule { log, method })
            }
            Rule::direction_clause => Clause::Direction(match first(pair).as_str() {
                "lower" | "逆向" => Direction::Lower,
                _ => Direction::Higher,
            }),
            Rule::round_clause => {
                let mut inner = pair.into_inner();
                let digits_pair = inner.next()?;
                let digits = match digits_pair.as_str().parse::<u32>() {
                    Ok(d) if d <= 20 => d,
                    _ => {
                        self.errors.push(
                            Diag::error(
                                codes::E401,
                                t!("syntax.round_digits", digits = digits_pair.as_str()),
                            )
                            .in_source(self.source)
                            .label(digits_pair.as_span().into(), t!("syntax.at_most_20"))
                            .help(t!("syntax.round_digits_help")),
                        );
                        0
                    }
                };
                let mode = match inner.next().map(|p| p.as_str().to_string()).as_deref() {
                    Some("half-even") => RoundMode::HalfEven,
                    Some("down") => RoundMode::Down,
                    Some("up") => RoundMode::Up,
                    _ => RoundMode::HalfUp,
                };
                Clause::Round(Rounding { digits, mode })
            }
            Rule::missing_clause => {
                let inner = first(pair);
                match inner.as_rule() {
                    Rule::missing_last => self.last_known(inner, span),
                    _ => Clause::Missing(self.missing_policy(inner)),
                }
            }
            Rule::aggregate_clause => {
                let how = first(pair);
                Clause::Aggregate(match (how.as_rule(), how.as_str()) {
                    (Rule::aggregate_power, _) => Aggregate::Power(self.power(how)),
                    (_, "geometric") => Aggregate::Geometric,
                    (_, "harmonic") => Aggregate::Harmonic,
                    _ => Aggregate::Sum,
                })
            }
            Rule::relative_clause => Clause::Relative,
            Rule::decimals_clause => Clause::Decimals(self.decimals(first(pair))),
            Rule::shown_clause => {
                let range = self.scale(first(pair));
                match range.node {
                    ScaleDecl::Range(lo, hi) if lo.is_zero() && hi > Decimal::ZERO => {
                        Clause::Shown(hi)
                    }
                    _ => {
                        self.errors.push(
                            Diag::error(codes::E442, t!("syntax.shown_range"))
                                .in_source(self.source)
                                .label(range.span, t!("syntax.shown_range_label"))
                                .help(t!("syntax.shown_range_help")),
                        );
                        return None;
                    }
                }
            }
            Rule::treat_clause | Rule::require_clause => return self.treatment_clause(pair),
            _ => return None,
        };
        Some(Spanned::new(clause, span))
    }

    fn method(&mut self, pair: Pair<'_, Rule>) -> Method {
        match pair.as_rule() {
            Rule::minmax => Method::MinMax,
            Rule::ratio_max => Method::Ratio,
            Rule::zscore => Method::ZScore,
            Rule::percentile => Method::Percentile,
            Rule::norm_rank => Method::Rank,
            Rule::norm_borda => Method::Borda,
            Rule::norm_distance => Method::DistanceToMax,
            Rule::norm_fraction => Method::Fraction,
            Rule::norm_target | Rule::norm_reference => self.norm_method(pair),
            Rule::goalposts => {
                let mut inner = pair.into_inner();
                let zero = || Spanned::new(Decimal::ZERO, Span::default());
                let low = inner.next().map_or_else(zero, |p| self.number(p));
                let high = inner.next().map_or_else(zero, |p| self.number(p));
                Method::Goalposts { low, high }
            }
            Rule::given => match pair.into_inner().next() {
                Some(range) => {
                    let hi = range
                        .into_inner()
                        .nth(1)
                        .map(|p| self.number(p).node)
                        .unwrap_or(Decimal::ONE);
                    Method::GivenScale(hi)
                }
                None => Method::Given,
            },
            _ => {
                let steps = pair
                    .into_inner()
                    .filter_map(|step| {
                        let span: Span = step.as_span().into();
                        let mut inner = step.into_inner();
                        let cond = inner.next()?;
                        let points = self.number(inner.next()?);
                        let when = match cond.as_rule() {
                            Rule::rubric_compare => {
                                let mut c = cond.into_inner();
                                let op = cmp_op(c.next()?.as_str());
                                let v = self.number(c.next()?).node;
                                StepWhen::Compare(op, v)
                            }
                            Rule::rubric_else => StepWhen::Else,
                            _ => StepWhen::Category(self.name(cond).node),
                        };
                        Some(RubricStep { when, points, span })
                    })
                    .collect();
                Method::Rubric(steps)
            }
        }
    }
}

impl Walker<'_> {
    /// The digits of `decimals N` (at most 20, E442).
    fn decimals(&mut self, p: Pair<'_, Rule>) -> u32 {
        match p.as_str().parse::<u32>() {
            Ok(d) if d <= 20 => d,
            _ => {
                self.errors.push(
                    Diag::error(codes::E442, t!("syntax.show_digits", digits = p.as_str()))
                        .in_source(self.source)
                        .label(p.as_span().into(), t!("syntax.at_most_20"))
                        .help(t!("syntax.show_digits_help")),
                );
                2
            }
        }
    }

    /// The exponent of `aggregate power P`; 0 is E440 (the geometric mean is its limit).
    fn power(&mut self, pair: Pair<'_, Rule>) -> Decimal {
        let Some(p) = pair.into_inner().next() else {
            return Decimal::ONE;
        };
        let n = self.number(p);
        if n.node.is_zero() {
            self.errors.push(
                Diag::error(codes::E440, t!("syntax.power_zero"))
                    .in_source(self.source)
                    .label(n.span, t!("syntax.power_zero_label"))
                    .help(t!("syntax.power_zero_help")),
            );
            return Decimal::ONE;
        }
        n.node
    }

    /// `target T [cap]`, `reference UNIT [cap]`.
    fn norm_method(&mut self, pair: Pair<'_, Rule>) -> Method {
        let rule = pair.as_rule();
        let mut cap = false;
        let mut target = Spanned::new(Decimal::ZERO, Span::default());
        let mut unit = Spanned::new(String::new(), Span::default());
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::cap_flag => cap = true,
                Rule::number => target = self.number(p),
                _ => unit = self.name(p),
            }
        }
        match rule {
            Rule::norm_target => Method::Target { target, cap },
            _ => Method::Reference { unit, cap },
        }
    }
}

fn percent_of(pair: Pair<'_, Rule>) -> PercentOf {
    match pair.into_inner().next().map(|p| p.as_rule()) {
        Some(Rule::of_total) => PercentOf::Total,
        _ => PercentOf::Parent,
    }
}

fn cmp_op(s: &str) -> CmpOp {
    match s {
        ">=" | "＞＝" | "≥" => CmpOp::Ge,
        "<=" | "＜＝" | "≤" => CmpOp::Le,
        "!=" | "≠" | "！＝" => CmpOp::Ne,
        ">" | "＞" => CmpOp::Gt,
        "<" | "＜" => CmpOp::Lt,
        _ => CmpOp::Eq,
    }
}

/// The user's words for the rules of the scoring section.
pub(super) fn rule_words(rule: Rule) -> &'static str {
    match rule {
        Rule::score_clause => "`score`",
        Rule::log_flag => "`log`",
        Rule::minmax
        | Rule::goalposts
        | Rule::ratio_max
        | Rule::zscore
        | Rule::percentile
        | Rule::rubric
        | Rule::given
        | Rule::norm_rank
        | Rule::norm_borda
        | Rule::norm_distance
        | Rule::norm_target
        | Rule::norm_reference
        | Rule::norm_fraction => "syntax.expected.a_scoring_method",
        Rule::cap_flag => "`cap`",
        Rule::relative_clause => "`weights relative`",
        Rule::decimals_clause => "`decimals`",
        Rule::shown_clause => "`shown`",
        Rule::total_block => "`{ round … }`",
        Rule::equal_weight => "`equal`",
        Rule::aggregate_power => "`power P`",
        Rule::rubric_step | Rule::rubric_compare | Rule::rubric_else => {
            "syntax.expected.a_rubric_step"
        }
        Rule::direction_clause => "`direction`",
        Rule::score_direction => "syntax.expected.higher_or_lower",
        Rule::round_clause => "`round`",
        Rule::round_mode => "syntax.expected.round_mode",
        Rule::missing_clause => "`missing`",
        Rule::missing_policy | Rule::missing_mean | Rule::missing_median | Rule::missing_word => {
            "syntax.expected.a_missing_policy"
        }
        Rule::missing_last => "`last`",
        Rule::last_within => "`within N years`",
        Rule::last_years => "`years`",
        Rule::last_from => "`from \"FILE\"`",
        Rule::last_else => "`else`",
        Rule::aggregate_clause => "`aggregate`",
        Rule::aggregate_how => "syntax.expected.aggregate_how",
        Rule::percent_of | Rule::of_total | Rule::of_parent => "syntax.expected.of_total_or_parent",
        Rule::unknown_weight => "`unknown`",
        Rule::weights_decl => "`weights`",
        Rule::weights_percent => "syntax.expected.weights_percent",
        Rule::weights_unknown => "`unknown equal`",
        Rule::scale_range => "syntax.expected.a_range",
        Rule::levels_decl => "`levels`",
        _ => "syntax.expected.something_else",
    }
}
