//! `uncertainty of UNIT` and `uncertainty top N` in the REPL (computed once per session) and
//! through `cix query`.

use std::path::Path;

use cix::repl::Session;

use crate::common::cix;

const ROBUST: &str = "examples/raw-scoring/robust.cix";

#[test]
fn the_session_computes_rank_intervals_once_and_again_after_a_reload() {
    let (mut s, diags) = Session::open(Path::new(ROBUST), None);
    assert!(diags.iter().all(|d| !d.is_error()));
    let one = s.eval("uncertainty of 杭州, 宁波");
    assert!(!one.failed, "{}", one.err);
    let top = s.eval("uncertainty top 3");
    assert_eq!(s.intervals_computed, 1);
    let lines: Vec<&str> = one.out.lines().collect();
    assert!(
        lines[2].starts_with("杭州") && lines[3].starts_with("宁波"),
        "{}",
        one.out
    );
    assert_eq!(top.out.lines().filter(|l| l.contains("  ")).count(), 3 + 2);
    // The same answer as the command line's rows.
    let again = s.eval("uncertainty of 杭州, 宁波");
    assert_eq!(again.out, one.out);
    assert_eq!(s.intervals_computed, 1);
    s.eval(":reload");
    s.eval("uncertainty top 1");
    assert_eq!(s.intervals_computed, 2);
    let bad = s.eval("uncertainty of 杭洲");
    assert!(
        bad.failed && bad.err.contains("did you mean `杭州`"),
        "{}",
        bad.err
    );
}

#[test]
fn through_a_pipe_and_cix_query_the_rows_are_those_of_cix_uncertainty() {
    let all = cix()
        .args(["uncertainty", ROBUST, "--format", "csv"])
        .output()
        .unwrap();
    let all = String::from_utf8(all.stdout).unwrap();
    let row = |city: &str| {
        all.lines()
            .find(|l| l.starts_with(&format!("{city},")))
            .unwrap()
            .to_string()
    };
    let q = cix()
        .args(["query", ROBUST, "uncertainty of 宁波", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(q.stdout).unwrap().lines().nth(1).unwrap(),
        row("宁波")
    );

    let out = crate::common::cix()
        .args(["repl", ROBUST])
        .write_stdin(":format csv\nuncertainty of 杭州\nuncertainty top 2\n")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&row("杭州")), "{text}");
    assert!(text.contains(&row("北京")), "{text}");
}
