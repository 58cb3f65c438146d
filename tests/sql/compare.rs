//! Comparing an engine's answer with cix's: the same header; the same rows (as a multiset: ties
//! and groups may come in another order); the rank column, when there is one, in the same order
//! within each group; numbers equal at cix's displayed decimals, both rounded half away from
//! zero. One allowance: where cix's exact value lies within 10⁻⁸ of a display unit from a
//! rounding midpoint, the engines (12 decimals, DuckDB's quotients in floating point) may round
//! to either neighbour — cix's own 28 digits decide such a case no better.

use std::str::FromStr;

use cix::output::{Cell, Output};
use cix::report::fixed;
use rust_decimal::Decimal;

/// A cell cix answers: text, or an exact number and the decimals it is shown with.
#[derive(Clone, Debug)]
pub enum Exp {
    Text(String),
    Num(Decimal, u32),
}

impl Exp {
    fn shown(&self) -> String {
        match self {
            Exp::Text(t) => canonical(t),
            Exp::Num(v, dp) => canonical(&fixed(*v, *dp)),
        }
    }

    fn matches(&self, sql: &str) -> bool {
        let shown = self.shown();
        if shown == canonical(sql) {
            return true;
        }
        let (Exp::Num(v, dp), Ok(s)) = (self, Decimal::from_str(sql.trim())) else {
            return false;
        };
        let unit = Decimal::new(1, *dp);
        let scaled = *v / unit;
        let frac = (scaled - scaled.floor()).abs();
        let near_midpoint = (frac - Decimal::new(5, 1)).abs() < Decimal::new(1, 8);
        near_midpoint && (s - Decimal::from_str(&shown).unwrap()).abs() == unit
    }
}

/// cix's answer: a header and rows.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Exp>>,
}

impl Table {
    /// A query's output, its numbers exact. The `imputed` column (cix marks the leaves it
    /// imputed, language chapter 5) is left out: the compiled SQL fills the same values but
    /// does not mark them.
    pub fn of(out: &Output) -> Table {
        let keep: Vec<bool> = out.columns.iter().map(|c| c != "imputed").collect();
        let rows = out
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .zip(&keep)
                    .filter(|(_, k)| **k)
                    .map(|(c, _)| match c {
                        Cell::Num(v, dp) => Exp::Num(*v, *dp),
                        Cell::Rate(v) => Exp::Num(*v, 4),
                        Cell::Int(i) => Exp::Text(i.to_string()),
                        Cell::Text(t)
                        | Cell::Tree(t, _)
                        | Cell::Colour(t, _)
                        | Cell::Word { machine: t, .. } => Exp::Text(t.clone()),
                        Cell::Float(f, dp) => Exp::Text(format!("{f:.*}", *dp as usize)),
                        Cell::Empty | Cell::Missing => Exp::Text(String::new()),
                    })
                    .collect()
            })
            .collect();
        Table {
            header: out
                .columns
                .iter()
                .filter(|c| *c != "imputed")
                .cloned()
                .collect(),
            rows,
        }
    }
}

fn read(csv_text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(csv_text.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// A number in one spelling (5.00 and 5.0 and 5 alike), text as it is.
fn canonical(cell: &str) -> String {
    match Decimal::from_str(cell.trim()) {
        Ok(d) => d.normalize().to_string(),
        Err(_) => cell.to_string(),
    }
}

/// Each group's ranks in order (groups sorted by name).
fn rank_order(rows: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut v = rows;
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

pub fn compare(cix: &Table, engine: &str) -> Result<(), String> {
    let (header, sql) = read(engine);
    if cix.header != header {
        return Err(format!(
            "columns differ:\n  cix: {:?}\n  sql: {header:?}",
            cix.header
        ));
    }
    if cix.rows.len() != sql.len() {
        return Err(format!(
            "cix has {} rows, sql {}",
            cix.rows.len(),
            sql.len()
        ));
    }
    if let Some(rank) = header.iter().position(|h| h == "排名") {
        let group = |r: usize| if rank > 0 { Some(r) } else { None };
        let mine = rank_order(
            cix.rows
                .iter()
                .map(|r| {
                    (
                        group(0).map_or(String::new(), |g| r[g].shown()),
                        r[rank].shown(),
                    )
                })
                .collect(),
        );
        let theirs = rank_order(
            sql.iter()
                .map(|r| {
                    (
                        group(0).map_or(String::new(), |g| r[g].clone()),
                        r[rank].clone(),
                    )
                })
                .collect(),
        );
        if mine != theirs {
            return Err("ranks come in another order".into());
        }
    }
    let mut mine: Vec<&Vec<Exp>> = cix.rows.iter().collect();
    mine.sort_by_key(|r| r.iter().map(Exp::shown).collect::<Vec<_>>());
    let mut theirs: Vec<&Vec<String>> = sql.iter().collect();
    theirs.sort_by_key(|r| r.iter().map(|c| canonical(c)).collect::<Vec<_>>());
    for (a, b) in mine.iter().zip(&theirs) {
        if a.len() != b.len() || !a.iter().zip(b.iter()).all(|(e, s)| e.matches(s)) {
            let shown: Vec<String> = a.iter().map(Exp::shown).collect();
            return Err(format!("row differs:\n  cix: {shown:?}\n  sql: {b:?}"));
        }
    }
    Ok(())
}
