//! The layout is the architecture: every arrow between the harness's modules points down, the
//! mock does not depend on the harness, and the steps never reach the mock (they are
//! black-box, so the same suite runs on a lab). Read from the sources, so a new `use` that
//! points the wrong way fails here with the file that has it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The harness's top-level modules, lowest first. A module may use modules of lower layers
/// only (unit tests may reach anything: they build fixtures).
const LAYERS: &[&[&str]] = &[
    &["stdout", "tls_trust", "redact"],
    &["auth"],
    &["profile"],
    &["finesse"],
    &["domain"],
    &["scenario"],
    &["steps", "report", "doctor", "mock_profile"],
    &["suite"],
    &["selfcheck", "notify_bench"],
    &["cli"],
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's text without its unit tests (`#[cfg(test)]` to the end) and without comments.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("read");
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => &text[..],
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with("tests") || name.ends_with("_tests.rs") {
        return String::new();
    }
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// `crate::<name>` references in `code`.
fn crate_refs(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        // `$crate::` in macros and `finesse_protocol::`-style paths are not ours.
        let before = &rest[..i];
        if !before.ends_with('$') && !before.ends_with('_') && !name.is_empty() {
            out.insert(name);
        }
        rest = after;
    }
    out
}

#[test]
fn harness_modules_only_use_lower_layers() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&src).expect("under src");
        let top = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or("")
            .trim_end_matches(".rs")
            .to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        let Some(own) = layer_of(&top) else {
            wrong.push(format!(
                "{}: module `{top}` has no layer in LAYERS",
                rel.display()
            ));
            continue;
        };
        for used in crate_refs(&code(f)) {
            if used == top || ["out", "outln"].contains(&used.as_str()) {
                continue;
            }
            match layer_of(&used) {
                Some(l) if l < own => {}
                Some(_) => wrong.push(format!(
                    "{}: `{top}` uses `crate::{used}`, which is not below it",
                    rel.display()
                )),
                None => wrong.push(format!(
                    "{}: `crate::{used}` is not a layered module",
                    rel.display()
                )),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows pointing up or sideways:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_steps_are_black_box_and_nothing_hides_behind_path_attributes() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut wrong = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read");
        if text.contains("#[path") {
            wrong.push(format!(
                "{}: #[path] hides a module from the tree",
                f.display()
            ));
        }
        if f.starts_with(root().join("src/steps")) && text.contains("finesse_mock") {
            wrong.push(format!(
                "{}: steps must reach the target only through the API",
                f.display()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_mock_and_the_protocol_crate_do_not_depend_on_the_harness() {
    for krate in ["finesse-mock", "finesse-protocol"] {
        let dir = root().join("crates").join(krate);
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
        assert!(
            !manifest.contains("finesse-conformance"),
            "{krate} depends on the harness"
        );
        let mut files = Vec::new();
        rust_files(&dir.join("src"), &mut files);
        for f in files {
            let text = std::fs::read_to_string(&f).expect("read");
            assert!(
                !text.contains("finesse_conformance"),
                "{} reaches into the harness",
                f.display()
            );
        }
    }
    let protocol = std::fs::read_to_string(root().join("crates/finesse-protocol/Cargo.toml"))
        .expect("manifest");
    assert!(
        !protocol.contains("finesse-mock"),
        "the protocol crate depends on the mock"
    );
}

#[test]
fn the_checker_sees_an_upward_arrow() {
    // The scan must find what it looks for, or the tests above pass vacuously.
    let refs = crate_refs("use crate::suite::plan::Plan;\nlet x = $crate::stdout::write;");
    assert_eq!(
        refs.into_iter().collect::<Vec<_>>(),
        vec!["suite".to_string()]
    );
    assert!(layer_of("suite") > layer_of("report"));
}
