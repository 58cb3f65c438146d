//! Rebuild the library when a message catalogue changes: rust-i18n reads `locales/*.yml` at
//! compile time, and cargo does not know it does.

fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=build.rs");
}
