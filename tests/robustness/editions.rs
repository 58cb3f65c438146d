//! Editions never panic on partial input, and formatting is idempotent on any text: every
//! prefix of every example spec.

use std::path::{Path, PathBuf};

fn examples() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir("examples").unwrap() {
        for f in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let p = f.unwrap().path();
            if p.extension().is_some_and(|e| e == "cix")
                // A claims file (`cix audit`) is cix text but not a spec.
                && !p.file_stem().is_some_and(|s| s.to_string_lossy().starts_with("claims"))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn prefixes(text: &str) -> impl Iterator<Item = &str> {
    text.char_indices().map(|(i, _)| &text[..i]).chain([text])
}

#[test]
fn formatting_any_prefix_is_idempotent() {
    for p in examples() {
        let text = std::fs::read_to_string(&p).unwrap();
        for prefix in prefixes(&text) {
            let once = cix::edition::fmt::format(prefix);
            let twice = cix::edition::fmt::format(&once);
            assert_eq!(
                once,
                twice,
                "{}: prefix of {} bytes",
                p.display(),
                prefix.len()
            );
        }
    }
}

#[test]
fn resolving_any_prefix_of_a_child_spec_never_panics() {
    let examples_dir = std::fs::canonicalize("examples").unwrap();
    let dir = crate::common::temp_dir("editions-prefix");
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("index.cix");
    for p in examples() {
        let text = std::fs::read_to_string(&p).unwrap();
        if !text.contains("\nextends ") {
            continue;
        }
        let parent_dir = p.parent().unwrap().canonicalize().unwrap();
        // Absolute paths, so that the copy resolves from the temporary folder.
        let text = text
            .replace("\"../", &format!("\"{}/", examples_dir.display()))
            .replace(
                "extends \"index.cix\"",
                &format!("extends \"{}\"", parent_dir.join("index.cix").display()),
            );
        for (n, prefix) in prefixes(&text).enumerate() {
            if n % 3 != 0 {
                continue; // every third prefix keeps the test quick
            }
            std::fs::write(&spec, prefix).unwrap();
            let _ = cix::load_spec(Path::new(&spec));
        }
    }
}
