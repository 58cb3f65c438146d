//! CSV, written as a table's rows are read (the csv crate's writer, its buffer passed on to the
//! writer given as it fills).

use std::io::{self, Write};

use rayon::prelude::*;

use super::push_machine;
use crate::output::{Cell, Stretches, Table};

/// Rows a thread makes and writes at once, when a table's rows can be made apart.
const STRETCH: usize = 4096;

/// CSV ending each line with `terminator`: the columns, then each row, cells as the machine
/// reads them (the same in every language). Only the writer's errors stop it: a row longer or
/// shorter than the first is written as the csv writer leaves it (as it always was).
pub(super) fn csv(w: &mut dyn Write, t: &dyn Table, terminator: csv::Terminator) -> io::Result<()> {
    let n = t.row_count();
    if let Some(stretches) = t.stretches().filter(|_| n > STRETCH.saturating_mul(2)) {
        return in_stretches(w, t.columns(), stretches, n, terminator);
    }
    let mut out = writer(w, terminator);
    written(out.write_record(t.columns()))?;
    t.each_row(&mut record(&mut out))?;
    out.flush()
}

fn writer<W: Write>(w: W, terminator: csv::Terminator) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(terminator)
        .buffer_capacity(1 << 16)
        .from_writer(w)
}

/// Write a row as one record.
fn record<W: Write>(out: &mut csv::Writer<W>) -> impl FnMut(&[Cell]) -> io::Result<()> + '_ {
    // One buffer for every field: a field is written, then the buffer cleared.
    let mut field = String::new();
    move |row| {
        for cell in row {
            field.clear();
            push_machine(&mut field, cell);
            written(out.write_field(&field))?;
        }
        written(out.write_record(None::<&[u8]>))
    }
}

/// The rows made and written a stretch at a time, the stretches of a window in parallel, then
/// written in order: the same bytes (every row has one cell per column, as the header, so no
/// record's length differs), on every core.
fn in_stretches(
    w: &mut dyn Write,
    columns: &[String],
    stretches: &dyn Stretches,
    n: usize,
    terminator: csv::Terminator,
) -> io::Result<()> {
    let mut out = writer(&mut *w, terminator);
    written(out.write_record(columns))?;
    out.flush()?;
    drop(out);
    let starts: Vec<usize> = (0..n).step_by(STRETCH).collect();
    let window = rayon::current_num_threads().saturating_mul(4).max(1);
    for some in starts.chunks(window) {
        let texts: Vec<io::Result<Vec<u8>>> = some
            .par_iter()
            .map(|&from| {
                let mut out = writer(Vec::new(), terminator);
                let to = from.saturating_add(STRETCH).min(n);
                stretches.each_between(from, to, &mut record(&mut out))?;
                out.into_inner().map_err(|e| e.into_error())
            })
            .collect();
        for text in texts {
            w.write_all(&text?)?;
        }
    }
    Ok(())
}

/// A csv writer's result: its writer's failure, or nothing (a record's length differing from
/// the first's is not the writer's concern here).
fn written(r: csv::Result<()>) -> io::Result<()> {
    match r.map_err(csv::Error::into_kind) {
        Err(csv::ErrorKind::Io(e)) => Err(e),
        _ => Ok(()),
    }
}
