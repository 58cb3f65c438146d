//! JSON, written as it is serialised (issue 14): rows go straight to serde_json's pretty
//! writer instead of through a `serde_json::Value` per row and cell. The bytes are those of
//! the tree of values (`value` builds it, for a table whose columns repeat a name: an object
//! keeps one entry per key).

use std::collections::HashSet;
use std::io::{self, Write};

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Number, Value};

use super::machine;
use crate::output::{Cell, Output, Table};

/// One output alone: an array of rows, each an object keyed by column.
pub(super) fn json(w: &mut dyn Write, t: &dyn Table) -> io::Result<()> {
    pretty(w, &Rows(t))
}

/// Several outputs as one JSON document: `{"总排名": {"title": …, "columns": […], "rows": […],
/// "notes": […]}, …}`, in the order given.
pub fn json_document(outputs: &[(String, Output)]) -> String {
    super::text_of(|w| document(w, outputs))
}

/// [`json_document`], written as the rows are read.
pub(super) fn document<T: Table>(w: &mut dyn Write, outputs: &[(String, T)]) -> io::Result<()> {
    // A report named twice on the command line keeps both answers.
    let mut taken: HashSet<String> = HashSet::new();
    let mut entries: Vec<(String, &dyn Table)> = Vec::with_capacity(outputs.len());
    for (name, o) in outputs {
        let mut key = name.clone();
        let mut n = 1u32;
        while taken.contains(&key) {
            n = n.saturating_add(1);
            key = format!("{name} ({n})");
        }
        taken.insert(key.clone());
        entries.push((key, o));
    }
    pretty(w, &Document(&entries))
}

/// Pretty JSON and a final newline; serde_json's errors are the writer's.
fn pretty(w: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, value)?;
    w.write_all(b"\n")
}

struct Document<'a>(&'a [(String, &'a dyn Table)]);

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, o) in self.0 {
            map.serialize_entry(name, &Entry(*o))?;
        }
        map.end()
    }
}

/// One report of a document: its title, columns, rows and notes.
struct Entry<'a>(&'a dyn Table);

impl Serialize for Entry<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let o = self.0;
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("title", &o.title())?;
        map.serialize_entry("columns", o.columns())?;
        map.serialize_entry("rows", &Rows(o))?;
        map.serialize_entry("notes", o.notes())?;
        map.end()
    }
}

/// A table's rows: an array of objects keyed by column, serialised as they are read.
struct Rows<'a>(&'a dyn Table);

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let o = self.0;
        let columns = o.columns();
        let distinct = {
            let mut seen = HashSet::with_capacity(columns.len());
            columns.iter().all(|c| seen.insert(c.as_str()))
        };
        let mut seq = s.serialize_seq(Some(o.row_count()))?;
        // The serialiser's error, kept while the rows stop (they stop on an I/O error only).
        let mut failed = None;
        let _ = o.each_row(&mut |row| {
            let done = if distinct {
                seq.serialize_element(&Row(columns, row))
            } else {
                seq.serialize_element(&object(columns, row))
            };
            done.map_err(|e| {
                failed = Some(e);
                io::Error::other("stopped")
            })
        });
        match failed {
            Some(e) => Err(e),
            None => seq.end(),
        }
    }
}

/// A row as an object, its columns all different: each cell under its column.
struct Row<'a>(&'a [String], &'a [Cell]);

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len().min(self.1.len())))?;
        for (k, v) in self.0.iter().zip(self.1) {
            map.serialize_entry(k, &JsonCell(v))?;
        }
        map.end()
    }
}

/// A row as an object of values, where a column named twice keeps its first place and its
/// last cell.
fn object(columns: &[String], row: &[Cell]) -> Value {
    let map: Map<String, Value> = columns
        .iter()
        .zip(row)
        .map(|(k, v)| (k.clone(), value(v)))
        .collect();
    Value::Object(map)
}

/// A cell as a JSON value.
fn value(cell: &Cell) -> Value {
    serde_json::to_value(JsonCell(cell)).unwrap_or(Value::Null)
}

/// A cell in JSON: text as a string, an integer as a number, an empty or missing value as
/// `null`, and a decimal as the number its CSV text reads as (a string if it is none).
struct JsonCell<'a>(&'a Cell);

impl Serialize for JsonCell<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Cell::Text(t)
            | Cell::Tree(t, _)
            | Cell::Colour(t, _)
            | Cell::Word { machine: t, .. } => s.serialize_str(t),
            Cell::Int(i) => s.serialize_i64(*i),
            Cell::Empty | Cell::Missing => s.serialize_unit(),
            Cell::Float(f, _) if f.is_nan() => s.serialize_unit(),
            other => {
                let text = machine(other);
                // A plain decimal string parses as a JSON number with the same digits.
                match serde_json::from_str::<Number>(&text) {
                    Ok(n) => n.serialize(s),
                    Err(_) => s.serialize_str(&text),
                }
            }
        }
    }
}
