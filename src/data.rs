//! Stage 3, data: a CSV file → a [`Table`] of text cells that remember where they were written,
//! and a table bound to a model → a [`Dataset`] of units with exact values.
//!
//! Files saved by Excel read without being told: UTF-8 with or without BOM, UTF-16 with BOM,
//! and GBK/GB18030 (detected when the bytes are not UTF-8). Comma- or tab-separated.
// Not yet free of panicking operations (issue 8): remove this line once the file is.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::{Model, NodeId};
use crate::source::{Source, Span};
use crate::suggest;

/// One cell of text and where it stands in the decoded file.
#[derive(Clone, Debug)]
pub struct Cell {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Row {
    /// 1-based line in the file.
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// A CSV file as text cells, header apart.
#[derive(Clone, Debug)]
pub struct Table {
    pub source: Source,
    /// Which encoding the bytes were in, e.g. `UTF-8`, `GB18030`.
    pub encoding: &'static str,
    pub header: Vec<Cell>,
    pub rows: Vec<Row>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|c| c.text == name)
    }

    pub fn column_names(&self) -> impl Iterator<Item = &str> {
        self.header.iter().map(|c| c.text.as_str())
    }

    /// The span of a whole line (for problems with a row rather than a cell).
    pub fn row_span(&self, row: &Row) -> Span {
        match (row.cells.first(), row.cells.last()) {
            (Some(a), Some(b)) => a.span.join(b.span),
            _ => Span::default(),
        }
    }
}

/// Read and parse a CSV file.
pub fn read_table(path: &Path) -> Result<Table, Diag> {
    let display = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        Diag::error(codes::E003, format!("cannot read `{display}`: {}", io_reason(&e)))
            .help("check the path; a `data` path is relative to the spec file, `--data` to the current directory")
    })?;
    let (text, encoding) = decode(&bytes).map_err(|d| Diag {
        message: format!("`{display}` {}", d.message),
        ..d
    })?;
    parse_table(Source::new(display, text), encoding)
}

pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string().to_lowercase(),
    }
}

/// Decode bytes as Excel writes them: a BOM decides; otherwise UTF-8 if valid, else GB18030.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), Diag> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(Diag::error(
                codes::E201,
                format!(
                    "is not valid {} although it starts with that byte-order mark",
                    enc.name()
                ),
            )
            .help("save the file again from Excel as `CSV UTF-8 (逗号分隔)`"));
        }
        return Ok((text.into_owned(), enc.name()));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), "UTF-8"));
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(
            Diag::error(codes::E201, "is neither UTF-8 nor GBK/GB18030 text")
                .help("save the file as `CSV UTF-8 (逗号分隔)` from Excel, or convert it to UTF-8"),
        );
    }
    Ok((text.into_owned(), "GB18030"))
}

/// Parse decoded CSV text; every cell keeps its span.
pub fn parse_table(source: Source, encoding: &'static str) -> Result<Table, Diag> {
    let text = source.text();
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains('\t') && !first_line.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let start = record.position().map_or(0, |p| p.byte() as usize);
                let line = record.position().map_or(0, |p| p.line() as usize);
                let spans = field_spans(text, start, delimiter as char);
                let cells = record
                    .iter()
                    .enumerate()
                    .map(|(i, t)| Cell {
                        text: t.trim().to_string(),
                        span: spans.get(i).copied().unwrap_or(Span::new(start, start)),
                    })
                    .collect::<Vec<_>>();
                // Skip blank lines (Excel leaves them at the end).
                if cells.iter().all(|c| c.text.is_empty()) {
                    continue;
                }
                records.push(Row { line, cells });
            }
            Err(e) => {
                let (offset, line) = e
                    .position()
                    .map_or((0, 0), |p| (p.byte() as usize, p.line()));
                return Err(
                    Diag::error(codes::E202, format!("malformed CSV at line {line}"))
                        .in_source(&source)
                        .label(Span::new(offset, offset), "here")
                        .help("check the quotes on this line: a quoted cell must end with `\"`"),
                );
            }
        }
    }
    let mut rows = records.into_iter();
    let header = match rows.next() {
        Some(h) => h.cells,
        None => {
            return Err(
                Diag::error(codes::E202, format!("`{}` is empty", source.name()))
                    .help("the first line must name the columns, e.g. `城市,省份,…`"),
            )
        }
    };
    Ok(Table {
        source,
        encoding,
        header,
        rows: rows.collect(),
    })
}

/// Byte spans of the fields of the record starting at `start` (contents without quotes).
fn field_spans(text: &str, start: usize, delimiter: char) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = start;
    loop {
        if i < bytes.len() && bytes[i] == b'"' {
            let open = i + 1;
            let mut j = open;
            while j < bytes.len() {
                if bytes[j] == b'"' {
                    if bytes.get(j + 1) == Some(&b'"') {
                        j += 2;
                        continue;
                    }
                    break;
                }
                j += 1;
            }
            spans.push(Span::new(open, j));
            i = (j + 1).min(bytes.len());
            while i < bytes.len()
                && bytes[i] != delimiter as u8
                && bytes[i] != b'\n'
                && bytes[i] != b'\r'
            {
                i += 1;
            }
        } else {
            let s = i;
            while i < bytes.len()
                && bytes[i] != delimiter as u8
                && bytes[i] != b'\n'
                && bytes[i] != b'\r'
            {
                i += 1;
            }
            // Trim the span like the text.
            let raw = &text[s..i];
            let lead = raw.len() - raw.trim_start().len();
            let trail = raw.len() - raw.trim_end().len();
            spans.push(Span::new(s + lead, (i - trail).max(s + lead)));
        }
        if i < bytes.len() && bytes[i] == delimiter as u8 {
            i += 1;
            continue;
        }
        break;
    }
    spans
}

/// One unit (a city) of a dataset.
#[derive(Clone, Debug)]
pub struct Unit {
    pub key: String,
    /// Values of the model's attributes, in the model's order.
    pub attributes: Vec<String>,
    /// Values of the leaf columns, indexed like [`Model::nodes`] (None for non-leaves and for
    /// missing values; after [`crate::scoring::apply`], the leaves' points).
    pub values: Vec<Option<Decimal>>,
    /// The text of cells read as categories (rubrics of categories), indexed like `values`.
    pub texts: Vec<Option<String>>,
    /// Where each leaf's cell is in the data file, indexed like `values`.
    pub cells: Vec<Option<Span>>,
    pub line: usize,
}

/// A table bound to a model: the units with exact values.
#[derive(Clone, Debug)]
pub struct Dataset {
    pub table: Table,
    pub units: Vec<Unit>,
}

impl Dataset {
    pub fn unit(&self, key: &str) -> Option<usize> {
        self.units.iter().position(|u| u.key == key)
    }
}

/// Bind a table to a model: find the key, attribute and leaf columns; parse every value; check
/// duplicates and ranges. All problems at once: spec-side ones point into the spec, cell-side
/// ones into the CSV.
pub fn bind(model: &Model, table: Table) -> Result<Dataset, Diags> {
    let mut diags = Diags::new();
    let names: Vec<&str> = table.column_names().collect();
    let unknown_column = |what: &str, name: &str, span: Span| {
        Diag::error(
            codes::E103,
            format!(
                "{what} `{name}` is not a column of `{}`",
                table.source.name()
            ),
        )
        .in_source(&model.source)
        .label(span, "no such column")
    };

    let key_col = match table.column(&model.key.node) {
        Some(i) => Some(i),
        None => {
            let d = Diag::error(
                codes::E203,
                format!(
                    "the key column `{}` is missing from `{}`",
                    model.key.node,
                    table.source.name()
                ),
            )
            .in_source(&table.source)
            .label(
                table.header.first().map_or(Span::default(), |c| {
                    c.span.join(table.header.last().map_or(c.span, |l| l.span))
                }),
                "these are the columns",
            )
            .help(
                suggest::did_you_mean(&model.key.node, names.iter().copied()).unwrap_or_else(
                    || {
                        format!(
                            "add a column `{}` naming each unit, or change `key` in the spec",
                            model.key.node
                        )
                    },
                ),
            );
            diags.push(d);
            None
        }
    };

    let mut attr_cols = Vec::new();
    for a in &model.attributes {
        match table.column(&a.node) {
            Some(i) => attr_cols.push(Some(i)),
            None => {
                diags.push(unknown_column("attribute", &a.node, a.span).help(
                    suggest::did_you_mean(&a.node, names.iter().copied()).unwrap_or_else(|| {
                        format!(
                            "add a column `{}` to the data or remove it from `attributes`",
                            a.node
                        )
                    }),
                ));
                attr_cols.push(None);
            }
        }
    }

    let mut leaf_cols: Vec<(NodeId, usize)> = Vec::new();
    for node in model.leaves() {
        let n = &model.nodes[node];
        let Some(col) = &n.column else { continue };
        match table.column(&col.node) {
            Some(i) => leaf_cols.push((node, i)),
            // `missing zero` and no column at all: every value stays absent and scores 0
            // (project::load warns, W501).
            None if n.scoring.missing == crate::rules::Missing::Zero => {}
            None => diags.push(
                unknown_column("indicator column", &col.node, col.span).help(
                    suggest::did_you_mean(&col.node, names.iter().copied()).unwrap_or_else(|| {
                        format!(
                            "add a column `{}` to the data, or read another column with `from`",
                            col.node
                        )
                    }),
                ),
            ),
        }
    }

    let mut units = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let cell = |i: usize| row.cells.get(i);
        let key = match key_col.and_then(cell) {
            Some(c) if !c.text.is_empty() => c.text.clone(),
            Some(c) => {
                diags.push(
                    Diag::error(
                        codes::E208,
                        format!("row {} has an empty `{}`", row.line, model.key.node),
                    )
                    .in_source(&table.source)
                    .label(c.span, "empty key")
                    .help("every row needs a unit name; delete the row if it is not a unit"),
                );
                continue;
            }
            None if key_col.is_some() => {
                diags.push(short_row(&table, row, model.key.node.as_str()));
                continue;
            }
            None => continue,
        };
        if let Some(&prev_line) = seen.get(&key) {
            let span = key_col.and_then(cell).map_or(Span::default(), |c| c.span);
            diags.push(
                Diag::error(
                    codes::E206,
                    format!(
                        "unit `{key}` appears twice, on lines {prev_line} and {}",
                        row.line
                    ),
                )
                .in_source(&table.source)
                .label(span, "second time")
                .help("remove one of the two rows, or give the units distinct names"),
            );
            continue;
        }
        seen.insert(key.clone(), row.line);

        let attributes = attr_cols
            .iter()
            .map(|c| c.and_then(cell).map(|c| c.text.clone()).unwrap_or_default())
            .collect();
        let mut values = vec![None; model.nodes.len()];
        let mut texts = vec![None; model.nodes.len()];
        let mut cells = vec![None; model.nodes.len()];
        for &(node, col) in &leaf_cols {
            let n = &model.nodes[node];
            let colname = table.header[col].text.as_str();
            let Some(c) = cell(col) else {
                diags.push(short_row(&table, row, colname));
                continue;
            };
            cells[node] = Some(c.span);
            let scoring = &n.scoring;
            if c.text.is_empty() && scoring.missing != crate::rules::Missing::Error {
                continue;
            }
            if scoring
                .rule
                .as_ref()
                .is_some_and(|r| r.node.method.is_categorical())
            {
                texts[node] = Some(c.text.clone());
                continue;
            }
            let range = match scoring.rule.as_ref().map(|r| &r.node.method) {
                None | Some(crate::rules::Method::Given) => Some(n.max),
                Some(crate::rules::Method::GivenScale(hi)) => Some(*hi),
                Some(_) => None,
            };
            if c.text.is_empty() {
                diags.push(
                    Diag::error(
                        codes::E205,
                        format!("`{key}` has no value for `{colname}` (line {}, column {})", row.line, col + 1),
                    )
                    .in_source(&table.source)
                    .label(c.span, "empty cell")
                    .help(format!("fill in the value, or declare what a missing value means, e.g. `missing mean` in the block of `{}`", n.name)),
                );
                continue;
            }
            match parse_number(&c.text) {
                Some(v) => {
                    let max = range.unwrap_or(v);
                    if range.is_some() && (v < Decimal::ZERO || v > max) {
                        diags.push(
                            Diag::error(
                                codes::E207,
                                format!(
                                    "`{key}` has `{colname}` = {} outside 0 … {} (line {}, column {})",
                                    c.text, max.normalize(), row.line, col + 1
                                ),
                            )
                            .in_source(&table.source)
                            .label(c.span, format!("should be between 0 and {}", max.normalize()))
                            .help(match (range, &model.scale) {
                                (Some(r), _) if r != n.max => format!("`{}` reads values given on 0 … {}; check the value", n.name, r.normalize()),
                                (_, crate::rules::Scale::Range(_)) => format!("`{}` is worth {} of the index; if the column holds a score in [0, 1], say `score given 0-1`", n.name, n.max.normalize()),
                                _ => format!("`{}` is worth {} points; check the value or the weight", n.name, n.max.normalize()),
                            }),
                        );
                    }
                    values[node] = Some(v);
                }
                None => diags.push(
                    Diag::error(
                        codes::E204,
                        format!(
                            "`{key}` has `{colname}` = `{}`, which is not a number (line {}, column {})",
                            c.text, row.line, col + 1
                        ),
                    )
                    .in_source(&table.source)
                    .label(c.span, "not a number")
                    .help("write a plain decimal such as `4.75`"),
                ),
            }
        }
        units.push(Unit {
            key,
            attributes,
            values,
            texts,
            cells,
            line: row.line,
        });
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(Dataset { table, units })
    }
}

fn short_row(table: &Table, row: &Row, column: &str) -> Diag {
    Diag::error(
        codes::E202,
        format!(
            "line {} has {} cells and stops before column `{column}`",
            row.line,
            row.cells.len()
        ),
    )
    .in_source(&table.source)
    .label(table.row_span(row), "this row is short")
    .help(format!(
        "give every row as many cells as the header has ({})",
        table.header.len()
    ))
}

/// A cell as a decimal: `4.75`, `-1`, `1e3` is refused (write plain decimals), full-width digits
/// and a full-width minus are read like ASCII.
pub fn parse_number(text: &str) -> Option<Decimal> {
    let ascii: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '－' | '−' => '-',
            _ => c,
        })
        .collect();
    let t = ascii.trim();
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+')
    {
        return None;
    }
    Decimal::from_str(t).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_and_gbk() {
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("城市,总分\n杭州,1\n".as_bytes());
        let (t, e) = decode(&bom).unwrap();
        assert_eq!(e, "UTF-8");
        assert!(t.starts_with("城市"));

        let (gbk, _, _) = encoding_rs::GBK.encode("城市,总分\n杭州,1\n");
        let (t, e) = decode(&gbk).unwrap();
        assert_eq!(e, "GB18030");
        assert_eq!(t, "城市,总分\n杭州,1\n");
    }

    #[test]
    fn cells_keep_their_spans() {
        let src = Source::new("t.csv", "a,b\n\"x, y\", 2 \n");
        let t = parse_table(src.clone(), "UTF-8").unwrap();
        let c = &t.rows[0].cells[0];
        assert_eq!(c.text, "x, y");
        assert_eq!(&src.text()[c.span.start..c.span.end], "x, y");
        let c = &t.rows[0].cells[1];
        assert_eq!(&src.text()[c.span.start..c.span.end], "2");
        assert_eq!(t.rows[0].line, 2);
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("4.70"), Some(Decimal::new(470, 2)));
        assert_eq!(parse_number("４．５"), Some(Decimal::new(45, 1)));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("1e3"), None);
    }
}
