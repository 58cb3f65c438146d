//! The typed syntax tree of specs and queries. Spans are ignored by equality, so tests compare
//! trees directly.

use rust_decimal::Decimal;

pub use crate::model::{CmpOp, Logic, NodeKind};
use crate::rules::{Aggregate, Direction, Missing, PercentOf, Rounding, ScoreRule};
use crate::source::Spanned;

pub type Name = Spanned<String>;

#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    pub extends: Option<Spanned<String>>,
    pub name: Spanned<String>,
    pub items: Vec<Item>,
}

// Items are parsed once and walked a few times; boxing the large variants would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Edition {
        year: Spanned<u32>,
        ordinal: Option<Spanned<String>>,
    },
    Data {
        path: Spanned<String>,
        /// The sheet of a workbook (`sheet "2015"`); the first sheet when none.
        sheet: Option<Spanned<String>>,
        key: Option<Name>,
    },
    Attributes(Vec<Name>),
    Scale(Spanned<ScaleDecl>),
    Quartiles(Name),
    Indicator(IndicatorDecl),
    Total {
        name: Name,
        max: Option<Spanned<Decimal>>,
        /// `{ round 3 half-up  decimals 3 }`: the total's own clauses.
        clauses: Vec<Spanned<Clause>>,
    },
    Group(GroupDecl),
    Tiers(TiersDecl),
    Report(ReportDecl),
    /// A change to the spec this one `extends` (see [`Change`]); resolved before `check`.
    Change(Spanned<Change>),
    /// `weights percent of total|parent` or `weights unknown equal "why"`.
    Weights(Spanned<WeightsDecl>),
    /// `levels 4, 11, 31 "why"`: indicators per level, declared before they are named.
    Levels {
        counts: Vec<Spanned<u32>>,
        note: Option<Spanned<String>>,
    },
    /// A scoring clause at index level: the default for every leaf (`aggregate`: every parent).
    Clause(Spanned<Clause>),
    /// Groups of units: the sample, methods by group (language chapter 7).
    Grouping(crate::syntax::grouping::GroupingDecl),
    /// Quantile groups, ratings per group, dashboards (language chapter 7).
    Dashboard(crate::syntax::dashboard::DashDecl),
    /// Uncertainties declared for `cix uncertainty` and `cix sensitivity` (chapter 8).
    Uncertainty(crate::syntax::uncertainty::UncertaintyDecl),
    /// `ratio 效率比 = 产出 / 投入`: a node outside the weighted sum (language chapter 6).
    Ratio(RatioDecl),
}

/// `ratio NAME = NUMERATOR / DENOMINATOR [{ decimals N  round N MODE }]`.
#[derive(Clone, Debug, PartialEq)]
pub struct RatioDecl {
    pub name: Name,
    pub numerator: Name,
    pub denominator: Name,
    /// `decimals` and `round` in its block.
    pub clauses: Vec<Spanned<Clause>>,
}

/// A change statement of a spec that `extends` another.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// `add NAME WEIGHT … to PARENT`
    Add {
        decl: IndicatorDecl,
        parent: Name,
        reason: Option<Spanned<String>>,
    },
    /// `remove NAME [because "…"]` (an indicator, group, tiers or report)
    Remove {
        name: Name,
        reason: Option<Spanned<String>>,
    },
    /// `rename OLD -> NEW [because "…"]`
    Rename {
        old: Name,
        new: Name,
        reason: Option<Spanned<String>>,
    },
    /// `move NAME to PARENT [because "…"]`
    Move {
        name: Name,
        parent: Name,
        reason: Option<Spanned<String>>,
    },
    /// `set NAME [WEIGHT] [inferred "…"] ["description"] [{ clauses }] [because "…"]`: only
    /// what is written changes. `block` holds the clauses as an indicator declaration.
    Set {
        name: Name,
        weight: Option<Spanned<Weight>>,
        inferred: Option<Spanned<String>>,
        description: Option<Spanned<String>>,
        block: Option<IndicatorDecl>,
        reason: Option<Spanned<String>>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum WeightsDecl {
    Percent(PercentOf),
    /// Unknown weights are equal within their parent; the words say why.
    UnknownEqual(Option<String>),
}

/// `scale points`, `scale 0-1`, `scale 0-100` (a name other than `points`/`index` is an error
/// found by check).
#[derive(Clone, Debug, PartialEq)]
pub enum ScaleDecl {
    Name(String),
    Range(Decimal, Decimal),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Weight {
    pub value: Decimal,
    pub percent: bool,
    /// `10% of total` / `10% of parent`; None: as the index's `weights percent of …` says.
    pub of: Option<PercentOf>,
    /// `unknown` or `?`: not published; an assumption (`weights unknown equal`) fills it.
    pub unknown: bool,
    /// `equal`: an equal share of what the parent's other weights leave, exactly (⅓ is ⅓).
    pub equal: bool,
}

impl Weight {
    /// Written in points (not percent, unknown or equal).
    pub fn is_points(&self) -> bool {
        !self.percent && !self.unknown && !self.equal
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorDecl {
    pub kind: NodeKind,
    pub name: Name,
    pub weight: Spanned<Weight>,
    /// `inferred "why"`: the weight is a reasoned guess, not a published value.
    pub inferred: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub from: Option<Name>,
    /// `from GDP / 常住人口`: a value derived from columns (then `from` is None).
    pub derived: Option<Spanned<crate::rules::Expr>>,
    /// Scoring clauses (`score`, `direction`, `round`, `missing`, `aggregate`), in order.
    pub clauses: Vec<Spanned<Clause>>,
    pub children: Vec<IndicatorDecl>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupDecl {
    pub name: Name,
    pub def: GroupDef,
}

#[derive(Clone, Debug, PartialEq)]
pub enum GroupDef {
    /// `[上海, 南京, …]`; `open` when the list ends in an ellipsis or 等.
    List { members: Vec<Name>, open: bool },
    /// `区域 in [华北, 东北]`, `GDP2020 >= 10000`: the units satisfying a condition.
    Condition(Condition),
}

#[derive(Clone, Debug, PartialEq)]
pub struct TiersDecl {
    pub name: Name,
    /// The indicator the tiers are cut on (default: the total).
    pub of: Option<Name>,
    pub rule: TierRule,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TierRule {
    /// `[领军 16%, 先锋 34%, 探索 50%]`, highest first.
    Share(Vec<(Name, Spanned<Decimal>)>),
    /// `[优秀 >= 80, 良好 >= 60, 一般]`; the last may have no threshold.
    Score(Vec<(Name, Option<Spanned<Decimal>>)>),
    /// `[第一档 1-30, 第二档 31-75, 第三档 76-]`
    Rank(Vec<(Name, Spanned<u64>, Option<Spanned<u64>>)>),
    /// `[第一梯队: [北京, 上海], 第二梯队: [江苏, …]]`
    List(Vec<(Name, Vec<Name>, bool)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReportDecl {
    pub name: Name,
    pub title: Option<Spanned<String>>,
    pub query: Spanned<Query>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Query {
    /// `rank by`, `top N by`, `bottom N by`, `where …`
    Rank(RankQuery),
    /// `rank of 杭州[, 宁波] [by X]`
    RankOf { units: Vec<Name>, by: Option<Name> },
    /// `show 杭州`
    Show(Name),
    /// `compare 杭州, 宁波, 深圳`
    Compare(Vec<Name>),
    /// `mean 总分 by 区域`, `stats 智慧基础设施`
    Stat(StatQuery),
    /// `count by 行政级别`
    Count { by: Name, tail: Box<Tail> },
    /// `histogram 总分 step 10`, `histogram 总分 edges 20, 30`
    Histogram {
        of: Name,
        bins: Bins,
        tail: Box<Tail>,
    },
    /// `corr A, B, C [spearman] [with p]`
    Corr {
        names: Vec<Name>,
        p_values: bool,
        /// Spearman's rank correlation instead of Pearson's.
        spearman: bool,
        tail: Box<Tail>,
    },
    /// `weights [of NODE]`: every node's points, share of its parent and effective weight.
    Weights(Option<Name>),
    /// `outliers`: what outlier treatment did (language chapter 5).
    Outliers,
    /// `coverage [below N%]`: units and indicators with less data than N% (65 by default).
    /// `coverage [all] [below N%]`: with `all`, every indicator and unit, those below flagged.
    Coverage {
        below: Option<Spanned<Decimal>>,
        all: bool,
    },
    /// One number: `mean 总分 in 华南`, `share where 总分 >= 60`, arithmetic on them
    /// ([`super::scalar`]).
    Scalar(Box<Spanned<super::scalar::Scalar>>),
    /// `dashboard 仪表盘 [where …]`: units × the dashboard's lines, each cell a colour.
    Dashboard { name: Name, tail: Box<Tail> },
    /// `change 总分 from 2014`, `measure 组均得分率` (language chapter 7, "Several years").
    Years(Box<super::years::YearsQuery>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RankKind {
    All,
    Top(usize),
    Bottom(usize),
    /// `where …`: the selection, sorted as asked.
    List,
}

/// The clauses that may follow any query. `in` and `where` may repeat (all must hold); the
/// others may be given once.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Tail {
    pub per: Option<Name>,
    /// `in G` clauses: a unit must belong to every group named.
    pub within: Vec<Name>,
    /// `where` clauses: a unit must satisfy every condition.
    pub filter: Vec<Condition>,
    pub show: Vec<Name>,
    /// `sort X [asc|desc], Y …`: keys in order; `true` for descending.
    pub sort: Vec<(Name, bool)>,
    /// `top N`: keep each group's N best (by the queried indicator) before computing.
    pub top: Option<Spanned<usize>>,
    pub quartiles: Option<Name>,
    /// `at 省份`: the query is over a rolled-up level (language chapter 7).
    pub at: Option<Name>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RankQuery {
    pub kind: RankKind,
    pub by: Option<Name>,
    pub tail: Box<Tail>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatFn {
    Stats,
    Mean,
    Median,
    Min,
    Max,
    Sd,
    Qd,
    Range,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StatQuery {
    pub func: StatFn,
    pub of: Name,
    pub by: Option<Name>,
    /// `by 区域, 行政级别`: partitions after the first, each splitting the groups before it.
    pub then_by: Vec<Name>,
    pub tail: Box<Tail>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Bins {
    Step(Spanned<Decimal>),
    Edges(Vec<Spanned<Decimal>>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub first: Comparison,
    pub rest: Vec<(Logic, Comparison)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Comparison {
    Cmp {
        left: Name,
        op: CmpOp,
        right: Spanned<Value>,
    },
    In {
        left: Name,
        negated: bool,
        values: Vec<Spanned<Value>>,
    },
}

impl Comparison {
    pub fn left(&self) -> &Name {
        match self {
            Comparison::Cmp { left, .. } | Comparison::In { left, .. } => left,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Number(Decimal),
    Name(String),
}

/// One scoring clause as written, in a leaf's block or at index level (a default).
#[derive(Clone, Debug, PartialEq)]
pub enum Clause {
    Score(ScoreRule),
    Direction(Direction),
    Round(Rounding),
    Missing(Missing),
    Aggregate(Aggregate),
    /// `weights relative`: the children's weights are relative, normalised within the parent.
    Relative,
    /// `decimals N`: the node's scores are shown with N decimals.
    Decimals(u32),
    /// `shown 0-H`: the node's scores are shown on a scale 0…H (score ÷ its points × H).
    Shown(Decimal),
    /// `treat outliers …` (None: `treat none`).
    Treat(crate::rules::treatment::Treat),
    /// `require N% data`: the share of a node's indicators a unit must have data for.
    Require(Decimal),
    /// `missing last [within N years] [from "FILE"] [else POLICY]` (the policy: `error` when
    /// no `else` is written).
    Last(crate::rules::last::LastKnown, crate::rules::Missing),
}

impl Clause {
    pub fn keyword(&self) -> &'static str {
        match self {
            Clause::Score(_) => "score",
            Clause::Direction(_) => "direction",
            Clause::Round(_) => "round",
            Clause::Missing(_) => "missing",
            Clause::Aggregate(_) => "aggregate",
            Clause::Relative => "weights",
            Clause::Decimals(_) => "decimals",
            Clause::Shown(_) => "shown",
            Clause::Treat(_) => "treat",
            Clause::Require(_) => "require",
            // `missing last` is a missing policy: one `missing` clause per block.
            Clause::Last(..) => "missing",
        }
    }
}
