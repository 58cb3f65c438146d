//! The fuzz targets' inputs, replayed on stable: every file under `fuzz/corpus/TARGET/` (the
//! committed seeds) and `fuzz/regressions/TARGET/` (crashes the fuzzer found, committed once
//! fixed) goes through the target's body in `cix::fuzzing`, and none may panic. See
//! `fuzz/README.md`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// Run every input of a target; return how many ran and the ones that panicked.
fn replay(target: &str, body: fn(&[u8])) -> (usize, Vec<String>) {
    let mut ran = 0;
    let mut failed = Vec::new();
    for dir in ["corpus", "regressions"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz")
            .join(dir)
            .join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths.into_iter().filter(|p| p.is_file()) {
            let data = std::fs::read(&path).unwrap();
            ran += 1;
            if catch_unwind(AssertUnwindSafe(|| body(&data))).is_err() {
                failed.push(path.display().to_string());
            }
        }
    }
    (ran, failed)
}

fn check(target: &str, body: fn(&[u8]), at_least: usize) {
    let (ran, failed) = replay(target, body);
    assert!(
        ran >= at_least,
        "only {ran} inputs for `{target}` (fuzz/corpus/{target} is missing?)"
    );
    assert!(failed.is_empty(), "`{target}` panicked on: {failed:#?}");
}

#[test]
fn spec_corpus_never_panics() {
    check("spec", cix::fuzzing::spec, 20);
}

#[test]
fn query_corpus_never_panics() {
    check("query", cix::fuzzing::query, 20);
}

#[test]
fn csv_corpus_never_panics() {
    check("csv", cix::fuzzing::csv, 20);
}
