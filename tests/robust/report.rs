//! `cix report` draws the rank intervals when the spec declares uncertainties, and only then.

use crate::common::{cix, temp_dir};

fn page(spec: &str, name: &str) -> String {
    let dir = temp_dir(name);
    let out = dir.join("report.html");
    let run = cix()
        .args(["report", spec, "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn the_report_draws_each_units_nominal_rank_and_interval() {
    let html = page("examples/raw-scoring/robust.cix", "robust-report");
    assert_eq!(html.matches("data-chart=\"rank-intervals\"").count(), 1);
    assert_eq!(html.matches("<g class=\"interval\">").count(), 30);
    // The same numbers as `cix uncertainty`: 太原 nominal 4, p5 3, p95 14.
    assert!(html.contains("<title>太原: 4 (3–14)</title>"), "{html}");
    let plain = page("examples/raw-scoring/index.cix", "robust-report-plain");
    assert!(!plain.contains("rank-intervals"));
}
