//! The engines, driven by one Python script each (tests/sql/*_run.py) over a batch of jobs: one
//! process (for Spark one JVM) answers every statement.

use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Clone, Copy, Debug)]
pub enum Engine {
    DuckDb,
    Postgres,
    Spark,
}

pub struct Job {
    csv: PathBuf,
    sql: PathBuf,
    out: PathBuf,
}

impl Job {
    pub fn new(dir: &Path, i: usize, csv: &Path, sql: &str) -> Job {
        let path = dir.join(format!("{i}.sql"));
        std::fs::write(&path, sql).unwrap();
        Job {
            csv: std::fs::canonicalize(csv).unwrap(),
            sql: path,
            out: dir.join(format!("{i}.out.csv")),
        }
    }
}

fn succeeds(cmd: &mut Command) -> bool {
    cmd.output().is_ok_and(|o| o.status.success())
}

impl Engine {
    pub fn dialect(self) -> &'static str {
        match self {
            Engine::DuckDb => "duckdb",
            Engine::Postgres => "postgres",
            Engine::Spark => "spark",
        }
    }

    fn script(self) -> &'static str {
        match self {
            Engine::DuckDb => "tests/sql/duckdb_run.py",
            Engine::Postgres => "tests/sql/postgres_run.py",
            Engine::Spark => "tests/sql/spark_run.py",
        }
    }

    fn present(self) -> bool {
        let python = |module: &str| {
            succeeds(Command::new("python3").args(["-c", &format!("import {module}")]))
        };
        match self {
            Engine::DuckDb => python("duckdb"),
            Engine::Spark => python("pyspark") && succeeds(Command::new("java").arg("-version")),
            Engine::Postgres => {
                succeeds(Command::new("psql").arg("--version"))
                    && (Path::new("/tmp/cix-pg").exists()
                        || !glob_bin("initdb").is_empty()
                        || succeeds(Command::new("initdb").arg("--version")))
            }
        }
    }

    /// A fresh folder for the engine's jobs when the engine is installed; else a skip message,
    /// or a failure under CI (where .ci/setup.d/ installs every engine).
    pub fn ready(self) -> Option<PathBuf> {
        if self.present() {
            return Some(super::common::temp_dir(&format!("sql-{}", self.dialect())));
        }
        let what = format!(
            "{} is not installed (.ci/setup.d/{} installs it)",
            self.dialect(),
            match self {
                Engine::Postgres => "postgres.sh",
                _ => "python-engines.sh",
            }
        );
        if std::env::var_os("CI").is_some() {
            panic!("{what}");
        }
        eprintln!("skipped: {what}");
        None
    }
}

fn glob_bin(name: &str) -> Vec<PathBuf> {
    let Ok(dirs) = std::fs::read_dir("/usr/lib/postgresql") else {
        return Vec::new();
    };
    dirs.flatten()
        .map(|d| d.path().join("bin").join(name))
        .filter(|p| p.exists())
        .collect()
}

/// Run every job on an engine; each answer is the engine's CSV or its error message.
pub fn run(engine: Engine, dir: &Path, jobs: &[Job]) -> Vec<Result<String, String>> {
    let list: Vec<serde_json::Value> = jobs
        .iter()
        .map(|j| {
            serde_json::json!({
                "csv": j.csv, "table": "cities", "sql": j.sql, "out": j.out,
            })
        })
        .collect();
    let manifest = dir.join("jobs.json");
    std::fs::write(&manifest, serde_json::to_string(&list).unwrap()).unwrap();
    let out = Command::new("python3")
        .arg(engine.script())
        .arg(&manifest)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} failed: {}",
        engine.script(),
        String::from_utf8_lossy(&out.stderr)
    );
    jobs.iter()
        .map(|j| match std::fs::read_to_string(&j.out) {
            Ok(csv) => Ok(csv),
            Err(_) => {
                let mut err = j.out.clone().into_os_string();
                err.push(".err");
                Err(std::fs::read_to_string(err).unwrap_or_else(|_| "no answer".into()))
            }
        })
        .collect()
}
