//! The human formats, an aligned table and Markdown, written as a table's rows are read: a
//! first pass over the rows finds each column's width and whether it holds numbers, a second
//! writes the lines (rows made as they are written are made twice, never held).

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{ansi, heading, push_human};
use crate::output::{Cell, Table};

/// Per column: the widest cell as printed (and its heading), and whether it is numeric
/// (right-aligned: some cell a number, every other empty or missing).
struct Shape {
    widths: Vec<usize>,
    some_number: Vec<bool>,
    all_numbers: Vec<bool>,
}

impl Shape {
    fn of(t: &dyn Table, headings: &[String]) -> io::Result<Shape> {
        let n = headings.len();
        let mut shape = Shape {
            widths: headings.iter().map(|h| h.width()).collect(),
            some_number: vec![false; n],
            all_numbers: vec![true; n],
        };
        let mut field = String::new();
        t.each_row(&mut |row| {
            let columns = shape.widths.iter_mut().zip(
                shape
                    .some_number
                    .iter_mut()
                    .zip(shape.all_numbers.iter_mut()),
            );
            for (cell, (width, (some, all))) in row.iter().zip(columns) {
                field.clear();
                push_human(&mut field, cell);
                *width = (*width).max(field.width());
                *some |= cell.is_numeric();
                *all &= cell.is_numeric() || matches!(cell, Cell::Empty | Cell::Missing);
            }
            Ok(())
        })?;
        Ok(shape)
    }

    fn numeric(&self, column: usize) -> bool {
        self.some_number.get(column).copied().unwrap_or(false)
            && self.all_numbers.get(column).copied().unwrap_or(true)
    }
}

/// A row's cells as printed, in one reused text: each cell's end in it and its width.
#[derive(Default)]
struct Printed {
    text: String,
    cells: Vec<(usize, usize)>,
}

impl Printed {
    fn fill(&mut self, row: &[Cell]) {
        self.text.clear();
        self.cells.clear();
        for cell in row {
            let start = self.text.len();
            push_human(&mut self.text, cell);
            let width = self.text.get(start..).map_or(0, UnicodeWidthStr::width);
            self.cells.push((self.text.len(), width));
        }
    }

    /// Each cell's text and width.
    fn iter(&self) -> impl Iterator<Item = (&str, usize)> + '_ {
        let starts = std::iter::once(0).chain(self.cells.iter().map(|c| c.0));
        starts
            .zip(&self.cells)
            .map(|(start, &(end, width))| (self.text.get(start..end).unwrap_or(""), width))
    }
}

/// An aligned text table: CJK characters count two columns; numbers right-aligned; `paint`:
/// colours in ANSI.
pub(super) fn table(w: &mut dyn Write, t: &dyn Table, paint: bool) -> io::Result<()> {
    let headings: Vec<String> = t.columns().iter().map(|c| heading(c)).collect();
    let shape = Shape::of(t, &headings)?;
    if let Some(title) = t.title() {
        writeln!(w, "{title}")?;
    }
    // One line: each cell padded to its column's width (numbers on the right), two spaces
    // apart, trailing blanks trimmed.
    let mut line = String::new();
    let mut write_line = |w: &mut dyn Write,
                          cells: &mut dyn Iterator<Item = (&str, usize)>,
                          typed: Option<&[Cell]>|
     -> io::Result<()> {
        line.clear();
        for (i, width) in shape.widths.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let right = shape.numeric(i);
            let (s, sw) = cells.next().unwrap_or(("", 0));
            let code = ansi(typed.and_then(|r| r.get(i))).filter(|_| paint);
            if let Some(code) = code {
                line.push_str(code);
            }
            let fill = width.saturating_sub(sw);
            if !right {
                line.push_str(s);
            }
            line.extend(std::iter::repeat_n(' ', fill));
            if right {
                line.push_str(s);
            }
            if code.is_some() {
                line.push_str("\x1b[0m");
            }
        }
        w.write_all(line.trim_end().as_bytes())?;
        w.write_all(b"\n")
    };
    let mut heads = headings.iter().map(|h| (h.as_str(), h.width()));
    write_line(w, &mut heads, None)?;
    let rule: Vec<String> = shape.widths.iter().map(|n| "─".repeat(*n)).collect();
    writeln!(w, "{}", rule.join("  "))?;
    let mut printed = Printed::default();
    t.each_row(&mut |row| {
        printed.fill(row);
        write_line(w, &mut printed.iter(), Some(row))
    })?;
    for n in t.notes() {
        writeln!(w, "{n}")?;
    }
    Ok(())
}

/// A Markdown table: numeric columns (some cell a number) aligned right, `|` escaped.
pub(super) fn markdown(w: &mut dyn Write, t: &dyn Table) -> io::Result<()> {
    let esc = |s: &str| s.replace('|', "\\|");
    if let Some(title) = t.title() {
        writeln!(w, "### {title}\n")?;
    }
    let columns = t.columns();
    let headings: Vec<String> = columns.iter().map(|c| esc(&heading(c))).collect();
    writeln!(w, "| {} |", headings.join(" | "))?;
    let mut numeric = vec![false; columns.len()];
    t.each_row(&mut |row| {
        for (n, cell) in numeric.iter_mut().zip(row) {
            *n |= cell.is_numeric();
        }
        Ok(())
    })?;
    let aligns: Vec<&str> = numeric
        .iter()
        .map(|&n| if n { "---:" } else { "---" })
        .collect();
    writeln!(w, "| {} |", aligns.join(" | "))?;
    let mut line = String::new();
    let mut field = String::new();
    t.each_row(&mut |row| {
        line.clear();
        line.push('|');
        for cell in row {
            field.clear();
            push_human(&mut field, cell);
            line.push(' ');
            if field.contains('|') {
                line.push_str(&esc(&field));
            } else {
                line.push_str(&field);
            }
            line.push_str(" |");
        }
        if row.is_empty() {
            line.push_str("  |");
        }
        line.push('\n');
        w.write_all(line.as_bytes())
    })?;
    if !t.notes().is_empty() {
        w.write_all(b"\n")?;
        for n in t.notes() {
            writeln!(w, "{n}")?;
        }
    }
    Ok(())
}
