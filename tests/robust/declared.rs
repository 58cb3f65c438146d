//! Uncertainties declared in the spec (`uncertainty { assume … }`): checked with located errors,
//! used by `cix uncertainty` and `cix sensitivity`, and the leaves' variants (another missing
//! policy, treatment off) scored again as the scoring stage scores them.

use std::path::Path;

use cix::model::uncertainty::MissingChoice;
use cix::robust::variants::Variant;
use cix::robust::{declared_assumptions, Design, Norm, Plan};

use crate::common::{cix, temp_dir};

const ROBUST: &str = "examples/raw-scoring/robust.cix";

fn stdout(args: &[&str], threads: &str) -> String {
    let out = cix()
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_specs_runs_seed_and_assumptions_drive_uncertainty() {
    let declared = stdout(&["uncertainty", ROBUST, "--format", "csv"], "1");
    // `uncertainty runs 2000 seed 7` in the spec is what the flags would say.
    let flags = [
        "uncertainty",
        ROBUST,
        "--runs",
        "2000",
        "--seed",
        "7",
        "--format",
        "csv",
    ];
    assert_eq!(declared, stdout(&flags, "2"));
    let other = ["uncertainty", ROBUST, "--seed", "8", "--format", "csv"];
    assert_ne!(declared, stdout(&other, "1"));
    // Other assumptions than weights alone: the same spec without its block ranks otherwise.
    let weights = stdout(
        &[
            "uncertainty",
            "examples/raw-scoring/index.cix",
            "--runs",
            "2000",
            "--seed",
            "7",
            "--format",
            "csv",
        ],
        "1",
    );
    assert_ne!(declared, weights);
    let table = stdout(&["uncertainty", ROBUST, "--top", "3"], "1");
    assert!(table.contains("over 2000 replications (seed 7): 权重 (weights of 总分 ±25%); 计分方法 (normalisation under 总分: declared, minmax, rank)"), "{table}");
}

#[test]
fn sensitivity_gives_indices_per_declared_assumption() {
    let csv = stdout(
        &["sensitivity", ROBUST, "--runs", "200", "--format", "csv"],
        "2",
    );
    assert_eq!(
        csv,
        stdout(
            &["sensitivity", ROBUST, "--runs", "200", "--format", "csv"],
            "1"
        )
    );
    let names: Vec<&str> = csv
        .lines()
        .skip(1)
        .take(4)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(names, ["权重", "计分方法", "缺失值", "加总"]);
    // Each row: S1 within its bootstrap interval.
    for l in csv.lines().skip(1).take(4) {
        let v: Vec<f64> = l.split(',').skip(1).map(|x| x.parse().unwrap()).collect();
        assert!(v[1] <= v[0] + 1e-9 && v[0] <= v[2] + 1e-9, "{l}");
    }
}

#[test]
fn every_mistake_in_a_declaration_is_located_at_once() {
    let dir = temp_dir("robust-check");
    std::fs::copy("examples/raw-scoring/raw.csv", dir.join("raw.csv")).unwrap();
    let base = std::fs::read_to_string("examples/raw-scoring/index.cix").unwrap();
    let block = r#"
  uncertainty runs 0 seed 99999999999999999999999 {
    assume 甲 = weight of 总分 vary 25%
    assume 乙 = weights of 总份 vary 25%
    assume 丙 = normalisation of 总分 in [minmax, zcore]
    assume 丙 = aggregation of 总分 in [arithmetic, geometric]
    assume 丁 = weights of 总分 sets [1, 2, 3], [1, 1, 1, 1, 1]
    assume 戊 = weights of 总分 vary 150%
    assume 己 = missing of 总分 in [zero]
    assume 庚 = weights of 基础网络建设水平 vary 10%
    assume 辛 = treatment of 总分 in [on, off]
    assume 癸 = normalisation of 总分 in [minmax, rank]
    assume 壬 = normalisation of 总分 in [declared, rank]
  }
}"#;
    let spec = base.trim_end().strip_suffix('}').unwrap().to_string() + block;
    std::fs::write(dir.join("bad.cix"), spec).unwrap();
    let out = cix()
        .arg("check")
        .arg(dir.join("bad.cix"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    for (code, said) in [
        ("E801", "`runs 0` is not between 1 and"),
        (
            "E811",
            "`seed 99999999999999999999999` is beyond the largest seed",
        ),
        ("E804", "did you mean `weights`"),
        ("E104", "did you mean `总分`"),
        ("E807", "did you mean `zscore`"),
        ("E803", "the assumption `丙` is named twice"),
        (
            "E806",
            "this set has 3 weights for the 5 children of `总分`",
        ),
        ("E802", "`vary 150%` is not between 0% and 100%"),
        ("E808", "an assumption needs two choices or more"),
        ("E805", "`基础网络建设水平` has fewer than two children"),
        ("W801", "no indicator under `总分` declares a treatment"),
        (
            "E810",
            "`癸` and `壬` both vary the normalisation of `总分`",
        ),
    ] {
        assert!(
            err.contains(code) && err.contains(said),
            "{code} {said}\n{err}"
        );
    }
    // Located: the unknown node is underlined where it is written.
    assert!(err.contains("bad.cix:"), "{err}");
}

fn plan_with(spec: &Path) -> (cix::Loaded, Plan) {
    let l = cix::load(spec, None).unwrap();
    let p = Plan::build(
        &l.model,
        &l.dataset,
        &l.results,
        &l.scoring,
        &declared_assumptions(&l.model),
    )
    .unwrap();
    (l, p)
}

#[test]
fn a_missing_policy_variant_is_the_leaf_scored_again() {
    // 宁波 has no 宽带接入率: declared `missing mean`, the variant `zero` scores it 0; every
    // other city keeps its share.
    let (l, p) = plan_with(Path::new(ROBUST));
    let k = p
        .leaves()
        .iter()
        .position(|&x| x == l.model.node("基础网络建设水平").unwrap())
        .unwrap();
    let zero = Variant {
        missing: MissingChoice::Zero,
        treated: true,
    };
    let v = p.variants(k).iter().position(|x| *x == zero).unwrap();
    let ningbo = p.keys.iter().position(|x| x == "宁波").unwrap();
    assert!(p.share(0, Norm::Declared, ningbo, k) > 0.0);
    assert_eq!(p.share(v, Norm::Declared, ningbo, k), 0.0);
    for u in (0..p.units()).filter(|&u| u != ningbo) {
        assert_eq!(
            p.share(v, Norm::Declared, u, k),
            p.share(0, Norm::Declared, u, k),
            "{}",
            p.keys[u]
        );
    }
    // The declared choices of every assumption give the nominal ranks exactly.
    let d = Design::declared(&p, &l.model);
    let mut s = p.nominal().clone();
    // weights at their midpoint, first choices (declared, declared, arithmetic)
    let x: Vec<f64> = (0..d.dims()).map(|_| 0.1).collect();
    let mut x = x;
    for i in d.group(0) {
        x[i] = 0.5;
    }
    d.apply(&p, &x, &mut s);
    let (mut a, mut b) = (p.scratch(), p.scratch());
    let (mut ra, mut rb) = (vec![0; p.units()], vec![0; p.units()]);
    p.ranks(&s, &mut a, &mut ra);
    p.ranks(p.nominal(), &mut b, &mut rb);
    assert_eq!(ra, rb);
}

#[test]
fn fills_follow_missing_mean_per_attribute_under_other_normalisations() {
    // 宁波 (华东) under `missing mean per 区域`: its value is the mean of the other 华东 cities'
    // 宽带接入率, and its minmax share is that mean placed between the sample's min and max.
    let dir = temp_dir("robust-per");
    std::fs::copy("examples/raw-scoring/raw.csv", dir.join("raw.csv")).unwrap();
    let base = std::fs::read_to_string("examples/raw-scoring/index.cix").unwrap();
    let spec = base.replace(
        "    score minmax\n    missing mean\n",
        "    score minmax\n    missing mean per 区域\n",
    );
    assert_ne!(spec, base);
    std::fs::write(dir.join("per.cix"), spec).unwrap();
    let (l, p) = plan_with(&dir.join("per.cix"));
    let csv = std::fs::read_to_string("examples/raw-scoring/raw.csv").unwrap();
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|r| r.split(',').collect())
        .collect();
    let seen: Vec<f64> = rows.iter().filter_map(|r| r[2].parse().ok()).collect();
    let east: Vec<f64> = rows
        .iter()
        .filter(|r| r[1] == "华东")
        .filter_map(|r| r[2].parse().ok())
        .collect();
    let fill = east.iter().sum::<f64>() / east.len() as f64;
    let (lo, hi) = seen
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    let k = p
        .leaves()
        .iter()
        .position(|&x| x == l.model.node("基础网络建设水平").unwrap())
        .unwrap();
    let ningbo = p.keys.iter().position(|x| x == "宁波").unwrap();
    let want = (fill - lo) / (hi - lo);
    let got = p.share(0, Norm::MinMax, ningbo, k);
    assert!((got - want).abs() < 1e-12, "{got} {want}");
    // Not the overall mean's place.
    let overall = (seen.iter().sum::<f64>() / seen.len() as f64 - lo) / (hi - lo);
    assert!((got - overall).abs() > 1e-3);
}

#[test]
fn treatment_off_scores_the_original_values() {
    // tests/treatment/data/coverage.cix winsorises `a` one step (L: 100 → 30). Off, minmax over
    // 1 … 100: K scores (30 − 1) / 99 of `a`'s points; on, (30 − 1) / (30 − 1) = 1.
    let dir = temp_dir("robust-treat");
    std::fs::copy("tests/treatment/data/small.csv", dir.join("small.csv")).unwrap();
    let base = std::fs::read_to_string("tests/treatment/data/coverage.cix").unwrap();
    let spec = base.replace(
        "  total 总分\n",
        "  total 总分\n  uncertainty { assume 处理 = treatment of 一 in [on, off] }\n",
    );
    std::fs::write(dir.join("t.cix"), spec).unwrap();
    let (l, p) = plan_with(&dir.join("t.cix"));
    let k = p
        .leaves()
        .iter()
        .position(|&x| x == l.model.node("a").unwrap())
        .unwrap();
    let off = Variant {
        missing: MissingChoice::Declared,
        treated: false,
    };
    let v = p.variants(k).iter().position(|x| *x == off).unwrap();
    let key = p.keys.iter().position(|x| x == "K").unwrap();
    assert!((p.share(0, Norm::Declared, key, k) - 1.0).abs() < 1e-12);
    assert!((p.share(v, Norm::Declared, key, k) - 29.0 / 99.0).abs() < 1e-12);
}

#[test]
fn diff_shows_the_declared_uncertainties() {
    let out = stdout(
        &[
            "diff",
            "examples/raw-scoring/index.cix",
            ROBUST,
            "--format",
            "csv",
        ],
        "1",
    );
    assert!(
        out.contains("added,uncertainty,,runs 2000 seed 7,"),
        "{out}"
    );
    assert!(
        out.contains("added,assume 计分方法,,\"assume 计分方法 = normalisation of 总分 in [declared, minmax, rank]\","),
        "{out}"
    );
}
