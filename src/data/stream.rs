//! A plain CSV file in UTF-8 (most data files) read and bound a piece at a time: its text is
//! never held whole (a million rows are 430 MB), and each piece is read, checked as UTF-8 and
//! cut into rows while the one before is bound, in parallel. Whatever this path does not take
//! — a workbook, another encoding, a quote, a line longer than a piece, a problem in any row, a
//! key given twice, a file changed while read — gives None, and the file is read whole and
//! bound as before ([`super::read_data`], [`super::bind`]), which says what the problem is.
//! Both give the same dataset (tests/scale/stream.rs): a table of rows' lines and offsets whose
//! cells are found again by reading the file again ([`super::Table::compact`]).

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::bind::{unique, Binder};
use super::lines::Finder;
use super::{Dataset, Row, Table};
use crate::diag::Diags;
use crate::input::Stamp;
use crate::model::Model;
use crate::source::Source;

/// Bytes read at a time (a line longer than this sends the file the careful way).
const PIECE: usize = 8 << 20;

/// A plain UTF-8 CSV file read and bound to `model` a piece at a time, or None when it must be
/// read whole and bound the careful way (see the module's notes).
pub fn read_bound(model: &Model, path: &Path) -> Option<Dataset> {
    read_bound_in(model, path, PIECE)
}

/// [`read_bound`] reading `piece` bytes at a time (tests cut a small file into many pieces).
#[doc(hidden)]
pub fn read_bound_in(model: &Model, path: &Path, piece: usize) -> Option<Dataset> {
    if super::is_workbook(path) || piece == 0 {
        return None;
    }
    let stamp = Stamp::of(path)?;
    let file = File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    // A pipe is read once, the careful way (it could not be read again after a problem).
    if !meta.is_file() {
        return None;
    }
    let size = usize::try_from(meta.len()).ok()?;
    let mut pieces = Pieces {
        file,
        piece,
        tail: Vec::new(),
        base: 0,
        started: false,
        ended: false,
        finder: Finder::default(),
        delimiter: b',',
    };
    // Blank lines may come before the header, in as many pieces as they fill.
    let mut piece = pieces.next(Vec::new())??;
    while pieces.finder.header.is_none() {
        piece = pieces.next(piece.text.into_bytes())??;
    }
    let name = path.display().to_string();
    let mut table = Table {
        source: Source::new(name.clone(), ""),
        encoding: "UTF-8",
        header: pieces.finder.header.clone()?,
        rows: Vec::new(),
        origin: Some((path.to_path_buf(), stamp.clone())),
        plain: true,
    };
    // As many rows as the first piece's rows of the file's size, and a tenth more.
    let estimate = piece
        .text
        .len()
        .checked_div(piece.rows.len())
        .and_then(|per_row| size.checked_div(per_row))
        .map_or(0, |n| n.saturating_add(n / 10).saturating_add(16));
    let mut rows: Vec<Row> = Vec::with_capacity(estimate);
    let mut units = Vec::with_capacity(estimate);
    {
        let mut diags = Diags::new();
        let binder = Binder::new(model, &table, &mut diags);
        if !diags.is_empty() {
            return None;
        }
        let delimiter = pieces.delimiter;
        let mut spare = Vec::new();
        loop {
            let first = rows.len();
            let (next, bound) = rayon::join(
                || pieces.next(std::mem::take(&mut spare)),
                || {
                    let Piece { text, base, rows } = &piece;
                    binder.rows_in_parallel(text, delimiter, *base, rows, first, &mut units)
                },
            );
            bound?;
            rows.append(&mut piece.rows);
            spare = piece.text.into_bytes();
            match next? {
                Some(p) => piece = p,
                None => break,
            }
        }
    }
    if !unique(&units) || Stamp::of(path).as_ref() != Some(&stamp) {
        return None;
    }
    table.rows = rows;
    table.source = Source::file(name, String::new()).without_text(super::read_again(
        path.to_path_buf(),
        stamp,
        pieces.base,
    ));
    Some(Dataset {
        table,
        units,
        carried: std::collections::HashMap::new(),
    })
}

/// A run of whole lines of the file, as text, and the rows found in it.
struct Piece {
    text: String,
    /// Where `text` starts in the file's text (after a byte order mark).
    base: usize,
    rows: Vec<Row>,
}

/// The file read a piece at a time, each cut after its last line end.
struct Pieces {
    file: File,
    /// Bytes read at a time.
    piece: usize,
    /// The bytes read after the last piece's last line end.
    tail: Vec<u8>,
    /// Where the next piece starts in the file's text.
    base: usize,
    started: bool,
    ended: bool,
    finder: Finder,
    /// Decided by the first piece's first line, as [`super::delimiter`] decides for a text.
    delimiter: u8,
}

impl Pieces {
    /// The next piece, read into `buffer`: `Some(None)` at the end of the file, None when the
    /// file cannot be read this way (not UTF-8, not plain, a line longer than a piece).
    fn next(&mut self, mut buffer: Vec<u8>) -> Option<Option<Piece>> {
        buffer.clear();
        buffer.append(&mut self.tail);
        if !self.ended {
            let want = u64::try_from(self.piece).ok()?;
            let read = (&mut self.file).take(want).read_to_end(&mut buffer).ok()?;
            self.ended = read < self.piece;
        }
        if !self.started {
            self.started = true;
            match encoding_rs::Encoding::for_bom(&buffer) {
                None => {}
                Some((encoding, bom)) if encoding == encoding_rs::UTF_8 => {
                    buffer.drain(..bom);
                }
                Some(_) => return None,
            }
        }
        if buffer.is_empty() {
            return if self.ended { Some(None) } else { None };
        }
        let cut = if self.ended {
            buffer.len()
        } else {
            buffer.iter().rposition(|&b| b == b'\n')?.checked_add(1)?
        };
        self.tail.extend_from_slice(buffer.get(cut..)?);
        buffer.truncate(cut);
        let text = String::from_utf8(buffer).ok()?;
        if !super::lines::plain(&text) {
            return None;
        }
        if self.base == 0 {
            self.delimiter = super::delimiter(&text);
        }
        let base = self.base;
        self.base = base.checked_add(text.len())?;
        let mut rows = Vec::new();
        self.finder.feed(&text, base, self.delimiter, &mut rows);
        Some(Some(Piece { text, base, rows }))
    }
}
