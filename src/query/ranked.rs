//! A ranking's rows made as they are written (issue 14): a ranking keeps, per row, the unit and
//! its rank (and its partition); each row's cells are made when the row is read, into one
//! reused row whose texts are overwritten in place, so writing a million-unit ranking holds no
//! cells and copies no name. [`Answer`] is what a query gives: such a ranking, or an
//! [`Output`].

use std::io;

use super::resolve::{Column, Context};
use crate::model::NodeId;
use crate::output::{Cell, Output, Stretches, Table};

/// A query's answer: an [`Output`], or a ranking whose rows are made as they are read.
pub enum Answer<'a> {
    Output(Output),
    Ranked(Ranked<'a>),
}

impl Answer<'_> {
    /// The title, columns and notes (and, for an [`Output`], its rows).
    pub fn head_mut(&mut self) -> &mut Output {
        match self {
            Answer::Output(o) => o,
            Answer::Ranked(r) => &mut r.head,
        }
    }

    /// Every row made into cells: the answer as an [`Output`].
    pub fn into_output(self) -> Output {
        match self {
            Answer::Output(o) => o,
            Answer::Ranked(r) => r.into_output(),
        }
    }
}

impl Table for Answer<'_> {
    fn title(&self) -> Option<&str> {
        self.table().title()
    }

    fn columns(&self) -> &[String] {
        self.table().columns()
    }

    fn notes(&self) -> &[String] {
        self.table().notes()
    }

    fn row_count(&self) -> usize {
        self.table().row_count()
    }

    fn each_row(&self, each: &mut dyn FnMut(&[Cell]) -> io::Result<()>) -> io::Result<()> {
        self.table().each_row(each)
    }

    fn stretches(&self) -> Option<&dyn Stretches> {
        self.table().stretches()
    }
}

impl Answer<'_> {
    fn table(&self) -> &dyn Table {
        match self {
            Answer::Output(o) => o,
            Answer::Ranked(r) => r,
        }
    }
}

/// A ranking's rows: per partition (its name, empty without `per`), each row's rank (none in
/// a `where` list) and unit, in order.
pub type Parts = Vec<(String, Vec<(Option<usize>, usize)>)>;

/// A ranking answered but not yet made into cells.
pub struct Ranked<'a> {
    ctx: Context<'a>,
    /// The title, columns and notes; no rows.
    head: Output,
    parts: Parts,
    /// Whether rows start with their partition's name, and then with their rank.
    per: bool,
    ranked: bool,
    show: &'a [Column],
    /// The nodes under which the last column (`imputed`) names each row's imputed leaves, when
    /// some row has one.
    imputed: Option<Vec<NodeId>>,
}

impl<'a> Ranked<'a> {
    /// `head` holds the columns but `imputed`, which is added when some row's unit had a value
    /// imputed at or under one of `nodes` (language chapter 5).
    pub(super) fn new(
        ctx: &Context<'a>,
        mut head: Output,
        parts: Parts,
        (per, ranked): (bool, bool),
        show: &'a [Column],
        nodes: Vec<NodeId>,
    ) -> Ranked<'a> {
        let ctx = Context::indexed(ctx.model(), ctx.results, ctx.scope.source, ctx.index());
        let inputs = &ctx.results.inputs;
        let any = parts
            .iter()
            .flat_map(|(_, rows)| rows)
            .any(|&(_, u)| !inputs.imputed_under(ctx.model(), u, &nodes).is_empty());
        if any {
            head.columns.push(super::treatment::IMPUTED.to_string());
        }
        Ranked {
            ctx,
            head,
            parts,
            per,
            ranked,
            show,
            imputed: any.then_some(nodes),
        }
    }

    pub fn into_output(self) -> Output {
        let mut rows = Vec::with_capacity(self.row_count());
        let _ = self.each_row(&mut |row| {
            rows.push(row.to_vec());
            Ok(())
        });
        Output { rows, ..self.head }
    }

    /// Make a row's cells into `row`, overwriting the texts already there.
    fn fill(&self, group: &str, rank: Option<usize>, u: usize, row: &mut Vec<Cell>) {
        let ctx = &self.ctx;
        let mut at = Slots { row, at: 0 };
        if self.per {
            at.text(group);
        }
        if self.ranked {
            at.put(rank.map_or(Cell::Empty, |r| {
                Cell::Int(i64::try_from(r).unwrap_or(i64::MAX))
            }));
        }
        at.text(ctx.key(u));
        for c in self.show {
            match c {
                Column::Key => at.text(ctx.key(u)),
                Column::Attribute(a) => at.text(ctx.attribute(u, *a)),
                Column::Tier(t) => match ctx.tier_name(*t, u) {
                    Some(name) => at.text(name),
                    None => at.put(Cell::Empty),
                },
                other => at.put(ctx.cell(u, other)),
            }
        }
        if let Some(nodes) = &self.imputed {
            let model = ctx.model();
            let leaves = ctx.results.inputs.imputed_under(model, u, nodes);
            if leaves.is_empty() {
                at.put(Cell::Empty);
            } else {
                at.with_text(|text| {
                    for (i, &leaf) in leaves.iter().enumerate() {
                        if i > 0 {
                            text.push_str(", ");
                        }
                        text.push_str(model.name_of(leaf));
                    }
                });
            }
        }
        let at = at.at;
        row.truncate(at);
    }
}

/// The cells of a row being made, from `at` on: each put over the one there before.
struct Slots<'r> {
    row: &'r mut Vec<Cell>,
    at: usize,
}

impl Slots<'_> {
    fn put(&mut self, cell: Cell) {
        match self.row.get_mut(self.at) {
            Some(slot) => *slot = cell,
            None => self.row.push(cell),
        }
        self.at = self.at.saturating_add(1);
    }

    /// A text cell, written into the text cell there before (no allocation once it is long
    /// enough).
    fn with_text(&mut self, write: impl FnOnce(&mut String)) {
        match self.row.get_mut(self.at) {
            Some(Cell::Text(s)) => {
                s.clear();
                write(s);
                self.at = self.at.saturating_add(1);
            }
            _ => {
                let mut s = String::new();
                write(&mut s);
                self.put(Cell::Text(s));
            }
        }
    }

    fn text(&mut self, text: &str) {
        self.with_text(|s| s.push_str(text));
    }
}

impl Table for Ranked<'_> {
    fn title(&self) -> Option<&str> {
        self.head.title.as_deref()
    }

    fn columns(&self) -> &[String] {
        &self.head.columns
    }

    fn notes(&self) -> &[String] {
        &self.head.notes
    }

    fn row_count(&self) -> usize {
        self.parts.iter().map(|(_, rows)| rows.len()).sum()
    }

    fn each_row(&self, each: &mut dyn FnMut(&[Cell]) -> io::Result<()>) -> io::Result<()> {
        self.each_between(0, usize::MAX, each)
    }

    fn stretches(&self) -> Option<&dyn Stretches> {
        Some(self)
    }
}

impl Stretches for Ranked<'_> {
    fn each_between(
        &self,
        from: usize,
        to: usize,
        each: &mut dyn FnMut(&[Cell]) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut row = Vec::with_capacity(self.head.columns.len());
        // Where each partition's rows start, counted over all.
        let mut start = 0usize;
        for (group, rows) in &self.parts {
            let end = start.saturating_add(rows.len());
            let (a, b) = (from.max(start), to.min(end));
            let stretch = rows.get(a.saturating_sub(start)..b.saturating_sub(start));
            for &(rank, u) in stretch.into_iter().flatten() {
                self.fill(group, rank, u, &mut row);
                each(&row)?;
            }
            start = end;
        }
        Ok(())
    }
}
