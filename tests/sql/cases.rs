//! The specs run on every engine, what cix answers for each, and the comparison per engine.

use std::path::{Path, PathBuf};

use cix::eval::competition_ranks;

use super::common::cix;
use super::compare::{compare, Exp, Table};
use super::engines::{run, Engine, Job};

/// Every example with data, and the fixture of scoring rules the examples do not use.
pub const SPECS: &[&str] = &[
    "examples/raw-scoring/index.cix",
    "examples/smart-city-2015/index.cix",
    "examples/smart-city-2021/index.cix",
    "tests/sql/fixtures/rules.cix",
];

/// Query kinds `cix sql` does not compile (E631): their reports are expected to fail.
const NOT_COMPILED: &[&str] = &[
    "histogram",
    "corr",
    "count by",
    "show",
    "compare",
    "rank of",
];

/// What one SQL statement should answer, as cix's CSV.
pub struct Expected {
    pub name: String,
    pub sql: String,
    pub csv_path: PathBuf,
    pub cix: Table,
}

/// The overall ranking as `cix sql` compiles it without `--report`: rank, key, every node (the
/// total last), 得分率, every tiers declaration — from cix's own exact results.
fn overall(l: &cix::Loaded) -> Table {
    let m = &l.model;
    let dp = m.score_decimals();
    // Units outside the sample have no total, and no place in the ranking.
    let ranked: Vec<usize> = (0..l.results.units.len())
        .filter(|&i| l.results.units[i].scores.get(m.total).is_some())
        .collect();
    let totals: Vec<_> = ranked
        .iter()
        .map(|&i| l.results.units[i].scores.get(m.total).unwrap())
        .collect();
    let ranks = competition_ranks(&totals);
    let nodes: Vec<usize> = (0..m.nodes.len())
        .filter(|&i| i != m.total)
        .chain([m.total])
        .collect();
    let mut header = vec!["排名".to_string(), m.key.node.clone()];
    header.extend(nodes.iter().map(|&i| m.nodes[i].name.clone()));
    header.push("得分率".into());
    header.extend(m.tiers.iter().map(|t| t.name.node.clone()));
    // In rank order; ties in data order, as cix lists them.
    let mut order: Vec<usize> = (0..ranked.len()).collect();
    order.sort_by_key(|&i| ranks[i]);
    let rows = order
        .into_iter()
        .map(|i| {
            let unit = ranked[i];
            let u = &l.results.units[unit];
            let mut row = vec![Exp::Text(ranks[i].to_string()), Exp::Text(u.key.clone())];
            for &n in &nodes {
                row.push(
                    u.scores
                        .get(n)
                        .map_or(Exp::Text(String::new()), |v| Exp::Num(v, dp)),
                );
            }
            row.push(Exp::Num(totals[i] / m.max_of(m.total), 4));
            for (t, decl) in m.tiers.iter().enumerate() {
                let tier = l.results.tiers[t][unit].map(|x| decl.tiers[x].node.clone());
                row.push(Exp::Text(tier.unwrap_or_default()));
            }
            row
        })
        .collect();
    Table { header, rows }
}

/// `cix sql` for a spec, a dialect and a report (None: the overall ranking).
pub fn sql(spec: &str, dialect: &str, report: Option<&str>) -> (bool, String, String) {
    let mut cmd = cix();
    cmd.arg("sql").arg(spec).arg("--dialect").arg(dialect);
    if let Some(r) = report {
        cmd.arg("--report").arg(r);
    }
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Every statement of every spec for a dialect, with cix's answer; reports of kinds `cix sql`
/// does not compile must fail with E631.
pub fn expected(dialect: &str) -> Vec<Expected> {
    let mut all = Vec::new();
    for spec in SPECS {
        let l = cix::load(Path::new(spec), None).unwrap();
        let data = l.model.data.as_ref().unwrap().path.clone();
        let (ok, text, err) = sql(spec, dialect, None);
        assert!(ok, "{spec}: {err}");
        all.push(Expected {
            name: format!("{spec} overall"),
            sql: text,
            csv_path: data.clone(),
            cix: overall(&l),
        });
        for r in &l.reports {
            let (ok, text, err) = sql(spec, dialect, Some(&r.name));
            let plan = r.plan.as_ref().unwrap();
            let answer = cix::query::run(&l.model, plan, &l.results).unwrap();
            if !ok {
                assert!(
                    err.contains("E631") && NOT_COMPILED.iter().any(|k| err.contains(k)),
                    "{spec} report {}: {err}",
                    r.name
                );
                continue;
            }
            all.push(Expected {
                name: format!("{spec} report {}", r.name),
                sql: text,
                csv_path: data.clone(),
                cix: Table::of(&answer),
            });
        }
    }
    all
}

/// Run every statement for an engine in one batch and compare each answer with cix's.
pub fn check_engine(engine: Engine) {
    let Some(dir) = engine.ready() else {
        return;
    };
    let expected = expected(engine.dialect());
    let jobs: Vec<Job> = expected
        .iter()
        .enumerate()
        .map(|(i, e)| Job::new(&dir, i, &e.csv_path, &e.sql))
        .collect();
    let answers = run(engine, &dir, &jobs);
    let mut failures = Vec::new();
    for (e, answer) in expected.iter().zip(answers) {
        match answer {
            Ok(csv) => {
                if let Err(why) = compare(&e.cix, &csv) {
                    failures.push(format!("{}: {why}", e.name));
                }
            }
            Err(msg) => failures.push(format!("{}: the engine failed: {msg}", e.name)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} statements differ on {}:\n{}",
        failures.len(),
        expected.len(),
        engine.dialect(),
        failures.join("\n")
    );
    eprintln!(
        "{}: {} statements answered as cix does",
        engine.dialect(),
        expected.len()
    );
}

#[test]
fn duckdb_answers_as_cix_does() {
    check_engine(Engine::DuckDb);
}

#[test]
fn postgres_answers_as_cix_does() {
    check_engine(Engine::Postgres);
}

#[test]
fn spark_answers_as_cix_does() {
    check_engine(Engine::Spark);
}
