//! A query on the bundled 2015 example (loaded once): parse, run, render in every format.
//! The body is `cix::fuzzing::query`, shared with the replay test `tests/fuzz_corpus.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cix::fuzzing::query(data));
