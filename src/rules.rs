//! Scoring rules: how a leaf's raw value becomes points, what to do when a value is missing,
//! how a parent aggregates its children, and the output scale — the resolved scoring the model
//! holds for every node ([`NodeScoring`]) and the scoring stage applies. The clauses as written
//! are `syntax::ast::Clause`; their canonical text is `syntax::print`.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::source::{Span, Spanned};

pub mod last;
pub mod treatment;

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
    /// `rank` — the rank among the observed values, ties averaged (1 = the lowest) ÷ n.
    Rank,
    /// `borda` — the Borda count (how many units score strictly lower) ÷ (n − 1).
    Borda,
    /// `distance to max` — 1 − (max − x) ÷ (max − min) (COINr's `n_dist2max`).
    DistanceToMax,
    /// `target T [cap]` — (x − min) ÷ (T − min); lower is better: (max − x) ÷ (max − T).
    Target { target: Spanned<Decimal>, cap: bool },
    /// `reference UNIT [cap]` — x ÷ the reference unit's value.
    Reference { unit: Spanned<String>, cap: bool },
    /// `fraction` — x ÷ the sample maximum (COINr's `n_fracmax`; `ratio` without a direction).
    Fraction,
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
            Method::Rank => "rank",
            Method::Borda => "borda",
            Method::DistanceToMax => "distance to max",
            Method::Target { .. } => "target",
            Method::Reference { .. } => "reference",
            Method::Fraction => "fraction",
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
            Method::MinMax
                | Method::Ratio
                | Method::ZScore
                | Method::Percentile
                | Method::Rank
                | Method::Borda
                | Method::DistanceToMax
                | Method::Target { .. }
                | Method::Reference { .. }
                | Method::Fraction
        )
    }

    /// Methods that rank a unit in a sorted copy of the column (scoring keeps one per leaf).
    pub fn sorts_sample(&self) -> bool {
        matches!(self, Method::Percentile | Method::Rank | Method::Borda)
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
    Compare(crate::model::CmpOp, Decimal),
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
    /// The raw value is the median of the observed values (of the unit's group under `per ATTR`).
    Median(Option<Spanned<String>>),
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
            Missing::Median(None) => "median".into(),
            Missing::Median(Some(a)) => format!("median per {}", a.node),
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
    /// Weighted harmonic mean of the children's shares, times the parent's points.
    Harmonic,
    /// Weighted generalised (power) mean with exponent p ≠ 0, times the parent's points.
    Power(Decimal),
}

impl Aggregate {
    /// The clause's words: `sum`, `geometric`, `harmonic`, `power 2`.
    pub fn words(self) -> String {
        match self {
            Aggregate::Sum => "sum".into(),
            Aggregate::Geometric => "geometric".into(),
            Aggregate::Harmonic => "harmonic".into(),
            Aggregate::Power(p) => format!("power {}", p.normalize()),
        }
    }
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

/// A value derived from columns (`from GDP / 常住人口`): columns stay names until the data is
/// bound (`data::derived` reads them row by row).
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Column(Spanned<String>),
    Number(Spanned<Decimal>),
    Binary {
        op: Op,
        left: Box<Expr>,
        right: Box<Expr>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Add => "+",
            Op::Sub => "-",
            Op::Mul => "*",
            Op::Div => "/",
        }
    }
}

impl Expr {
    /// The columns the expression reads, in order (each once).
    pub fn columns(&self) -> Vec<&Spanned<String>> {
        let mut out: Vec<&Spanned<String>> = Vec::new();
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            match e {
                Expr::Column(c) => {
                    if !out.iter().any(|o| o.node == c.node) {
                        out.push(c);
                    }
                }
                Expr::Number(_) => {}
                Expr::Binary { left, right, .. } => {
                    stack.push(right);
                    stack.push(left);
                }
            }
        }
        out
    }
}

impl std::fmt::Display for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expr::Column(c) => f.write_str(&c.node),
            Expr::Number(n) => write!(f, "{}", n.node.normalize()),
            Expr::Binary { op, left, right } => {
                let paren = |e: &Expr| {
                    matches!(
                        e,
                        Expr::Binary {
                            op: Op::Add | Op::Sub,
                            ..
                        }
                    )
                };
                let wrap_right = matches!(op, Op::Sub | Op::Div)
                    && matches!(**right, Expr::Binary { .. })
                    || matches!(op, Op::Mul | Op::Div) && paren(right);
                if matches!(op, Op::Mul | Op::Div) && paren(left) {
                    write!(f, "({left})")?;
                } else {
                    write!(f, "{left}")?;
                }
                write!(f, " {} ", op.symbol())?;
                if wrap_right {
                    write!(f, "({right})")
                } else {
                    write!(f, "{right}")
                }
            }
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
    /// `weights relative`: where it is written (here or at index level) when the children's
    /// weights are relative.
    pub relative: Option<Span>,
    /// `decimals N`: the node's scores are shown with N decimals.
    pub decimals: Option<u32>,
    /// `shown 0-H`: the node's scores are shown on a scale 0…H.
    pub shown: Option<Decimal>,
    /// Set when the weight was unknown and assumed (the assumption's words).
    pub assumed_weight: Option<String>,
    /// The weight as written, for explain: `10%`, `10% of total`, `5`, `unknown`.
    pub weight_written: Option<String>,
    /// A leaf's outlier treatment (`treat outliers …`, or the index's default).
    pub treat: Option<treatment::Outliers>,
    /// Where `treat` was declared (also `treat none`); None: no clause, the default applies.
    pub treat_span: Option<Span>,
    /// The attribute of `missing mean|median per ATTR`, resolved by check (an attribute index).
    pub impute_per: Option<usize>,
    /// The declared group of `missing mean|median per GROUP` (an index into `Model::groups`),
    /// resolved by check when the name is a group, not an attribute.
    pub impute_group: Option<usize>,
    /// `missing last …`: the unit's most recent earlier value fills a missing cell (the policy
    /// above, `missing`, takes the cells it cannot fill).
    pub last: Option<last::LastKnown>,
    /// A parent's (or the total's) `require N% data`: the percent, where it is written.
    pub require: Option<Spanned<Decimal>>,
}

impl NodeScoring {
    /// Whether a cell may be missing when the data are bound: a policy other than `error`, or
    /// `missing last` (whose cells left unfilled meet the policy after filling).
    pub fn allows_missing(&self) -> bool {
        self.missing != Missing::Error || self.last.is_some()
    }
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
