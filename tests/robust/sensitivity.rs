//! `cix sensitivity`: the two tables, determinism, and "remove one" by hand on the 2015 example.

use crate::common::cix;
use crate::plan::plan_of;

const SPEC: &str = "examples/smart-city-2015/index.cix";

#[test]
fn sobol_and_remove_one_tables_are_the_same_whatever_the_threads() {
    let run = |threads: &str| {
        let out = cix()
            .args(["sensitivity", SPEC, "--runs", "200", "--format", "csv"])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let one = run("1");
    assert_eq!(one, run("3"));
    let mut lines = one.lines();
    assert_eq!(
        lines.next(),
        Some("assumption,S1,S1 low,S1 high,ST,ST low,ST high")
    );
    assert!(one.contains("weights of 总分,"));
    assert!(one.contains("\nindicator,mean shift,max shift\n"));
    assert!(one.contains("\n基础信息资源建设与共享,"));
}

#[test]
fn removing_one_indicator_reweights_its_siblings() {
    // Without 数据开放服务水平 (10 of 智慧服务's 20 points), 社会化民生服务水平 carries all 20:
    // the totals are recomputed here by hand from the exact scores, then ranked.
    let (l, p) = plan_of(SPEC);
    let m = &l.model;
    let gone = m.node("数据开放服务水平").unwrap();
    let kept = m.node("社会化民生服务水平").unwrap();
    let total = m.total;
    let f = |u: usize, n: usize| -> f64 { l.results.score(u, n).unwrap().try_into().unwrap() };
    let by_hand: Vec<f64> = (0..p.units())
        .map(|u| f(u, total) - f(u, gone) + f(u, kept))
        .collect();
    let rank = |v: &[f64]| -> Vec<u32> {
        v.iter()
            .map(|x| 1 + v.iter().filter(|y| **y > x + 1e-9).count() as u32)
            .collect()
    };
    let nominal = rank(&(0..p.units()).map(|u| f(u, total)).collect::<Vec<_>>());
    let after = rank(&by_hand);
    let mean = nominal
        .iter()
        .zip(&after)
        .map(|(a, b)| a.abs_diff(*b) as f64)
        .sum::<f64>()
        / p.units() as f64;
    let r = cix::robust::sensitivity::remove_one(&p, m);
    let row = r.iter().find(|r| r.node == gone).unwrap();
    assert!(
        (row.mean_shift - mean).abs() < 1e-9,
        "{} {mean}",
        row.mean_shift
    );
}
