//! The corpus: every `tests/corpus/**/*.cix` is loaded (with the data it names, relative to
//! itself) and its reports run; the snapshot holds either every report as a table or the
//! rendered diagnostics. A first line `# query: Q` (repeatable) runs queries instead of reports.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // tests may fail loudly

use std::path::Path;

fn render_case(path: &Path) -> String {
    // Relative paths keep snapshots independent of where the repository is checked out.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = path.strip_prefix(root).unwrap_or(path);
    let text = std::fs::read_to_string(path).unwrap();
    let queries: Vec<&str> = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .filter_map(|l| l.strip_prefix("# query:"))
        .map(str::trim)
        .collect();
    match cix::load(path, None) {
        Err(diags) => format!("ERROR\n{}", cix::diag::render_plain(&diags.0)),
        Ok(loaded) => {
            let mut out = String::new();
            if !loaded.warnings.is_empty() {
                out.push_str(&cix::diag::render_plain(&loaded.warnings));
            }
            if queries.is_empty() {
                match cix::project::run_reports(&loaded, &["all".to_string()]) {
                    Ok(outputs) => {
                        for (_, o) in outputs {
                            out.push_str(&cix::report::render(&o, cix::report::Format::Table));
                            out.push('\n');
                        }
                    }
                    Err(d) => out.push_str(&cix::diag::render_plain(&d.0)),
                }
            }
            for q in queries {
                out.push_str(&format!("> {q}\n"));
                match cix::project::query(&loaded, q) {
                    Ok(o) => out.push_str(&cix::report::render(&o, cix::report::Format::Table)),
                    Err(d) => out.push_str(&cix::diag::render_plain(&d.0)),
                }
                out.push('\n');
            }
            out
        }
    }
}

#[test]
fn corpus() {
    insta::glob!("corpus/**/*.cix", |path| {
        insta::assert_snapshot!(render_case(path));
    });
}
