//! Golden test: the 2015 example reproduces the report's published overall ranking
//! (examples/smart-city-2015/published-overall.csv).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // tests may fail loudly

use std::path::Path;

use rust_decimal::Decimal;
use std::str::FromStr;

fn published() -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_path("examples/smart-city-2015/published-overall.csv").unwrap();
    r.records().map(|r| r.unwrap()).collect()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn reproduces_the_published_overall_ranking() {
    let loaded = cix::load(Path::new("examples/smart-city-2015/index.cix"), None).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let model = &loaded.model;
    let outputs = cix::project::run_reports(&loaded, &[]).unwrap();
    let (name, out) = &outputs[0];
    assert_eq!(name, "总排名");
    assert_eq!(
        out.columns,
        [
            "排名",
            "城市",
            "智慧基础设施",
            "智慧管理",
            "智慧服务",
            "智慧经济",
            "智慧人群",
            "保障体系",
            "加分项",
            "总分",
            "得分率"
        ]
    );
    let rows = published();
    assert_eq!(rows.len(), 151);
    assert_eq!(out.rows.len(), 151);
    let headers = [
        "智慧基础设施",
        "智慧管理",
        "智慧服务",
        "智慧经济",
        "智慧人群",
        "保障体系",
        "加分项",
    ];
    let mut off_by_a_cent = 0;
    for rec in &rows {
        let city = &rec[1];
        let u = loaded
            .results
            .unit(city)
            .unwrap_or_else(|| panic!("{city} missing"));
        let scores = &loaded.results.units[u].scores;
        // Every primary score and the bonus exactly.
        for (i, h) in headers.iter().enumerate() {
            let id = model.node(h).unwrap();
            assert_eq!(scores.get(id).unwrap(), dec(&rec[2 + i]), "{city} {h}");
        }
        // The total is the exact sum of its parts...
        let total = scores.get(model.total).unwrap();
        let parts: Decimal = headers
            .iter()
            .map(|h| scores.get(model.node(h).unwrap()).unwrap())
            .sum();
        assert_eq!(total, parts, "{city}");
        // ...and within 0.01 of the printed total, which was rounded from unrounded parts.
        let diff = (total - dec(&rec[9])).abs();
        assert!(diff <= Decimal::new(1, 2), "{city}: {total} vs {}", &rec[9]);
        if !diff.is_zero() {
            off_by_a_cent += 1;
        }
    }
    // The domain note: 62 of 151 printed totals differ from the sum of printed parts by 0.01.
    assert_eq!(off_by_a_cent, 62);
}

#[test]
fn ranks_are_competition_ranks_on_exact_values() {
    let loaded = cix::load(Path::new("examples/smart-city-2015/index.cix"), None).unwrap();
    let out = &cix::project::run_reports(&loaded, &[]).unwrap()[0].1;
    let rank_of = |city: &str| {
        out.rows
            .iter()
            .find(|r| r[1] == cix::output::Cell::Text(city.into()))
            .map(|r| r[0].clone())
            .unwrap()
    };
    // 淮安 and 荆州 both total exactly 35.56 and share rank 86; the next city is 88th.
    assert_eq!(rank_of("淮安"), cix::output::Cell::Int(86));
    assert_eq!(rank_of("荆州"), cix::output::Cell::Int(86));
    assert_eq!(rank_of("玉溪"), cix::output::Cell::Int(88));
    // Every published rank is reproduced but one: 沧州 and 大庆 both sum to exactly 27.78 from
    // their printed parts, so they share rank 129; the report, ranking on unrounded parts,
    // printed 27.78 and 27.77 and ranked 大庆 130th.
    let mut differ = Vec::new();
    for rec in published() {
        if rank_of(&rec[1]) != cix::output::Cell::Int(rec[0].parse().unwrap()) {
            differ.push((rec[1].to_string(), rec[0].to_string()));
        }
    }
    assert_eq!(differ, [("大庆".to_string(), "130".to_string())]);
    assert_eq!(rank_of("沧州"), cix::output::Cell::Int(129));
    assert_eq!(rank_of("大庆"), cix::output::Cell::Int(129));
}
