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

/// A fresh folder of this test run's own (`name` distinguishes the tests). The folders of
/// earlier runs of the same test, whose processes have ended, are removed first, so they do
/// not pile up in the system's temporary folder (one per test and run).
#[allow(dead_code)]
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let tmp = std::env::temp_dir();
    remove_stale(&tmp, &format!("cix-test-{name}-"));
    let d = tmp.join(format!("cix-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Remove `tmp/PREFIX<pid>` folders whose process is gone (Linux: no `/proc/<pid>`). A folder
/// of a run still going (another `cargo test` at the same time) is left alone.
fn remove_stale(tmp: &std::path::Path, prefix: &str) {
    if !cfg!(target_os = "linux") {
        return;
    }
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(prefix)) else {
            continue;
        };
        let alive = std::path::Path::new("/proc").join(pid).exists();
        if pid.parse::<u32>().is_ok() && !alive {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}
