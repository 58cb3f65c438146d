//! `explain` for every unit of the examples, rendered, against snapshots taken while cix still
//! stored each unit's explanation (before issue 14): computing them on demand changes nothing.

use std::path::Path;

use cix::report::{render, Format};

/// FNV-1a, 64 bits: a stable digest of a long explanation (std's hasher may change).
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Every unit's explanation at the total (and at `also`, when given): the first `full` units in
/// full, the rest as digests.
fn explanations(spec: &str, also: Option<&str>, full: usize) -> String {
    let l = cix::load(Path::new(spec), None).unwrap();
    let mut out = String::new();
    for (i, u) in l.results.units.iter().enumerate() {
        for at in [None, also] {
            if at.is_none() && also.is_some() && i >= full {
                continue;
            }
            let e = cix::project::explain(&l, &u.key, at).unwrap();
            let text = render(&e, Format::Csv);
            let head = format!("== {} {}\n", u.key, at.unwrap_or("(total)"));
            out.push_str(&head);
            if i < full {
                out.push_str(&text);
            } else {
                out.push_str(&format!("{:016x}\n", fnv(&text)));
            }
            if also.is_none() {
                break;
            }
        }
    }
    out
}

#[test]
fn explain_2015_unchanged() {
    insta::assert_snapshot!(explanations("examples/smart-city-2015/index.cix", None, 3));
}

#[test]
fn explain_raw_scoring_unchanged() {
    insta::assert_snapshot!(explanations("examples/raw-scoring/index.cix", None, 30));
}

#[test]
fn explain_2021_unchanged() {
    insta::assert_snapshot!(explanations(
        "examples/smart-city-2021/index.cix",
        Some("资源准备度"),
        5
    ));
}
