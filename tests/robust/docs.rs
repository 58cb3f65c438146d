//! Chapter 8 of docs/language.md: every ```cix-shell block, run with the built binary, prints
//! the ```text block after it.

use crate::common::{blocks, cix};

#[test]
fn chapter_8_commands_print_what_the_manual_shows() {
    let md = std::fs::read_to_string("docs/language.md").unwrap();
    let bs = blocks(&md);
    let mut n = 0;
    for (i, (info, body, line)) in bs.iter().enumerate() {
        if info != "cix-shell" {
            continue;
        }
        n += 1;
        let (next, expected, _) = &bs[i + 1];
        assert_eq!(next, "text", "line {line}: a ```text block must follow");
        let args: Vec<&str> = body.split_whitespace().collect();
        assert_eq!(args[0], "cix");
        let out = cix().args(&args[1..]).output().unwrap();
        assert!(out.status.success(), "line {line}");
        assert_eq!(
            &String::from_utf8(out.stdout).unwrap(),
            expected,
            "line {line}"
        );
    }
    assert!(n >= 2, "only {n} command examples");
}
