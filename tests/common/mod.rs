//! Helpers shared by the test binaries (each uses some of them).

/// (info string, body, line) of each fenced block of a Markdown text.
#[allow(dead_code)]
pub fn blocks(md: &str) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    let mut lines = md.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        if let Some(info) = line.strip_prefix("```") {
            let mut body = String::new();
            for (_, l) in lines.by_ref() {
                if l.starts_with("```") {
                    break;
                }
                body.push_str(l);
                body.push('\n');
            }
            out.push((info.trim().to_string(), body, i + 1));
        }
    }
    out
}

/// The built `cix` binary.
#[allow(dead_code)]
pub fn cix() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("cix").unwrap()
}

/// A fresh folder of this test run's own (`name` distinguishes the tests).
#[allow(dead_code)]
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("cix-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}
