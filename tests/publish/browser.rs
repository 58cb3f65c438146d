//! The HTML report in a real browser: headless Chromium (Debian's `chromium`, driven by
//! playwright-core through `browser/check.mjs`) opens the 2015 report and 杭州's page. Every
//! chart must render with a size and visible shapes and text, nothing may be logged as an
//! error or fetched from outside the file, and the tables must hold the numbers
//! `cix run --format json` prints. Screenshots are kept under target/tmp/browser-screenshots.
//!
//! Needs chromium and `npm install` in tests/publish/browser (.ci/setup.d/chromium.sh). Without
//! them the test fails under CI=true and is skipped, with a message, otherwise.

use std::path::{Path, PathBuf};
use std::process::Command;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::cix;

const SPEC: &str = "examples/smart-city-2015/index.cix";
const DRIVER: &str = "tests/publish/browser";

/// The browser and its driver, or why the test cannot run.
fn browser() -> Result<PathBuf, String> {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.exists() {
        return Err(format!("no browser at {}", chromium.display()));
    }
    if !Path::new(DRIVER)
        .join("node_modules/playwright-core")
        .exists()
    {
        return Err(format!("no playwright-core: run `npm install` in {DRIVER}"));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Err("no node".into());
    }
    Ok(chromium)
}

fn write(args: &[&str], out: &Path) {
    cix().args(args).arg("--out").arg(out).assert().code(0);
}

/// A cell as the page shows it equals the number or text of the JSON output.
fn same(shown: &str, json: &Value) -> bool {
    match json {
        Value::String(s) => shown == s,
        Value::Number(n) => {
            let want: Decimal = n.to_string().parse().unwrap();
            match shown.strip_suffix('%') {
                Some(p) => p.parse::<Decimal>().unwrap() / Decimal::ONE_HUNDRED == want,
                None => shown.parse::<Decimal>().ok() == Some(want),
            }
        }
        Value::Null => shown == "—" || shown.is_empty(),
        _ => false,
    }
}

#[test]
fn the_report_renders_in_chromium() {
    let chromium = match browser() {
        Ok(c) => c,
        Err(why) if std::env::var_os("CI").is_some() => panic!("browser test under CI: {why}"),
        Err(why) => {
            eprintln!("skipped: the browser test needs chromium and playwright-core ({why})");
            return;
        }
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-screenshots");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("report.html");
    let unit = dir.join("hangzhou.html");
    write(&["report", SPEC], &report);
    write(&["report", SPEC, "--unit", "杭州"], &unit);
    let run = Command::new("node")
        .arg(Path::new(DRIVER).join("check.mjs"))
        .arg(&dir)
        .arg(&report)
        .arg(&unit)
        .env("CHROMIUM", &chromium)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let pages: Value = serde_json::from_slice(&run.stdout).unwrap();
    let pages = pages.as_array().unwrap();
    assert_eq!(pages.len(), 2);
    for page in pages {
        assert_eq!(page["errors"], serde_json::json!([]), "console errors");
        assert_eq!(page["requests"], serde_json::json!([]), "nothing fetched");
        for chart in page["charts"].as_array().unwrap() {
            assert!(chart["width"].as_f64().unwrap() > 100.0, "{chart}");
            assert!(chart["height"].as_f64().unwrap() > 100.0, "{chart}");
            assert!(chart["shapes"].as_u64().unwrap() > 0, "{chart}");
            assert!(chart["texts"].as_u64().unwrap() > 0, "{chart}");
        }
    }
    let kinds = |p: &Value| -> Vec<String> {
        p["charts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["kind"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        kinds(&pages[0]),
        ["ranking", "histogram", "groups", "heatmap", "radar"]
    );
    assert_eq!(kinds(&pages[1]), ["radar"]);
    // The ranking's bars: one per city, with visible shapes (7 segments each).
    assert!(pages[0]["charts"][0]["shapes"].as_u64().unwrap() >= 151 * 7);

    // The tables hold the numbers `cix run` prints, every report, every cell.
    let json = cix()
        .args(["run", SPEC, "all", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let doc: Value = serde_json::from_slice(&json).unwrap();
    let tables = pages[0]["tables"].as_array().unwrap();
    assert_eq!(tables.len(), doc.as_object().unwrap().len());
    for table in tables {
        let name = table["report"].as_str().unwrap();
        let report = &doc[name];
        let columns: Vec<&str> = report["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let rows = table["rows"].as_array().unwrap();
        let header: Vec<&str> = rows[0]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(header, columns, "{name}");
        let want = report["rows"].as_array().unwrap();
        assert_eq!(rows.len() - 1, want.len(), "{name}");
        for (shown, want) in rows[1..].iter().zip(want) {
            for (cell, col) in shown.as_array().unwrap().iter().zip(&columns) {
                let cell = cell.as_str().unwrap();
                assert!(
                    same(cell, &want[*col]),
                    "{name}: `{cell}` shown, {} printed",
                    want[*col]
                );
            }
        }
    }
    // 杭州's page: its total and rank as in the overall ranking.
    let profile = &pages[1]["tables"][0]["rows"];
    let total = profile[1].as_array().unwrap();
    let hangzhou = doc["总排名"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["城市"] == "杭州")
        .unwrap();
    assert!(same(total[2].as_str().unwrap(), &hangzhou["总分"]));
    assert!(same(total[4].as_str().unwrap(), &hangzhou["排名"]));
    assert!(dir.join("report.png").exists() && dir.join("hangzhou.png").exists());
}
