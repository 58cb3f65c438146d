//! The Editions chapter of docs/language.md runs: every ```cix block that `extends` an example
//! is merged with it and checked without errors (tests/docs/manual.rs checks the others), and every
//! ```console block prints what the manual shows.

use std::path::{Path, PathBuf};

use crate::common::blocks;

fn manual() -> String {
    std::fs::read_to_string("docs/language.md").unwrap()
}

#[test]
fn extending_examples_merge_and_check() {
    let examples = std::fs::canonicalize("examples").unwrap();
    // Each example is written as if it were `examples/<edition>/index.cix`: its `../` paths
    // are made absolute, and it is saved in a folder of its own.
    let dir = crate::common::temp_dir("editions-docs");
    std::fs::create_dir_all(&dir).unwrap();
    let mut n = 0;
    for (info, body, line) in blocks(&manual()) {
        if info != "cix" || !body.contains("\nextends ") && !body.starts_with("extends ") {
            continue;
        }
        n += 1;
        let spec: PathBuf = dir.join(format!("line{line}.cix"));
        let text = body.replace("\"../", &format!("\"{}/", examples.display()));
        std::fs::write(&spec, text).unwrap();
        let result = cix::load_spec(&spec);
        let loaded = cix::load(&spec, None);
        let _ = std::fs::remove_file(&spec);
        if let Err(d) = result {
            panic!("docs/language.md:{line}\n{}", cix::diag::render_plain(&d.0));
        }
        // Those that name data run on it.
        if body.contains("smart-city-2015") {
            if let Err(d) = loaded {
                panic!("docs/language.md:{line}\n{}", cix::diag::render_plain(&d.0));
            }
        }
    }
    let _ = std::fs::remove_dir(&dir);
    assert!(n >= 3, "only {n} extending examples");
}

#[test]
fn console_examples_print_what_the_manual_shows() {
    let mut n = 0;
    for (info, body, line) in blocks(&manual()) {
        if info != "console" {
            continue;
        }
        n += 1;
        let mut lines = body.lines();
        let command = lines.next().unwrap().strip_prefix("$ cix ").unwrap();
        let shown: Vec<&str> = lines.collect();
        let out = assert_cmd::Command::cargo_bin("cix")
            .unwrap()
            .args(command.split_whitespace())
            .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        let out = String::from_utf8(out).unwrap();
        let got: Vec<&str> = out.lines().take(shown.len()).collect();
        assert_eq!(got, shown, "docs/language.md:{line}: `cix {command}`");
    }
    assert!(n >= 2);
}

/// The example READMEs name only files inside the repository: every `path` in backticks exists
/// (from the repository root, or beside the README), and nothing points outside (`../`, a link).
#[test]
fn example_readmes_point_only_inside_the_repository() {
    let mut n = 0;
    for entry in std::fs::read_dir("examples").unwrap() {
        let dir = entry.unwrap().path();
        let readme = dir.join("README.md");
        let Ok(text) = std::fs::read_to_string(&readme) else {
            continue;
        };
        assert!(
            !text.contains("http://") && !text.contains("https://") && !text.contains("](."),
            "{}: links outside the file",
            readme.display()
        );
        for (i, token) in text.split('`').enumerate() {
            let is_path = i % 2 == 1
                && !token.contains(' ')
                && (token.contains('/')
                    || [".cix", ".csv", ".md"].iter().any(|e| token.ends_with(e)));
            if !is_path {
                continue;
            }
            n += 1;
            assert!(
                !token.starts_with("../") && !token.starts_with("shared/"),
                "{}: `{token}` points outside the example",
                readme.display()
            );
            assert!(
                Path::new(token).exists() || dir.join(token).exists(),
                "{}: `{token}` is not a file of the repository",
                readme.display()
            );
        }
    }
    assert!(n >= 10, "only {n} paths");
}

/// The README's set-up: exactly two commands (run the 2015 example; run the tests), the same in
/// the Chinese section, how long the first build takes, and how to put `cix` on the PATH.
#[test]
fn readme_sets_up_in_two_commands() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let commands: Vec<String> = blocks(&readme)
        .into_iter()
        .filter(|(info, _, _)| info == "sh")
        .map(|(_, body, _)| body.trim().to_string())
        .collect();
    // The same two, in English and in the Chinese section (快速上手).
    let two = [
        "cargo run --release -- run examples/smart-city-2015/index.cix",
        "cargo test",
    ];
    assert_eq!(commands, [two, two].concat());
    let zh = readme
        .split("## 快速上手")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("a Chinese section 快速上手");
    assert!(two.iter().all(|c| zh.contains(&format!("```sh\n{c}\n```"))));
    assert!(readme.contains("The first build"), "the build time");
    assert!(
        readme.contains(" minutes on an idle 2-core machine"),
        "the build time"
    );
    assert!(readme.contains("`cargo install --path .`"), "the PATH");
}

/// Every `cix …` line of the example READMEs runs as written (from the repository root) and
/// exits as the README says: 0, or 1 where its comment says `exit 1`.
#[test]
fn example_readme_commands_run() {
    let bin = assert_cmd::cargo::cargo_bin("cix");
    let mut n = 0;
    for entry in std::fs::read_dir("examples").unwrap() {
        let readme = entry.unwrap().path().join("README.md");
        let Ok(text) = std::fs::read_to_string(&readme) else {
            continue;
        };
        for (info, body, line) in blocks(&text) {
            if info != "sh" {
                continue;
            }
            for command in body.lines().filter(|l| l.starts_with("cix ")) {
                if command.starts_with("cix repl") {
                    continue; // waits for a terminal
                }
                n += 1;
                let expected = if command.contains("exit 1") { 1 } else { 0 };
                let out = std::process::Command::new("bash")
                    .arg("-c")
                    .arg(format!(
                        "cix() {{ '{}' \"$@\"; }}; {command}",
                        bin.display()
                    ))
                    .output()
                    .unwrap();
                assert_eq!(
                    out.status.code(),
                    Some(expected),
                    "{}:{line}: {command}\n{}",
                    readme.display(),
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
    }
    assert!(n >= 15, "only {n} commands");
}
