//! The manual's examples run: every ```cix block in docs/language.md and docs/zh/*.md parses and
//! checks without errors; every ```cix-query block, run on the 2015 example (or on the spec its
//! info string names: ```cix-query tests/treatment/data/coverage.cix), prints the ```text block
//! after it — in English for docs/language.md, in Chinese for docs/zh/.
//! docs/errors.md documents every code of the registry.

use std::path::Path;

use crate::common::blocks;

/// The manuals: the English one, and the Chinese ones under docs/zh/ with the language their
/// answers are printed in.
fn manuals() -> Vec<(String, cix::lang::Lang)> {
    let mut all = vec![("docs/language.md".to_string(), cix::lang::Lang::En)];
    let mut zh: Vec<String> = std::fs::read_dir("docs/zh")
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .filter(|p| p.ends_with(".md"))
        .collect();
    zh.sort();
    all.extend(zh.into_iter().map(|p| (p, cix::lang::Lang::Zh)));
    all
}

/// The language is one setting of the process: the manuals' queries take turns.
static LANG: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn spec_examples_check() {
    for (path, _) in manuals() {
        let n = check_specs(&path);
        if path == "docs/language.md" || path == "docs/zh/language.md" {
            assert!(n >= 6, "{path}: only {n} spec examples");
        }
    }
}

fn check_specs(path: &str) -> usize {
    let md = std::fs::read_to_string(path).unwrap();
    let mut n = 0;
    for (info, body, line) in blocks(&md) {
        if info != "cix" {
            continue;
        }
        n += 1;
        let source = cix::source::Source::new(format!("{path}:{line}"), body);
        let spec = cix::syntax::parse_spec(&source)
            .unwrap_or_else(|d| panic!("{}", cix::diag::render_plain(&[d])));
        if spec.extends.is_some() {
            continue; // checked with its parent by the editions tests
        }
        let (_, diags) = cix::check::check(
            &spec,
            &source,
            Path::new("docs"),
            cix::check::Purpose::Check,
        );
        let errors: Vec<_> = diags.errors().cloned().collect();
        assert!(errors.is_empty(), "{}", cix::diag::render_plain(&errors));
    }
    n
}

/// Every query block prints the text block after it. With `CIX_BLESS_MANUAL=1` set, the
/// Chinese manuals' text blocks are rewritten with what cix prints (review the diff): their
/// answers follow the Chinese catalogues as they grow.
#[test]
fn query_examples_print_what_the_manual_shows() {
    let loaded = cix::load(Path::new("examples/smart-city-2015/index.cix"), None).unwrap();
    let mut others: Vec<(String, cix::Loaded)> = Vec::new();
    for (path, lang) in manuals() {
        let md = std::fs::read_to_string(&path).unwrap();
        let bless = lang == cix::lang::Lang::Zh && std::env::var_os("CIX_BLESS_MANUAL").is_some();
        let mut blessed: Vec<String> = md.lines().map(str::to_string).collect();
        let bs = blocks(&md);
        let mut n = 0;
        for (i, (info, body, line)) in bs.iter().enumerate() {
            let Some(spec) = info.strip_prefix("cix-query") else {
                continue;
            };
            let spec = spec.trim();
            if !spec.is_empty() && !others.iter().any(|(s, _)| s == spec) {
                let l = cix::load(Path::new(spec), None)
                    .unwrap_or_else(|d| panic!("{spec}: {}", cix::diag::render_plain(&d.0)));
                others.push((spec.to_string(), l));
            }
            let loaded = match others.iter().find(|(s, _)| s == spec) {
                Some((_, l)) => l,
                None => &loaded,
            };
            n += 1;
            let (next_info, expected, text_line) = &bs[i + 1];
            assert_eq!(
                next_info, "text",
                "{path}: query at line {line} needs a ```text block after it"
            );
            let got = {
                let _turn = LANG.lock().unwrap_or_else(|e| e.into_inner());
                cix::lang::set(lang);
                let out = cix::project::query(loaded, body.trim());
                let got = out.map(|o| cix::report::render(&o, cix::report::Format::Table));
                cix::lang::set(cix::lang::Lang::En);
                got.unwrap_or_else(|d| {
                    panic!("{path} line {line}: {}", cix::diag::render_plain(&d.0))
                })
            };
            if bless {
                // Replace the body of the text block (between its fences) with the answer.
                let body_lines = expected.lines().count();
                let at = *text_line; // 1-based line of the opening fence
                blessed.splice(at..at + body_lines, got.lines().map(str::to_string));
                let shift = got.lines().count() as isize - body_lines as isize;
                if shift != 0 {
                    std::fs::write(&path, blessed.join("\n") + "\n").unwrap();
                    // Line numbers moved: read the file again and start over.
                    return query_examples_print_what_the_manual_shows();
                }
                continue;
            }
            assert_eq!(
                &got,
                expected,
                "{path} line {line}: `{}` (CIX_BLESS_MANUAL=1 rewrites a Chinese manual's answers)",
                body.trim()
            );
        }
        if bless {
            std::fs::write(&path, blessed.join("\n") + "\n").unwrap();
        }
        if path == "docs/language.md" || path == "docs/zh/language.md" {
            assert!(n >= 10, "{path}: only {n} query examples");
        }
    }
}

#[test]
fn every_error_code_is_documented() {
    let md = std::fs::read_to_string("docs/errors.md").unwrap();
    for code in cix::codes::ALL {
        assert!(
            md.lines()
                .any(|l| l.starts_with(&format!("## {} ", code.id))
                    || l == format!("## {}", code.id)),
            "docs/errors.md has no `## {}` entry ({})",
            code.id,
            code.title
        );
    }
}
