//! A spec: parse, check, render the diagnostics; the `cix fmt` round trip.
//! The body is `cix::fuzzing::spec`, shared with the replay test `tests/fuzz_corpus.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cix::fuzzing::spec(data));
