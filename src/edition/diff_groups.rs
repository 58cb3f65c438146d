//! `cix diff` for groups of units (language chapter 7) and uncertainties (chapter 8): the
//! sample, methods by group, roll-ups, years, blends and measures, the runs and seed and each
//! assumption of two editions, matched by what they declare (the sample; the group; the level;
//! the name) and compared as written (blank space aside).

use crate::model::Model;
use crate::source::Span;

use super::diff::{Change, Kind, Subject};

/// One declaration as `cix diff` names and shows it: (name, text as written).
fn declared(m: &Model) -> Vec<(String, String)> {
    let text = |span: Span| {
        m.source
            .text()
            .get(span.start..span.end)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            // Blank space before a comma is blank space too (`a ,  b` is `a, b`).
            .replace(" ,", ",")
    };
    let g = &m.grouping;
    let mut out = Vec::new();
    if let Some(s) = &g.sample {
        out.push(("sample".to_string(), text(s.span)));
    }
    for meth in &g.methods {
        let group = m
            .groups
            .get(meth.group)
            .map_or("", |g| g.name.node.as_str());
        out.push((format!("for {group}"), text(meth.span)));
    }
    for r in &g.rollups {
        out.push((format!("rollup {}", r.model.key.node), text(r.span)));
    }
    for (name, span) in &g.dash_declared {
        out.push((name.clone(), text(*span)));
    }
    // Several years and group measures.
    let s = &g.series;
    if let Some(y) = &s.years {
        out.push(("years".to_string(), text(y.span)));
    }
    for b in &s.blends {
        out.push((format!("blend {}", b.name.node), text(b.span)));
    }
    for m in &s.measures {
        out.push((format!("measure {}", m.name.node), text(m.span)));
    }
    // Uncertainties (chapter 8): the number of runs and the seed, and each assumption by name.
    let u = &m.uncertainty;
    let runs = u.runs.map(|r| format!("runs {r}"));
    let seed = u.seed.map(|s| format!("seed {s}"));
    let header: Vec<String> = runs.into_iter().chain(seed).collect();
    if !header.is_empty() {
        out.push(("uncertainty".to_string(), header.join(" ")));
    }
    for a in &u.assumptions {
        // As written, with the spacing around commas and brackets that `cix fmt` may change.
        let t = text(a.span)
            .replace(" ,", ",")
            .replace("[ ", "[")
            .replace(" ]", "]");
        out.push((format!("assume {}", a.name), t));
    }
    out
}

/// The changes to the sample, methods by group and roll-ups from `old` to `new`.
pub fn changes(old: &Model, new: &Model) -> Vec<Change> {
    let (before, after) = (declared(old), declared(new));
    let mut rows = Vec::new();
    for (name, text) in &after {
        match before.iter().find(|(n, _)| n == name) {
            None => rows.push(row(Kind::Added, name, "", text)),
            Some((_, was)) if was != text => rows.push(row(Kind::Modified, name, was, text)),
            Some(_) => {}
        }
    }
    for (name, text) in &before {
        if !after.iter().any(|(n, _)| n == name) {
            rows.push(row(Kind::Removed, name, text, ""));
        }
    }
    rows
}

fn row(kind: Kind, name: &str, old: &str, new: &str) -> Change {
    // `uncertainty runs … seed …` and `assume NAME …` are assumptions; the rest are groups.
    let subject = if name == "uncertainty" || name.starts_with("assume ") {
        Subject::Assumption
    } else {
        Subject::Group
    };
    Change {
        kind,
        subject,
        indicator: name.to_string(),
        old: old.to_string(),
        new: new.to_string(),
        reason: String::new(),
    }
}
