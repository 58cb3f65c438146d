//! The messages of check's sections (groups, years, treatment, uncertainty, ratios, dashboards)
//! and of the data stage (derived values, cells) in both languages: the same codes at the same
//! places, Chinese throughout under `LANG=zh_CN.UTF-8`, and no English left in the diagnostics
//! those stages build.

use std::path::Path;

const STAGES: &str = "tests/i18n/fixtures/stages.cix";

#[test]
fn errors_of_many_stages_in_both_languages() {
    crate::render::check_both(STAGES, "stages");
}

/// Every error the fixture means to show is there (so that the snapshot covers each stage).
#[test]
fn the_fixture_shows_every_stage() {
    let out = crate::common::cix()
        .args(["--lang", "zh", "check", STAGES])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stderr).unwrap();
    for code in [
        "E420", "E443", "E120", "E121", "E131", "E132", "E424", "E804", "E144", "E204",
    ] {
        assert!(text.contains(code), "{code} missing:\n{text}");
    }
}

/// A diagnostic's message, label or help written as an English literal in the code (rather than
/// looked up with `t!`): `Diag::error(CODE, "…")`, `.label(span, "…")`, `.help("…")`, or the
/// same with `format!("…")`.
fn english_literals(src: &str) -> Vec<String> {
    let mut found = Vec::new();
    let text: String = src.split_whitespace().collect::<Vec<_>>().join(" ");
    for opener in [
        "Diag::error(",
        "Diag::warning(",
        ".label(",
        ".help(",
        ".note(",
    ] {
        for (at, _) in text.match_indices(opener) {
            let rest = &text[at + opener.len()..];
            // The text ends at the call's closing parenthesis (the first one is enough here).
            let end = rest.find(')').unwrap_or(rest.len());
            let args = &rest[..end];
            // A literal opens an argument: at the start, after `, `, or inside `format!(`.
            let opens_argument = args.match_indices('"').any(|(q, _)| {
                let before = &args[..q];
                let starts =
                    before.is_empty() || before.ends_with(", ") || before.ends_with("format!(");
                let lit = args[q + 1..].split('"').next().unwrap_or_default();
                starts
                    && lit
                        .split(|c: char| !c.is_ascii_alphabetic())
                        .any(|w| w.len() >= 2)
            });
            if opens_argument {
                found.push(format!("{opener}{}", &args[..args.len().min(80)]));
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_english_literal_in_the_diagnostics_of_these_stages() {
    let mut files = Vec::new();
    for dir in [
        "src/check",
        "src/syntax",
        "src/data",
        "src/model",
        "src/project",
        "src/rules",
    ] {
        rust_files(Path::new(dir), &mut files);
    }
    for f in [
        "src/data.rs",
        "src/project.rs",
        "src/rules.rs",
        "src/model.rs",
        "src/input.rs",
        "src/source.rs",
    ] {
        files.push(f.into());
    }
    let mut problems = Vec::new();
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        // Unit tests beside the code may build diagnostics of their own.
        let code = src.split("#[cfg(test)]").next().unwrap_or(&src);
        for hit in english_literals(code) {
            problems.push(format!("{}: {hit}", f.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_literal_check_catches_what_it_should() {
    assert_eq!(
        english_literals(r#"Diag::error(codes::E1, "a thing") .label(s, "here") .help(t!("x.y"))"#)
            .len(),
        2
    );
    assert_eq!(
        english_literals(r#".help(format!("write `{x}`")) .label(s, "0") .label(s, t!("a"))"#)
            .len(),
        1
    );
}
