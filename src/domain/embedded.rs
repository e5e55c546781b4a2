//! The files embedded in the binary at build time (build.rs): features/ and the rule
//! catalogue, so that `cargo install` gives a self-contained tool.

mod generated {
    include!(concat!(env!("OUT_DIR"), "/embedded_features.rs"));
}

/// Files embedded at build time (features/ and its rule catalogue).
pub(crate) fn embedded_files() -> &'static [(&'static str, &'static str)] {
    generated::EMBEDDED
}
