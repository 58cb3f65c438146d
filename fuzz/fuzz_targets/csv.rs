//! A CSV file: decode, parse, bind against the 2015 spec, score, evaluate.
//! The body is `cix::fuzzing::csv`, shared with the replay test `tests/fuzz_corpus.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cix::fuzzing::csv(data));
