//! Feature files a hostile or unlucky user gives `--features` (issue 13, item 11): each
//! problem is one line naming the file (and line), the run exits 2 before the first scenario,
//! and `list` refuses the same files the same way.

mod common;

use std::path::{Path, PathBuf};

/// A scenario that passes on the embedded mock and needs one agent.
const PASSING: &str =
    "Feature: F\n\n  Scenario: Reading the agent\n    Then the agent's state becomes LOGOUT\n";

/// A features directory holding `files` (name, contents), beside a JUnit path; the folder
/// that holds both goes with the test.
fn features(name: &str, files: &[(&str, &[u8])]) -> (PathBuf, PathBuf, common::TempDir) {
    let root = common::temp_dir("fc-hostile", name);
    let dir = root.join("features");
    for (f, text) in files {
        let path = dir.join(f);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write feature");
    }
    (dir, root.join("reports").join("j.xml"), root)
}

/// The binary with `args`: its exit code, stdout and stderr.
async fn bin(args: &[&str]) -> (Option<i32>, String, String) {
    let out = common::run_bin(args, &[]).await;
    let (stdout, stderr) = common::text(&out);
    (out.status.code(), stdout, stderr)
}

/// `run --no-builtin --features DIR` against the embedded mock.
async fn run(dir: &Path, junit: &Path) -> (Option<i32>, String, String) {
    let (dir, junit) = (dir.to_str().expect("utf8"), junit.to_str().expect("utf8"));
    bin(&["run", "--no-builtin", "--features", dir, "--junit", junit]).await
}

async fn list(dir: &Path) -> (Option<i32>, String, String) {
    bin(&[
        "list",
        "--no-builtin",
        "--features",
        dir.to_str().expect("utf8"),
    ])
    .await
}

/// The line of `stderr` that holds `needle`.
fn line_with<'a>(stderr: &'a str, needle: &str) -> &'a str {
    stderr
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line holds {needle}: {stderr}"))
}

/// `list` refuses the features in `dir` as `run` did: exit 2 and the same lines (`stderr`).
async fn list_refuses_alike(dir: &Path, stderr: &str) {
    let (code, _, listed) = list(dir).await;
    assert_eq!(code, Some(2), "{listed}");
    assert_eq!(listed, stderr, "list refuses the same way");
}

/// Exit 2, nothing ran (no report written, no scenario printed), and every stderr line is
/// one `error:` line without Rust debug text or parser jargon.
fn assert_refused(code: Option<i32>, stdout: &str, stderr: &str, junit: &Path) {
    assert_eq!(code, Some(2), "stdout: {stdout}\nstderr: {stderr}");
    assert!(!junit.exists(), "nothing ran, so no report: {stderr}");
    assert!(!stdout.contains("Running "), "{stdout}");
    assert!(!stderr.is_empty());
    for line in stderr.lines() {
        assert!(line.starts_with("error: "), "one error line each: {stderr}");
        for jargon in ["expected one of", "Error at", "Other(", "{\"", "panicked"] {
            assert!(!line.contains(jargon), "{jargon} in {line}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_utf8_bom_is_accepted() {
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), PASSING.as_bytes()].concat();
    let (dir, junit, _root) = features("bom", &[("bom.feature", &with_bom)]);
    let (code, stdout, stderr) = run(&dir, &junit).await;
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("1 passed"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_file_and_an_unknown_language_are_one_line_each() {
    let (dir, junit, _root) = features(
        "empty",
        &[
            ("a_empty.feature", b""),
            ("b_comments.feature", b"# only a comment\n\n"),
            ("c_lang.feature", b"# language: xx\nFeature: F\n"),
            ("d_ok.feature", PASSING.as_bytes()),
        ],
    );
    let (code, stdout, stderr) = run(&dir, &junit).await;
    assert_refused(code, &stdout, &stderr, &junit);
    let line = |needle: &str| line_with(&stderr, needle);
    assert!(line("a_empty.feature").contains("no Feature"), "{stderr}");
    assert!(
        line("b_comments.feature").contains("no Feature"),
        "{stderr}"
    );
    let lang = line("c_lang.feature:1");
    assert!(lang.contains("\"xx\""), "names the language: {lang}");
    assert!(lang.contains("en"), "says what to use: {lang}");
    assert_eq!(stderr.lines().count(), 3, "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outline_without_examples_or_with_an_unfilled_placeholder_is_refused() {
    let no_examples =
        "Feature: F\n\n  Scenario Outline: goes <state>\n    Given the agent is <state>\n";
    let missing_column = "Feature: F\n\n  Scenario Outline: goes <state>\n    Given the agent is <state>\n    Then the agent's state becomes <after>\n\n    Examples:\n      | state |\n      | READY |\n";
    let no_rows = "Feature: F\n\n  Scenario Outline: goes <state>\n    Given the agent is <state>\n\n    Examples:\n      | state |\n";
    let in_background = "Feature: F\n\n  Background:\n    Given the agent is <state>\n\n  Scenario Outline: goes <state>\n    Then the agent's state becomes <state>\n\n    Examples:\n      | state |\n      | READY |\n";
    let (dir, junit, _root) = features(
        "outline",
        &[
            ("a.feature", no_examples.as_bytes()),
            ("b.feature", missing_column.as_bytes()),
            ("c.feature", no_rows.as_bytes()),
            ("d.feature", in_background.as_bytes()),
        ],
    );
    let (code, stdout, stderr) = run(&dir, &junit).await;
    assert_refused(code, &stdout, &stderr, &junit);
    assert!(stderr.contains("a.feature:3: "), "{stderr}");
    assert!(stderr.contains("no Examples"), "{stderr}");
    assert!(stderr.contains("b.feature:5: "), "{stderr}");
    assert!(stderr.contains("<after>"), "{stderr}");
    assert!(stderr.contains("c.feature:6: "), "{stderr}");
    assert!(stderr.contains("no rows"), "{stderr}");
    assert!(stderr.contains("d.feature:4: "), "{stderr}");
    list_refuses_alike(&dir, &stderr).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tags_the_plan_reads_are_validated_up_front() {
    let text = "@deployment:\nFeature: F\n\n  @since:banana @smoke\n  Scenario: one\n    Then the agent's state becomes LOGOUT\n\n  @requires:teleportation\n  @until:12.5(1)\n  Scenario: two\n    Then the agent's state becomes LOGOUT\n\n  @deploymnet:UCCE @mutate @before:12.6 @jira:FIN-12 @wip\n  Scenario: three\n    Then the agent's state becomes LOGOUT\n";
    let (dir, junit, _root) = features("tags", &[("t.feature", text.as_bytes())]);
    let (code, stdout, stderr) = run(&dir, &junit).await;
    assert_refused(code, &stdout, &stderr, &junit);
    let line = |needle: &str| line_with(&stderr, needle);
    let dep = line("@deployment:");
    assert!(dep.contains("t.feature:1: "), "{dep}");
    assert!(dep.contains("UCCE or UCCX"), "{dep}");
    let since = line("@since:banana");
    assert!(since.contains("t.feature:4: "), "{since}");
    assert!(since.contains("12.5(1)"), "shows a valid version: {since}");
    let req = line("@requires:teleportation");
    assert!(req.contains("t.feature:8: "), "{req}");
    assert!(req.contains("fault_injection"), "lists capabilities: {req}");
    assert!(
        line("@deploymnet:UCCE").contains("@deployment:"),
        "{stderr}"
    );
    assert!(line("@mutate ").contains("@mutates"), "{stderr}");
    assert!(line("@before:12.6").contains("@until:"), "{stderr}");
    assert_eq!(
        stderr.lines().count(),
        6,
        "free tags stay allowed: {stderr}"
    );
    list_refuses_alike(&dir, &stderr).await;

    // Valid values of every interpreted tag, and free tags, still run.
    let good = "@guide:12.5:p47 @deployment:ucce\nFeature: F\n\n  @since:12.5 @until:12.5(1) @requires:calls @smoke @rule:user.x @mutates\n  Scenario: one\n    Then the agent's state becomes LOGOUT\n";
    let (dir, junit, _root) = features("tags-ok", &[("t.feature", good.as_bytes())]);
    let (code, stdout, stderr) = run(&dir, &junit).await;
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("1 passed"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undefined_steps_are_all_listed_before_anything_runs() {
    let a = "Feature: A\n\n  @mutates\n  Scenario: s\n    Given the agent is READY\n    Then the moon is made of cheese\n    And the sun is cold\n";
    let b = "Feature: B\n\n  Scenario Outline: o\n    When the agent <does> nothing\n\n    Examples:\n      | does |\n      | truly |\n";
    let (dir, junit, _root) = features(
        "undefined",
        &[
            ("a.feature", a.as_bytes()),
            ("sub/b.feature", b.as_bytes()),
            ("c.feature", PASSING.as_bytes()),
        ],
    );
    let (code, stdout, stderr) = run(&dir, &junit).await;
    assert_refused(code, &stdout, &stderr, &junit);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(
        lines[0].contains("a.feature:6: ") && lines[0].contains("Then the moon is made of cheese"),
        "{stderr}"
    );
    assert!(
        lines[1].contains("a.feature:7: ") && lines[1].contains("And the sun is cold"),
        "{stderr}"
    );
    assert!(
        lines[2].contains("b.feature:4: ") && lines[2].contains("When the agent truly nothing"),
        "{stderr}"
    );
    assert!(lines[0].contains("no step definition"), "{stderr}");
    list_refuses_alike(&dir, &stderr).await;
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn symlinks_out_of_the_features_directory_are_refused() {
    use std::os::unix::fs::symlink;
    let (dir, junit, _root) = features("symlink-out", &[("ok.feature", PASSING.as_bytes())]);
    let outside = dir.parent().expect("root").join("outside");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::write(outside.join("x.feature"), PASSING).expect("write");
    symlink(outside.join("x.feature"), dir.join("file_link.feature")).expect("symlink");
    symlink(&outside, dir.join("dir_link")).expect("symlink");
    let (code, stdout, stderr) = run(&dir, &junit).await;
    assert_refused(code, &stdout, &stderr, &junit);
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(stderr.contains("file_link.feature"), "{stderr}");
    assert!(stderr.contains("dir_link"), "{stderr}");
    assert!(stderr.contains("outside"), "{stderr}");
    let (code, _, listed) = list(&dir).await;
    assert_eq!(code, Some(2), "{listed}");
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn symlinks_inside_the_tree_neither_loop_nor_load_a_file_twice() {
    use std::os::unix::fs::symlink;
    let (dir, junit, _root) = features("symlink-loop", &[("sub/ok.feature", PASSING.as_bytes())]);
    symlink(&dir, dir.join("sub").join("loop")).expect("symlink");
    symlink(dir.join("sub"), dir.join("again")).expect("symlink");
    symlink(dir.join("sub/ok.feature"), dir.join("same.feature")).expect("symlink");
    let (code, stdout, stderr) = run(&dir, &junit).await;
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("1 passed"), "loaded once: {stdout}");
}
