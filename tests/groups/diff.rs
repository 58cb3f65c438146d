//! `cix diff` shows changes to the sample, methods by group and roll-ups between editions.

use crate::common;

#[test]
fn diff_lists_samples_methods_and_rollups() {
    let out = common::cix()
        .args([
            "diff",
            "tests/groups/specs/rollup_2015.cix",
            "tests/groups/specs/rollup_2016.cix",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("added,sample,,sample where 行政级别 != 直辖市,"),
        "{text}"
    );
    assert!(
        text.contains("modified,rollup 省份,\"rollup 省份 by mean where"),
        "{text}"
    );
    assert!(text.contains("\"rollup 省份 by median where"), "{text}");
    // The unchanged roll-up to 区域 is not listed.
    assert!(!text.contains("rollup 区域"), "{text}");
    // Methods by group: the 2017 example against a copy without them.
    let dir = common::temp_dir("diff-methods");
    let spec = std::fs::read_to_string("examples/smart-city-2017-classes/index.cix").unwrap();
    let start = spec.find("  for 三四线城市").unwrap();
    let end = start + spec[start..].find("\n  }\n").unwrap() + 5;
    let without = format!("{}{}", &spec[..start], &spec[end..]);
    std::fs::write(dir.join("old.cix"), without).unwrap();
    std::fs::copy(
        "examples/smart-city-2017-classes/cities.csv",
        dir.join("cities.csv"),
    )
    .unwrap();
    let out = common::cix()
        .args([
            "diff",
            dir.join("old.cix").to_str().unwrap(),
            "examples/smart-city-2017-classes/index.cix",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("added,for 三四线城市,,for 三四线城市 { set 数据治理 15"),
        "{text}"
    );
}
