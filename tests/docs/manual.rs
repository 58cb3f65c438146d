//! The manual's examples run: every ```cix block in docs/language.md parses and checks without
//! errors; every ```cix-query block, run on the 2015 example (or on the spec its info string
//! names: ```cix-query tests/treatment/data/coverage.cix), prints the ```text block after it.
//! docs/errors.md documents every code of the registry.

use std::path::Path;

use crate::common::blocks;

#[test]
fn spec_examples_check() {
    let md = std::fs::read_to_string("docs/language.md").unwrap();
    let mut n = 0;
    for (info, body, line) in blocks(&md) {
        if info != "cix" {
            continue;
        }
        n += 1;
        let source = cix::source::Source::new(format!("docs/language.md:{line}"), body);
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
    assert!(n >= 6, "only {n} spec examples");
}

#[test]
fn query_examples_print_what_the_manual_shows() {
    let md = std::fs::read_to_string("docs/language.md").unwrap();
    let loaded = cix::load(Path::new("examples/smart-city-2015/index.cix"), None).unwrap();
    let mut others: Vec<(String, cix::Loaded)> = Vec::new();
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
        let (next_info, expected, _) = &bs[i + 1];
        assert_eq!(
            next_info, "text",
            "query at line {line} needs a ```text block after it"
        );
        let out = cix::project::query(loaded, body.trim())
            .unwrap_or_else(|d| panic!("line {line}: {}", cix::diag::render_plain(&d.0)));
        let got = cix::report::render(&out, cix::report::Format::Table);
        assert_eq!(
            &got,
            expected,
            "docs/language.md line {line}: `{}`",
            body.trim()
        );
    }
    assert!(n >= 10, "only {n} query examples");
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
