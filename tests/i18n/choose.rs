//! The language is chosen by `--lang`, else `CIX_LANG`, else the locale; a bad choice is E020.

use crate::common::cix;

/// `cix` with no language in its environment.
fn bare() -> assert_cmd::Command {
    let mut c = cix();
    for v in ["CIX_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        c.env_remove(v);
    }
    c
}

#[test]
fn an_unknown_lang_is_e020_and_a_usage_error() {
    let out = bare()
        .args(["--lang", "fr", "check", "x.cix"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("E020"), "{err}");
    assert!(err.contains("unknown language `fr`"), "{err}");

    // In a Chinese locale the same error is in Chinese.
    let out = bare()
        .env("LANG", "zh_CN.UTF-8")
        .env("CIX_LANG", "fr")
        .args(["check", "x.cix"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("E020") && err.contains("「fr」"), "{err}");
}

#[test]
fn lang_is_a_global_flag() {
    for args in [
        [
            "--lang",
            "zh",
            "check",
            "examples/smart-city-2015/index.cix",
        ],
        [
            "check",
            "--lang",
            "en",
            "examples/smart-city-2015/index.cix",
        ],
        [
            "check",
            "examples/smart-city-2015/index.cix",
            "--lang",
            "zh",
        ],
    ] {
        let out = bare().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
    }
}
