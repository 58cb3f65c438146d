//! The result of a query: a titled table of typed cells, before any rendering.

use std::io;

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
    /// Words cix writes into a cell (`indicator`, `yes`, `all`, `1 / 11 (浙江)`): `machine` is
    /// the English CSV and JSON write in every language (the machine contract), `shown` the
    /// session's language that tables and Markdown print.
    Word {
        machine: String,
        shown: String,
    },
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
    /// A catalogue word as a cell: English in CSV and JSON, the session's language in tables.
    pub fn word(key: &str) -> Cell {
        Cell::Word {
            machine: t!(key, locale = "en").into_owned(),
            shown: t!(key).into_owned(),
        }
    }

    /// A cell of words `make` says, in English (for CSV and JSON) and in the session's
    /// language (for tables).
    pub fn words(make: impl Fn() -> String) -> Cell {
        let (machine, shown) = crate::lang::both(make);
        Cell::Word { machine, shown }
    }

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

    /// An answer made of prose cells (`explain`'s rules), built by `make` in English and in
    /// the session's language: the session's, with each text cell that differs a [`Cell::Word`]
    /// whose machine words are the English.
    pub fn in_both<E>(make: impl Fn() -> Result<Output, E>) -> Result<Output, E> {
        let (english, shown) = crate::lang::both(|| make().ok());
        let Some(mut shown) = shown else {
            return make(); // the error, in the session's language
        };
        let english_rows = english.map(|e| e.rows).unwrap_or_default();
        for (row, en_row) in shown.rows.iter_mut().zip(english_rows) {
            for (cell, en) in row.iter_mut().zip(en_row) {
                if let (Cell::Text(s), Cell::Text(machine)) = (&*cell, en) {
                    if *s != machine {
                        let shown = s.clone();
                        *cell = Cell::Word { machine, shown };
                    }
                }
            }
        }
        Ok(shown)
    }
}

/// A table to write (issue 14): a title, columns and notes, and rows read one at a time — an
/// [`Output`]'s, or rows made as they are written, so that a ranking of a million units is
/// never held as cells (`query::Answer`). The renderers (`report::write`) read tables.
pub trait Table {
    fn title(&self) -> Option<&str>;
    fn columns(&self) -> &[String];
    fn notes(&self) -> &[String];
    /// How many rows.
    fn row_count(&self) -> usize;
    /// Call `each` with every row in order (a made row lasts until the next is made); stops at
    /// the first error `each` gives, and gives it.
    fn each_row(&self, each: &mut dyn FnMut(&[Cell]) -> io::Result<()>) -> io::Result<()>;

    /// The same rows, any stretch of them made apart (on another thread), when the table can
    /// make them so: a writer then makes stretches in parallel. Such a table's rows have one
    /// cell per column.
    fn stretches(&self) -> Option<&dyn Stretches> {
        None
    }
}

/// A table whose rows can be made a stretch at a time, on any thread ([`Table::stretches`]).
pub trait Stretches: Sync {
    /// Rows `from..to` (counted in [`Table::each_row`]'s order), as it gives them.
    fn each_between(
        &self,
        from: usize,
        to: usize,
        each: &mut dyn FnMut(&[Cell]) -> io::Result<()>,
    ) -> io::Result<()>;
}

impl Table for Output {
    fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    fn columns(&self) -> &[String] {
        &self.columns
    }

    fn notes(&self) -> &[String] {
        &self.notes
    }

    fn row_count(&self) -> usize {
        self.rows.len()
    }

    fn each_row(&self, each: &mut dyn FnMut(&[Cell]) -> io::Result<()>) -> io::Result<()> {
        self.rows.iter().try_for_each(|row| each(row))
    }
}
