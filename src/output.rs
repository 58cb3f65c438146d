//! The result of a query: a titled table of typed cells, before any rendering.

use rust_decimal::Decimal;

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A number shown with a fixed number of decimals (scores: 2).
    Num(Decimal, u32),
    /// A share (得分率): a percentage in tables, a ratio in CSV/JSON.
    Rate(Decimal),
    /// A statistic computed in floating point (sd, r, p), with its decimals.
    Float(f64, u32),
    /// A name in a hierarchy: indented by depth in tables, plain in CSV/JSON.
    Tree(String, usize),
    /// Nothing to show here (e.g. a p-value of a variable against itself).
    Empty,
    /// A colour of a dashboard (language chapter 7), as the spec names it, with the tone a
    /// terminal or a report paints it in: text everywhere else.
    Colour(String, Tone),
    /// A value the unit does not have (a node left out by `missing reweight`): `—` in tables
    /// and Markdown, blank in CSV, `null` in JSON.
    Missing,
}

/// The four traffic-light tones (`Plain`: not painted).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Green,
    Yellow,
    Orange,
    Red,
    Plain,
}

impl Cell {
    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Cell::Int(_) | Cell::Num(..) | Cell::Rate(_) | Cell::Float(..)
        )
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    pub title: Option<String>,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Remarks about the answer (ties kept, conventions used). Tables show them under the
    /// table; CSV/JSON send them to stderr.
    pub notes: Vec<String>,
}

impl Output {
    pub fn new(columns: Vec<String>) -> Self {
        Output {
            columns,
            ..Output::default()
        }
    }
}
