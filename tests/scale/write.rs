//! Issue 14, ranking and writing: rankings ranked by one sort, sort keys read once per unit,
//! `show`, `compare` and `rank of` ranked in one pass or by binary search — every rank, every
//! row's order and every `imputed` cell equal the definitions counted unit by unit here (rank =
//! 1 + the number of units with a higher value; ties in data order), with a loaded index and
//! without one. The writers' bytes are checked against the straightforward rendering in the
//! library's own tests (`report::same_bytes`).

use std::collections::HashMap;
use std::path::Path;

use super::percentile::Lcg;
use crate::common::temp_dir;
use cix::output::{Cell, Output};

const SPEC: &str = r#"index "写出" {
  data "d.csv" key 单元
  attributes 区域
  score minmax
  round 2
  indicator 一 1 { missing mean }
  indicator 二 1 { missing reweight }
  indicator 三 1
  total 总分 3
}
"#;

const REGIONS: [&str; 4] = ["华东", "华南", "西部", "东北"];

/// 240 units, values 0 … 5 (many ties); every 7th unit lacks 一 (filled by the mean, so
/// imputed), every 11th lacks 二 (left out there).
fn write(dir: &Path) {
    let mut rng = Lcg(1414);
    let mut csv = String::from("单元,区域,一,二,三\n");
    for u in 0..240u64 {
        let region = REGIONS[rng.below(4) as usize];
        let (a, b, c) = (rng.below(6), rng.below(6), rng.below(6));
        let a = if u % 7 == 3 {
            String::new()
        } else {
            a.to_string()
        };
        let b = if u % 11 == 5 {
            String::new()
        } else {
            b.to_string()
        };
        csv.push_str(&format!("U{u:03},{region},{a},{b},{c}\n"));
    }
    std::fs::write(dir.join("d.csv"), csv).unwrap();
    std::fs::write(dir.join("index.cix"), SPEC).unwrap();
}

pub(super) fn loaded() -> cix::Loaded {
    let dir = temp_dir("scale-write");
    write(&dir);
    cix::load(&dir.join("index.cix"), None).unwrap()
}

/// A query's answer with the loaded index, and without one (the same, or the test fails).
fn ask(l: &cix::Loaded, text: &str) -> Output {
    let indexed = cix::project::query(l, text).unwrap();
    let source = cix::source::Source::new("query", text.to_string());
    let q = cix::syntax::parse_query(&source).unwrap();
    let plan = cix::query::check(&l.model, &l.results, &q, &source).unwrap();
    let plain = cix::query::run(&l.model, &plan, &l.results).unwrap();
    assert_eq!(indexed, plain, "{text}: with and without the index");
    indexed
}

fn node(l: &cix::Loaded, name: &str) -> usize {
    l.model.node(name).unwrap()
}

/// The definition: 1 + the units of `peers` with a higher value at `node`.
fn rank(l: &cix::Loaded, peers: &[usize], node: usize, unit: usize) -> Option<i64> {
    let v = l.results.score(unit, node)?;
    let higher = peers
        .iter()
        .filter(|&&p| l.results.score(p, node).is_some_and(|x| x > v))
        .count();
    Some(higher as i64 + 1)
}

fn unit(l: &cix::Loaded, key: &str) -> usize {
    l.results.units.iter().position(|u| u.key == key).unwrap()
}

fn int(c: &Cell) -> Option<i64> {
    match c {
        Cell::Int(i) => Some(*i),
        Cell::Missing => None,
        other => panic!("not a rank: {other:?}"),
    }
}

fn text(c: &Cell) -> &str {
    match c {
        Cell::Text(s) => s,
        Cell::Word { machine, .. } => machine,
        Cell::Empty => "",
        other => panic!("not text: {other:?}"),
    }
}

/// The units with a value at `node`, highest first, ties in data order, with their ranks.
fn ranking(l: &cix::Loaded, units: &[usize], node: usize) -> Vec<(i64, String)> {
    let mut present: Vec<usize> = units
        .iter()
        .copied()
        .filter(|&u| l.results.score(u, node).is_some())
        .collect();
    present.sort_by_key(|&u| std::cmp::Reverse(l.results.score(u, node).unwrap()));
    present
        .iter()
        .map(|&u| {
            (
                rank(l, units, node, u).unwrap(),
                l.results.units[u].key.clone(),
            )
        })
        .collect()
}

fn rows(out: &Output, rank_at: usize) -> Vec<(i64, String)> {
    out.rows
        .iter()
        .map(|r| (int(&r[rank_at]).unwrap(), text(&r[rank_at + 1]).to_string()))
        .collect()
}

#[test]
fn rankings_by_one_sort_equal_the_definition() {
    let l = loaded();
    let all: Vec<usize> = (0..l.results.units.len()).collect();
    for name in ["总分", "二", "一"] {
        let out = ask(&l, &format!("rank by {name}"));
        assert_eq!(rows(&out, 0), ranking(&l, &all, node(&l, name)), "{name}");
    }
    // Units without 二 are left out, and said so.
    let out = ask(&l, "rank by 二");
    assert_eq!(out.rows.len(), 240 - 22);
    assert!(
        out.notes.iter().any(|n| n.contains("22 units")),
        "{:?}",
        out.notes
    );
    // Per region: ranks within each region, regions in order of first appearance.
    let out = ask(&l, "rank by 总分 per 区域");
    let mut seen: Vec<&str> = Vec::new();
    for u in &l.results.units {
        if !seen.contains(&u.attributes[0].as_str()) {
            seen.push(&u.attributes[0]);
        }
    }
    let mut want = Vec::new();
    for region in seen {
        let members: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&u| l.results.units[u].attributes[0] == region)
            .collect();
        want.extend(ranking(&l, &members, node(&l, "总分")));
    }
    assert_eq!(rows(&out, 1), want);
}

#[test]
fn sort_keys_order_stably_in_data_order() {
    let l = loaded();
    let total = node(&l, "总分");
    let all: Vec<usize> = (0..l.results.units.len()).collect();
    // By region, then (ties) in data order; ranks are still by 总分.
    let out = ask(&l, "rank by 总分 sort 区域 asc");
    let mut want: Vec<usize> = all.clone();
    want.sort_by(|&a, &b| l.results.units[a].attributes[0].cmp(&l.results.units[b].attributes[0]));
    let want: Vec<(i64, String)> = want
        .iter()
        .map(|&u| {
            (
                rank(&l, &all, total, u).unwrap(),
                l.results.units[u].key.clone(),
            )
        })
        .collect();
    assert_eq!(rows(&out, 0), want);
    // A list sorted by two keys, the second descending; units without 二 last among ties.
    let out = ask(&l, "where 三 >= 0 sort 区域 asc, 二 desc");
    let two = node(&l, "二");
    let mut want = all.clone();
    want.sort_by(|&a, &b| {
        let ra = &l.results.units[a].attributes[0];
        let rb = &l.results.units[b].attributes[0];
        ra.cmp(rb).then_with(
            || match (l.results.score(a, two), l.results.score(b, two)) {
                (Some(x), Some(y)) => y.cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            },
        )
    });
    let got: Vec<&str> = out.rows.iter().map(|r| text(&r[0])).collect();
    let want: Vec<&str> = want
        .iter()
        .map(|&u| l.results.units[u].key.as_str())
        .collect();
    assert_eq!(got, want);
}

#[test]
fn imputed_cells_name_the_units_filled_leaves() {
    let l = loaded();
    let out = ask(&l, "rank by 总分");
    let at = out.columns.iter().position(|c| c == "imputed").unwrap();
    for row in &out.rows {
        let key = text(&row[1]);
        let u: usize = key[1..].parse().unwrap();
        let want = if u % 7 == 3 { "一" } else { "" };
        assert_eq!(text(&row[at]), want, "{key}");
    }
}

#[test]
fn show_ranks_every_node_as_counted() {
    let l = loaded();
    let all: Vec<usize> = (0..l.results.units.len()).collect();
    // U005 lacks 二 (no rank there), U003 had 一 imputed.
    for key in ["U000", "U003", "U005", "U117", "U239"] {
        let u = unit(&l, key);
        let out = ask(&l, &format!("show {key}"));
        let mut shown = 0;
        for row in &out.rows {
            let Cell::Tree(name, _) = &row[0] else {
                continue;
            };
            let want = rank(&l, &all, node(&l, name), u);
            assert_eq!(int(&row[4]), want, "{key} at {name}");
            shown += 1;
        }
        assert_eq!(shown, 4, "{key}");
        let left_out = out.notes.iter().any(|n| n.contains("22 units left out"));
        assert!(left_out, "{key}: {:?}", out.notes);
    }
}

#[test]
fn compare_and_rank_of_few_and_many_units() {
    let l = loaded();
    let all: Vec<usize> = (0..l.results.units.len()).collect();
    let total = node(&l, "总分");
    // Up to 8 units are counted, more are found in the sorted values: both as defined.
    for n in [3, 12] {
        let keys: Vec<String> = (0..n).map(|i| format!("U{:03}", i * 19 + 5)).collect();
        let out = ask(&l, &format!("compare {}", keys.join(", ")));
        let ranks = out.rows.last().unwrap();
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(
                int(&ranks[2 + i]),
                rank(&l, &all, total, unit(&l, key)),
                "{key}"
            );
        }
        let out = ask(&l, &format!("rank of {} by 二", keys.join(", ")));
        let two = node(&l, "二");
        let mut by_region: HashMap<&str, Vec<usize>> = HashMap::new();
        for &u in &all {
            if l.results.score(u, two).is_some() {
                by_region
                    .entry(&l.results.units[u].attributes[0])
                    .or_default()
                    .push(u);
            }
        }
        for (row, key) in out.rows.iter().zip(&keys) {
            let u = unit(&l, key);
            assert_eq!(text(&row[0]), key);
            assert_eq!(int(&row[3]), rank(&l, &all, two, u), "{key}");
            let region = l.results.units[u].attributes[0].as_str();
            let peers = &by_region[region];
            let want = match rank(&l, peers, two, u) {
                Some(r) => format!("{r} / {} ({region})", peers.len()),
                None => String::new(),
            };
            let got = match &row[4] {
                Cell::Missing => "",
                c => text(c),
            };
            assert_eq!(got, want, "{key} within {region}");
        }
    }
}
