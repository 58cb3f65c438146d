//! The typed syntax tree of specs and queries. Spans are ignored by equality, so tests compare
//! trees directly.

use rust_decimal::Decimal;

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
    Scale(Name),
    Indicator(IndicatorDecl),
    Total {
        name: Name,
        max: Option<Spanned<Decimal>>,
    },
    Group(GroupDecl),
    Tiers(TiersDecl),
    Report(ReportDecl),
    /// A change to the spec this one `extends` (see [`Change`]); resolved before `check`.
    Change(Spanned<Change>),
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
