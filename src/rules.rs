//! Scoring rules: how a leaf's raw value becomes points, what to do when a value is missing,
//! how a parent aggregates its children, and the output scale. Shared by the syntax tree (as
//! written), the model (resolved with the index's defaults) and the scoring stage.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::source::{Span, Spanned};

/// How a raw value becomes a share of the leaf's points (or, for rubrics, points directly).
#[derive(Clone, Debug, PartialEq)]
pub enum Method {
    /// `given` — the column already holds points (the default).
    Given,
    /// `given 0-1` / `given 0-100` — the column holds a share of the leaf's points on that scale.
    GivenScale(Decimal),
    /// `minmax` — (x − min) ÷ (max − min) over the sample.
    MinMax,
    /// `goalposts LOW → HIGH` — (x − LOW) ÷ (HIGH − LOW), clamped to 0…1.
    Goalposts {
        low: Spanned<Decimal>,
        high: Spanned<Decimal>,
    },
    /// `ratio` — x ÷ the sample maximum (lower is better: the sample minimum ÷ x).
    Ratio,
    /// `zscore` — (x − mean) ÷ sd (population sd); points = z × weight, unbounded.
    ZScore,
    /// `percentile` — the share of the other units with a lower value.
    Percentile,
    /// `rubric [...]` — steps from a category or a numeric threshold straight to points.
    Rubric(Vec<RubricStep>),
}

impl Method {
    pub fn word(&self) -> &'static str {
        match self {
            Method::Given | Method::GivenScale(_) => "given",
            Method::MinMax => "minmax",
            Method::Goalposts { .. } => "goalposts",
            Method::Ratio => "ratio",
            Method::ZScore => "zscore",
            Method::Percentile => "percentile",
            Method::Rubric(_) => "rubric",
        }
    }

    /// Rubrics whose steps name categories read text cells, not numbers.
    pub fn is_categorical(&self) -> bool {
        matches!(self, Method::Rubric(steps) if steps.iter().any(|s| matches!(s.when, StepWhen::Category(_))))
    }

    /// Methods that compute parameters over the whole column.
    pub fn uses_sample(&self) -> bool {
        matches!(
            self,
            Method::MinMax | Method::Ratio | Method::ZScore | Method::Percentile
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct RubricStep {
    pub when: StepWhen,
    pub points: Spanned<Decimal>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StepWhen {
    /// A category value of the column, e.g. `已发布`.
    Category(String),
    /// A numeric threshold, e.g. `>= 90`; steps are tried in order, the first that holds wins.
    Compare(crate::syntax::ast::CmpOp, Decimal),
    /// `else` — every other value.
    Else,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScoreRule {
    /// `log` — take the natural logarithm of the value before scaling.
    pub log: bool,
    pub method: Method,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Direction {
    #[default]
    Higher,
    Lower,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundMode {
    /// 0.025 → 0.03 (published tables).
    HalfUp,
    /// 0.025 → 0.02 (banker's rounding).
    HalfEven,
    Down,
    Up,
}

impl RoundMode {
    pub fn strategy(self) -> RoundingStrategy {
        match self {
            RoundMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundMode::Down => RoundingStrategy::ToZero,
            RoundMode::Up => RoundingStrategy::AwayFromZero,
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            RoundMode::HalfUp => "half-up",
            RoundMode::HalfEven => "half-even",
            RoundMode::Down => "down",
            RoundMode::Up => "up",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rounding {
    pub digits: u32,
    pub mode: RoundMode,
}

impl Rounding {
    pub fn apply(self, v: Decimal) -> Decimal {
        v.round_dp_with_strategy(self.digits, self.mode.strategy())
    }
}

/// What a missing (empty) cell means.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Missing {
    /// Refuse the data (E205).
    #[default]
    Error,
    /// The leaf scores 0.
    Zero,
    /// The raw value is the mean of the observed values (of the unit's group under `per ATTR`).
    Mean(Option<Spanned<String>>),
    /// The unit is left out of the results.
    Drop,
    /// The leaf is left out and its siblings are re-weighted to fill the parent.
    Reweight,
}

impl Missing {
    pub fn describe(&self) -> String {
        match self {
            Missing::Error => "error".into(),
            Missing::Zero => "zero".into(),
            Missing::Mean(None) => "mean".into(),
            Missing::Mean(Some(a)) => format!("mean per {}", a.node),
            Missing::Drop => "drop".into(),
            Missing::Reweight => "reweight".into(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Aggregate {
    /// Children's points add up (the default).
    #[default]
    Sum,
    /// Weighted geometric mean of the children's shares, times the parent's points.
    Geometric,
}

/// The output scale of the total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Scale {
    /// Points out of the sum of the weights.
    #[default]
    Points,
    /// 0 … the given maximum (1 for an index 0–1, 100 for 0–100).
    Range(Decimal),
}

/// How written percent weights are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PercentOf {
    Parent,
    Total,
}

/// One scoring clause as written, in a leaf's block or at index level (a default).
#[derive(Clone, Debug, PartialEq)]
pub enum Clause {
    Score(ScoreRule),
    Direction(Direction),
    Round(Rounding),
    Missing(Missing),
    Aggregate(Aggregate),
}

impl Clause {
    pub fn keyword(&self) -> &'static str {
        match self {
            Clause::Score(_) => "score",
            Clause::Direction(_) => "direction",
            Clause::Round(_) => "round",
            Clause::Missing(_) => "missing",
            Clause::Aggregate(_) => "aggregate",
        }
    }
}

/// A node's scoring, resolved with the index's defaults.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct NodeScoring {
    /// None: the column holds points.
    pub rule: Option<Spanned<ScoreRule>>,
    pub direction: Direction,
    /// Where the direction was declared (None: the default, higher is better).
    pub direction_span: Option<Span>,
    pub round: Option<Rounding>,
    pub missing: Missing,
    /// Where the missing policy was declared (the leaf's clause or the index default).
    pub missing_span: Option<Span>,
    pub aggregate: Aggregate,
    pub aggregate_span: Option<Span>,
    /// Set when the weight was unknown and assumed (the assumption's words).
    pub assumed_weight: Option<String>,
    /// The weight as written, for explain: `10%`, `10% of total`, `5`, `unknown`.
    pub weight_written: Option<String>,
}

#[cfg(test)]
mod tests {

    use super::*;
    use std::str::FromStr;

    #[test]
    fn half_up_and_half_even() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let r = |mode| Rounding { digits: 2, mode };
        assert_eq!(r(RoundMode::HalfUp).apply(d("0.025")), d("0.03"));
        assert_eq!(r(RoundMode::HalfEven).apply(d("0.025")), d("0.02"));
        assert_eq!(r(RoundMode::Down).apply(d("0.029")), d("0.02"));
        assert_eq!(r(RoundMode::Up).apply(d("0.021")), d("0.03"));
    }
}

// ---------------------------------------------------------------- canonical text
// How `cix fmt` (and anyone printing a spec) writes the scoring constructs: parsing the text
// gives back an equal tree.

/// A name as the grammar reads it: bare when it is an identifier, quoted otherwise.
pub fn name_text(name: &str) -> String {
    let mut chars = name.chars();
    let bare = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '·')
        && !crate::syntax::keywords::is_reserved(name)
        && !crate::syntax::keywords::RUBRIC_ELSE.contains(&name);
    if bare {
        name.to_string()
    } else {
        format!("\"{name}\"")
    }
}

fn num(d: Decimal) -> String {
    d.normalize().to_string()
}

impl std::fmt::Display for ScoreRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("score ")?;
        if self.log {
            f.write_str("log ")?;
        }
        match &self.method {
            Method::Given => f.write_str("given"),
            Method::GivenScale(hi) => write!(f, "given 0-{}", num(*hi)),
            Method::MinMax => f.write_str("minmax"),
            Method::Goalposts { low, high } => {
                write!(f, "goalposts {} → {}", num(low.node), num(high.node))
            }
            Method::Ratio => f.write_str("ratio"),
            Method::ZScore => f.write_str("zscore"),
            Method::Percentile => f.write_str("percentile"),
            Method::Rubric(steps) => {
                let steps: Vec<String> = steps
                    .iter()
                    .map(|s| {
                        let when = match &s.when {
                            StepWhen::Category(c) => name_text(c),
                            StepWhen::Compare(op, x) => format!("{} {}", op_text(*op), num(*x)),
                            StepWhen::Else => "else".to_string(),
                        };
                        format!("{when} → {}", num(s.points.node))
                    })
                    .collect();
                write!(f, "rubric [{}]", steps.join(", "))
            }
        }
    }
}

fn op_text(op: crate::syntax::ast::CmpOp) -> &'static str {
    use crate::syntax::ast::CmpOp;
    match op {
        CmpOp::Eq => "=",
        CmpOp::Ne => "!=",
        CmpOp::Lt => "<",
        CmpOp::Le => "<=",
        CmpOp::Gt => ">",
        CmpOp::Ge => ">=",
    }
}

impl std::fmt::Display for Clause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Clause::Score(r) => write!(f, "{r}"),
            Clause::Direction(Direction::Higher) => f.write_str("direction higher"),
            Clause::Direction(Direction::Lower) => f.write_str("direction lower"),
            Clause::Round(r) => write!(f, "round {} {}", r.digits, r.mode.word()),
            Clause::Missing(Missing::Mean(Some(a))) => {
                write!(f, "missing mean per {}", name_text(&a.node))
            }
            Clause::Missing(m) => write!(f, "missing {}", m.describe()),
            Clause::Aggregate(Aggregate::Sum) => f.write_str("aggregate sum"),
            Clause::Aggregate(Aggregate::Geometric) => f.write_str("aggregate geometric"),
        }
    }
}

impl std::fmt::Display for crate::syntax::ast::Weight {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.unknown {
            return f.write_str("unknown");
        }
        write!(f, "{}", num(self.value))?;
        if self.percent {
            f.write_str("%")?;
            match self.of {
                Some(PercentOf::Total) => f.write_str(" of total")?,
                Some(PercentOf::Parent) => f.write_str(" of parent")?,
                None => {}
            }
        }
        Ok(())
    }
}

impl std::fmt::Display for crate::syntax::ast::WeightsDecl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::syntax::ast::WeightsDecl;
        match self {
            WeightsDecl::Percent(PercentOf::Total) => f.write_str("weights percent of total"),
            WeightsDecl::Percent(PercentOf::Parent) => f.write_str("weights percent of parent"),
            WeightsDecl::UnknownEqual(None) => f.write_str("weights unknown equal"),
            WeightsDecl::UnknownEqual(Some(why)) => write!(f, "weights unknown equal \"{why}\""),
        }
    }
}

impl std::fmt::Display for crate::syntax::ast::ScaleDecl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::syntax::ast::ScaleDecl;
        match self {
            ScaleDecl::Name(n) => write!(f, "scale {}", name_text(n)),
            ScaleDecl::Range(lo, hi) => write!(f, "scale {}-{}", num(*lo), num(*hi)),
        }
    }
}

#[cfg(test)]
mod text_tests {
    use crate::source::Source;
    use crate::syntax::ast::{Item, Spec};

    const SPEC: &str = r#"index "t" {
  scale 0-100
  weights percent of total
  weights unknown equal "假定等权"
  round 2 half-even
  missing mean per 区域
  aggregate geometric
  indicator 甲 60% of total {
    甲一 unknown { from x  score log goalposts 0.5 → 40  direction lower  missing reweight }
    甲二 ? { score rubric ["“一站式”" → 3, 已发布 → 4, 无 → 1]  missing zero }
  }
  indicator 乙 40% { score rubric [>= 6 → 5, < 2.5 → 1, else → 0]  round 0 up  missing drop }
  total 总分
}"#;

    fn parse(text: &str) -> Spec {
        crate::syntax::parse_spec(&Source::new("t", text.to_string())).unwrap()
    }

    /// Every scoring construct printed canonically parses back to an equal tree.
    #[test]
    fn canonical_text_parses_back() {
        let spec = parse(SPEC);
        let mut out = String::from("index \"t\" {\n");
        for item in &spec.items {
            match item {
                Item::Scale(s) => out.push_str(&format!("  {}\n", s.node)),
                Item::Weights(w) => out.push_str(&format!("  {}\n", w.node)),
                Item::Clause(c) => out.push_str(&format!("  {}\n", c.node)),
                Item::Indicator(d) => {
                    out.push_str(&format!(
                        "  indicator {} {} {{\n",
                        d.name.node, d.weight.node
                    ));
                    for c in &d.clauses {
                        out.push_str(&format!("    {}\n", c.node));
                    }
                    for ch in &d.children {
                        out.push_str(&format!("    {} {} {{\n", ch.name.node, ch.weight.node));
                        if let Some(from) = &ch.from {
                            out.push_str(&format!("      from {}\n", from.node));
                        }
                        for c in &ch.clauses {
                            out.push_str(&format!("      {}\n", c.node));
                        }
                        out.push_str("    }\n");
                    }
                    out.push_str("  }\n");
                }
                Item::Total { name, .. } => out.push_str(&format!("  total {}\n", name.node)),
                _ => {}
            }
        }
        out.push_str("}\n");
        assert_eq!(parse(&out), spec, "{out}");
        assert!(out.contains("score log goalposts 0.5 → 40"), "{out}");
        assert!(out.contains("\"“一站式”\" → 3"), "{out}");
        assert!(out.contains("甲二 unknown"), "{out}");
        assert!(out.contains("indicator 甲 60% of total"), "{out}");
    }
}
