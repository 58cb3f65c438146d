//! The typed syntax tree of specs and queries. Spans are ignored by equality, so tests compare
//! trees directly.

use rust_decimal::Decimal;

use crate::rules::{Clause, PercentOf};
use crate::source::Spanned;

pub type Name = Spanned<String>;

#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    pub extends: Option<Spanned<String>>,
    pub name: Spanned<String>,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Edition {
        year: Spanned<u32>,
        ordinal: Option<Spanned<String>>,
    },
    Data {
        path: Spanned<String>,
        key: Option<Name>,
    },
    Attributes(Vec<Name>),
    Scale(Spanned<ScaleDecl>),
    Indicator(IndicatorDecl),
    Total {
        name: Name,
        max: Option<Spanned<Decimal>>,
    },
    Group(GroupDecl),
    Tiers(TiersDecl),
    Report(ReportDecl),
    /// `weights percent of total|parent` or `weights unknown equal "why"`.
    Weights(Spanned<WeightsDecl>),
    /// `levels 4, 11, 31 "why"`: indicators per level, declared before they are named.
    Levels {
        counts: Vec<Spanned<u32>>,
        note: Option<Spanned<String>>,
    },
    /// A scoring clause at index level: the default for every leaf (`aggregate`: every parent).
    Clause(Spanned<Clause>),
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// Part of the base (the primaries and everything under them).
    Base,
    /// Added on top of the base, up to its cap.
    Bonus,
    /// Subtracted from the total, up to its cap.
    Penalty,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Weight {
    pub value: Decimal,
    pub percent: bool,
    /// `10% of total` / `10% of parent`; None: as the index's `weights percent of …` says.
    pub of: Option<PercentOf>,
    /// `unknown` or `?`: not published; an assumption (`weights unknown equal`) fills it.
    pub unknown: bool,
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
    /// `区域 in [华北, 东北]`
    AttrIn { attribute: Name, values: Vec<Name> },
}

#[derive(Clone, Debug, PartialEq)]
pub struct TiersDecl {
    pub name: Name,
    pub by: Name,
    pub shares: Vec<(Name, Spanned<Decimal>)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReportDecl {
    pub name: Name,
    pub title: Option<Spanned<String>>,
    pub query: Spanned<Query>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Query {
    Rank(RankQuery),
}

/// `rank by X [per A] [in G] [where C] [show COLS]`
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RankQuery {
    pub by: Option<Name>,
    pub per: Option<Name>,
    pub within: Option<Name>,
    pub filter: Option<Condition>,
    pub show: Vec<Name>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub first: Comparison,
    pub rest: Vec<(Logic, Comparison)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Logic {
    And,
    Or,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub left: Name,
    pub op: CmpOp,
    pub right: Spanned<Value>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Number(Decimal),
    Name(String),
}
