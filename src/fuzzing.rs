//! The bodies of the fuzz targets (`fuzz/fuzz_targets/`), in the library so that the stable test
//! `tests/robustness/fuzz_corpus.rs` replays the committed corpus and every crash found through the same
//! code. Each function takes any bytes and must return without panicking; a panic is the bug.
//! Not part of the public interface.

use std::path::Path;
use std::sync::OnceLock;

use crate::diag::render_plain;
use crate::report::{self, Format};
use crate::source::Source;

/// The bundled 2015 example, relative to the crate root.
const EXAMPLE: &str = "examples/smart-city-2015/index.cix";

/// The crate root, so the targets find the example wherever they run from.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The 2015 example, loaded once per process (it cannot fail: the golden tests load it).
fn example() -> Option<&'static crate::Loaded> {
    static LOADED: OnceLock<Option<crate::Loaded>> = OnceLock::new();
    LOADED
        .get_or_init(|| crate::load(&root().join(EXAMPLE), None).ok())
        .as_ref()
}

/// A spec: parse, check, render every diagnostic; then the `cix fmt` round trip — the formatted
/// text means the same (`check_meaning`) and formats to itself.
// A harness reports a broken invariant by panicking: that is what the fuzzer looks for.
#[allow(clippy::panic)]
pub fn spec(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = Source::new("fuzz.cix", text);
    match crate::syntax::parse_spec(&source) {
        Ok(parsed) => {
            let (_, diags) =
                crate::check::check(&parsed, &source, root(), crate::check::Purpose::Check);
            let _ = render_plain(&diags.0);
        }
        Err(d) => {
            let _ = render_plain(&[d]);
            return;
        }
    }
    let formatted = crate::edition::fmt::format(text);
    if let Err(d) = crate::edition::fmt::check_meaning(&source, &formatted) {
        panic!("fmt changed the meaning: {}", render_plain(&[d]));
    }
    let again = crate::edition::fmt::format(&formatted);
    assert_eq!(again, formatted, "fmt is not idempotent");
}

/// A query on the 2015 example: parse, run, render in every format.
pub fn query(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(loaded) = example() else {
        return;
    };
    match crate::project::query(loaded, text) {
        Ok(out) => {
            for f in [Format::Table, Format::Csv, Format::Json, Format::Md] {
                let _ = report::render(&out, f);
            }
        }
        Err(d) => {
            let _ = render_plain(&d.0);
        }
    }
}

/// A CSV file: decode (UTF-8, BOMs, GB18030), parse, bind against the 2015 spec, score and
/// evaluate; render every diagnostic.
pub fn csv(data: &[u8]) {
    let Some(loaded) = example() else {
        return;
    };
    let table = crate::input::decode("fuzz.csv", data).and_then(|(text, encoding)| {
        crate::data::parse_table(Source::new("fuzz.csv", text), encoding)
    });
    let table = match table {
        Ok(t) => t,
        Err(d) => {
            let _ = render_plain(&[d]);
            return;
        }
    };
    let model = &loaded.model;
    streamed_like_careful(model, data);
    match crate::data::bind(model, table) {
        Ok(mut dataset) => match crate::scoring::apply(model, &mut dataset) {
            Ok(_) => {
                if let Err(d) = crate::eval::evaluate(model, &dataset) {
                    let _ = render_plain(&d.0);
                }
            }
            Err(d) => {
                let _ = render_plain(&d.0);
            }
        },
        Err(d) => {
            let _ = render_plain(&d.0);
        }
    }
}

/// The same bytes as a file, read and bound a piece at a time (`data::read_bound_in`, in pieces
/// just longer than the longest line, so a file is cut many times): whenever that path takes
/// the file, the careful path (read whole, bound row by row by the csv reader) must take it too
/// and give the very same units — keys, attributes, values with their scale, categories, lines.
// A harness reports a broken invariant by panicking: that is what the fuzzer looks for.
#[allow(clippy::panic)]
fn streamed_like_careful(model: &crate::model::Model, data: &[u8]) {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = format!("cix-fuzz-stream-{}-{n}.csv", std::process::id());
    let path = std::env::temp_dir().join(name);
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let longest = data.split(|&b| b == b'\n').map(<[u8]>::len).max();
    let piece = longest.unwrap_or(0).saturating_add(1);
    if let Some(got) = crate::data::read_bound_in(model, &path, piece) {
        let want = crate::data::read_table(&path, None).ok().and_then(|mut t| {
            t.plain = false;
            crate::data::bind(model, t).ok()
        });
        match want {
            None => panic!("the streamed path took a file the careful path refuses"),
            Some(want) if units(&got) != units(&want) => {
                panic!("the streamed path's units differ from the careful path's")
            }
            Some(_) => {}
        }
    }
    let _ = std::fs::remove_file(&path);
}

/// A dataset's units as plain values: key, attributes, values (with their scale), categories,
/// line.
type Seen = (
    String,
    Vec<String>,
    Vec<Option<String>>,
    Vec<Option<String>>,
    usize,
);

fn units(d: &crate::data::Dataset) -> Vec<Seen> {
    d.units
        .iter()
        .map(|u| {
            (
                u.key.clone(),
                u.attributes.clone(),
                u.values.iter().map(|v| v.map(|x| x.to_string())).collect(),
                u.texts.clone(),
                u.line,
            )
        })
        .collect()
}
