//! Imports go one way (docs/architecture.md): a stage may use the stages before it and the base
//! modules, never one after it. This test reads every `crate::…` path in `src/` (in `use` lines
//! and inline) and fails on an import against the direction that is not in [`KNOWN`].

use std::collections::BTreeSet;
use std::path::Path;

/// The order of the stages: `syntax → edition → check → model ← data/scoring/eval ← query ←
/// report ← repl, cli`. The model sits at the centre: check builds it and every later stage
/// reads it, so it ranks with the base modules and imports no stage. `explain` answers like a
/// query; `project` chains the stages for the REPL and the CLI.
const STAGES: &[(&str, u8)] = &[
    // base: used by every stage
    ("source", 0),
    ("diag", 0),
    ("codes", 0),
    ("lang", 0),
    ("suggest", 0),
    ("stats", 0),
    ("output", 0),
    ("input", 0),
    ("rules", 0),
    // issue 14: compact columns of exact numbers
    ("packed", 0),
    ("model", 0),
    // the stages, in order
    ("syntax", 1),
    ("edition", 2),
    ("check", 3),
    ("data", 4),
    ("scoring", 4),
    ("eval", 4),
    ("query", 5),
    ("explain", 5),
    // cix sql: the model and the reports' queries compiled to SQL (only cli imports it)
    ("sql", 5),
    // issue 11: rank intervals, sensitivity and coherence over model, eval and scoring
    ("robust", 5),
    ("report", 6),
    // publishing: reports as workbooks and HTML pages (reads the model, results and outputs)
    ("publish", 6),
    ("audit", 6),
    ("project", 7),
    ("repl", 8),
    ("cli", 8),
    // the fuzz harness drives the whole pipeline, like the CLI
    ("fuzzing", 9),
];

/// Imports against the direction still excused: `file -> stage`, each with its reason. Issue 8
/// removed the last of them; the list may only shrink (an entry that is no longer true fails
/// the test too), so a new one needs a reason the review accepts.
const KNOWN: &[&str] = &[];

fn rank(stage: &str) -> Option<u8> {
    STAGES.iter().find(|(s, _)| *s == stage).map(|(_, r)| *r)
}

/// The stage a source file belongs to: `src/check/mod.rs` → `check`, `src/data.rs` → `data`.
fn stage_of(path: &Path) -> String {
    let rel = path.strip_prefix("src").unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// Every stage a file names as `crate::NAME` outside comments, including `use crate::{a, b}`.
fn imports(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let code = code.split(" //").next().unwrap_or(code);
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{codes, diag::Diag};` (one line)
                let group = group.split('}').next().unwrap_or("");
                for part in group.split(',') {
                    let name = part.trim().split("::").next().unwrap_or("");
                    if !name.is_empty() {
                        found.insert(name.to_string());
                    }
                }
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

/// Names the crate root re-exports (`pub use project::{load, Loaded};`), with their stage.
fn reexports() -> Vec<(String, String)> {
    let lib = std::fs::read_to_string("src/lib.rs").unwrap();
    let mut out = Vec::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let (module, names) = rest.split_once("::").unwrap();
        let names = names.trim_end_matches(';').trim_matches(['{', '}']);
        for name in names.split(',') {
            out.push((name.trim().to_string(), module.to_string()));
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn imports_go_one_way() {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    files.sort();
    let aliases = reexports();
    let mut violations = BTreeSet::new();
    let mut unknown = Vec::new();
    for file in &files {
        let stage = stage_of(file);
        if stage == "lib" || stage == "main" {
            continue; // the root declares every module; the binary wires the CLI
        }
        let Some(own) = rank(&stage) else {
            unknown.push(format!("{} (stage `{stage}`)", file.display()));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        // Unit tests may reach anywhere.
        let text = text.split("#[cfg(test)]").next().unwrap_or(&text);
        for name in imports(text) {
            let name = aliases
                .iter()
                .find(|(alias, _)| *alias == name)
                .map_or(name, |(_, module)| module.clone());
            if name == stage {
                continue;
            }
            match rank(&name) {
                Some(r) if r > own => {
                    violations.insert(format!("{} -> {name}", file.display()));
                }
                Some(_) => {}
                None => unknown.push(format!("{}: `crate::{name}`", file.display())),
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "modules missing from STAGES in tests/docs/architecture.rs (and docs/architecture.md):\n{}",
        unknown.join("\n")
    );
    let known: BTreeSet<String> = KNOWN.iter().map(|s| s.to_string()).collect();
    let new: Vec<_> = violations.difference(&known).cloned().collect();
    assert!(
        new.is_empty(),
        "imports against the direction syntax → edition → check → model ← data/scoring/eval ← query ← report ← repl, cli:\n{}",
        new.join("\n")
    );
    let gone: Vec<_> = known.difference(&violations).cloned().collect();
    assert!(
        gone.is_empty(),
        "no longer imported — delete from KNOWN in tests/docs/architecture.rs:\n{}",
        gone.join("\n")
    );
}

#[test]
fn the_import_reader_sees_use_lines_groups_and_inline_paths() {
    let text = "use crate::codes;\nuse crate::{diag::Diag, model};\n// crate::cli in a comment\nlet x = crate::project::load(p); // crate::repl\n";
    let got: Vec<String> = imports(text).into_iter().collect();
    assert_eq!(got, ["codes", "diag", "model", "project"]);
}
