//! The report files a `run` writes, tried as a hostile or unlucky user would (issue 13): paths
//! that name devices, FIFOs, symlinks, folders or unwritable places; two reports naming one
//! file; a disk that fills up; a run killed or interrupted half-way.

mod common;

use std::path::Path;
use std::process::{Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt as _, BufReader};

use common::BIN;
/// Longer than any run here needs; only a hang reaches it.
const DEADLINE: Duration = Duration::from_secs(240);

fn temp_dir(name: &str) -> common::TempDir {
    common::temp_dir("fc-hostile", name)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf8 path")
}

/// Starts `program` with `args`, its output piped, killed when the test drops it.
fn spawn(program: &str, args: &[&str]) -> tokio::process::Child {
    tokio::process::Command::new(program)
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the program starts")
}

/// Waits for `child` to end, within [`DEADLINE`]; its output.
async fn ended(child: tokio::process::Child) -> Output {
    tokio::time::timeout(DEADLINE, child.wait_with_output())
        .await
        .expect("the run ends (a hang: something opened a FIFO?)")
        .expect("exit status")
}

/// Runs the binary to its end, within [`DEADLINE`].
async fn run(args: &[&str]) -> Output {
    ended(spawn(BIN, args)).await
}

use common::text;

/// Exit 2, one `error:` line that contains every one of `names`, and nothing ran.
fn refused_up_front(o: &Output, names: &[&str]) {
    let (stdout, stderr) = common::exited(o, 2);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "one error line: {stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "only that line: {stderr}");
    for n in names {
        assert!(errors[0].contains(n), "the error names {n}: {}", errors[0]);
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !stdout.contains("Running") && !stdout.contains("FAILED") && !stdout.contains("  ok "),
        "nothing ran: {stdout}"
    );
}

/// [`refused_up_front`], and `dir` still holds only `left`: nothing was written beside them.
fn refused_leaving(o: &Output, names: &[&str], dir: &Path, left: &[&str]) {
    refused_up_front(o, names);
    assert_eq!(
        entries(dir),
        left,
        "nothing is created in {} ({})",
        dir.display(),
        text(o).1.trim()
    );
}

/// Every entry of `dir` (names only), sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Asserts that no temporary file is left anywhere under `dir`.
fn assert_no_temp_files(dir: &Path) {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".tmp") || name.contains(".fc-") {
                out.push(p.clone());
            }
            if std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_dir()) {
                todo.push(p);
            }
        }
    }
    assert!(out.is_empty(), "temporary files are left: {out:?}");
}

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(ok.success(), "mkfifo {}", path.display());
}

fn file_type(path: &Path) -> String {
    use std::os::unix::fs::FileTypeExt as _;
    let Ok(m) = std::fs::symlink_metadata(path) else {
        return "missing".into();
    };
    let t = m.file_type();
    if t.is_symlink() {
        "symlink"
    } else if t.is_fifo() {
        "fifo"
    } else if t.is_char_device() {
        "char device"
    } else if t.is_dir() {
        "dir"
    } else if t.is_file() {
        "file"
    } else {
        "other"
    }
    .into()
}

use common::until;

fn signal(pid: u32, sig: &str) {
    let ok = std::process::Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(ok.success(), "kill {sig} {pid}");
}

/// A running `run` whose stdout and stderr lines are collected as they come.
struct Live {
    child: tokio::process::Child,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Live {
    fn spawn(args: &[&str]) -> Live {
        let mut child = spawn(BIN, args);
        let collect = |lines: Arc<Mutex<Vec<String>>>,
                       r: Box<dyn tokio::io::AsyncRead + Send + Unpin>| {
            tokio::spawn(async move {
                let mut r = BufReader::new(r).lines();
                while let Ok(Some(l)) = r.next_line().await {
                    if let Ok(mut v) = lines.lock() {
                        v.push(l);
                    }
                }
            });
        };
        let (stdout, stderr) = (Arc::default(), Arc::default());
        collect(
            Arc::clone(&stdout),
            Box::new(child.stdout.take().expect("stdout")),
        );
        collect(
            Arc::clone(&stderr),
            Box::new(child.stderr.take().expect("stderr")),
        );
        Live {
            child,
            stdout,
            stderr,
        }
    }

    /// `run --delay-ms <delay_ms> --concurrency 2 --junit <junit> <more…>`: writes slow enough
    /// for the run to be stopped half-way.
    fn slow_run(delay_ms: u32, junit: &Path, more: &[&str]) -> Live {
        let delay = delay_ms.to_string();
        let mut args = vec!["run", "--delay-ms", &delay, "--concurrency", "2"];
        args.extend(["--junit", s(junit)]);
        args.extend_from_slice(more);
        Live::spawn(&args)
    }

    fn pid(&self) -> u32 {
        self.child.id().expect("still running")
    }

    fn has(lines: &Arc<Mutex<Vec<String>>>, needle: &str) -> bool {
        lines
            .lock()
            .map(|v| v.iter().any(|l| l.contains(needle)))
            .unwrap_or(false)
    }

    async fn wait_stdout(&self, needle: &str) {
        assert!(
            until(DEADLINE, || Self::has(&self.stdout, needle)).await,
            "no `{needle}` on stdout: {:?}",
            self.stdout.lock().map(|v| v.clone())
        );
    }

    async fn wait_stderr(&self, needle: &str) {
        assert!(
            until(DEADLINE, || Self::has(&self.stderr, needle)).await,
            "no `{needle}` on stderr: {:?}",
            self.stderr.lock().map(|v| v.clone())
        );
    }

    /// Waits for the exit; returns the code and everything printed.
    async fn finish(mut self, within: Duration) -> (Option<i32>, String, String) {
        let status = tokio::time::timeout(within, self.child.wait())
            .await
            .expect("the run ends in time")
            .expect("exit status");
        // The readers end at EOF, which follows the exit.
        let all = |l: &Arc<Mutex<Vec<String>>>| l.lock().map(|v| v.join("\n")).unwrap_or_default();
        let closed = until(Duration::from_secs(10), || {
            Arc::strong_count(&self.stdout) == 1 && Arc::strong_count(&self.stderr) == 1
        })
        .await;
        assert!(closed, "stdout and stderr close after the exit");
        (status.code(), all(&self.stdout), all(&self.stderr))
    }
}

// ---- 1. special files ------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fifo_as_junit_or_json_is_refused_and_left_alone() {
    let dir = temp_dir("fifo");
    let fifo = dir.join("pipe");
    mkfifo(&fifo);
    for opt in ["--junit", "--json"] {
        let junit = dir.join("j.xml");
        let args: Vec<&str> = match opt {
            "--junit" => vec!["run", "--readonly", "--junit", s(&fifo)],
            _ => vec![
                "run",
                "--readonly",
                "--junit",
                s(&junit),
                "--json",
                s(&fifo),
            ],
        };
        let out = run(&args).await;
        refused_leaving(&out, &[s(&fifo), "FIFO"], &dir, &["pipe"]);
        assert_eq!(file_type(&fifo), "fifo", "{opt}: the FIFO is still a FIFO");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_as_junit_is_refused_and_nothing_is_created_beside_it() {
    let dir = temp_dir("device");
    let dev = dir.join("dev");
    std::fs::create_dir_all(&dev).expect("dev dir");
    let null = dev.join("null");
    // As root (CI): a character device like /dev/null, in a folder of our own. Elsewhere a
    // FIFO stands in for it (same rule: not a regular file).
    let made = std::process::Command::new("mknod")
        .args([s(&null), "c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        mkfifo(&null);
    }
    let before = file_type(&null);
    let out = run(&["run", "--readonly", "--junit", s(&null)]).await;
    // No report.html or evidence/ beside a device.
    refused_leaving(&out, &[s(&null), "not a regular file"], &dev, &["null"]);
    assert_eq!(file_type(&null), before, "the device is left alone");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_symlink_to_a_regular_file_is_written_through_and_kept() {
    let dir = temp_dir("symlink");
    let real = dir.join("real.xml");
    std::fs::write(&real, "old").expect("write");
    let link = dir.join("link.xml");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let out = run(&["run", "--readonly", "--junit", s(&link)]).await;
    common::exited(&out, 0);
    assert_eq!(file_type(&link), "symlink", "the link is kept");
    let xml = std::fs::read_to_string(&real).expect("the target");
    assert!(xml.contains("<testsuites"), "the report went to the target");
    assert_no_temp_files(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_symlink_to_a_fifo_or_to_nothing_is_refused() {
    let dir = temp_dir("badlink");
    let fifo = dir.join("pipe");
    mkfifo(&fifo);
    let to_fifo = dir.join("to-fifo.xml");
    std::os::unix::fs::symlink(&fifo, &to_fifo).expect("symlink");
    let dangling = dir.join("dangling.xml");
    std::os::unix::fs::symlink(dir.join("nowhere.xml"), &dangling).expect("symlink");
    for link in [&to_fifo, &dangling] {
        let out = run(&["run", "--readonly", "--junit", s(link)]).await;
        let left = ["dangling.xml", "pipe", "to-fifo.xml"];
        refused_leaving(&out, &[s(link)], &dir, &left);
        assert_eq!(file_type(link), "symlink");
    }
    assert_eq!(file_type(&fifo), "fifo");
}

// ---- 2. paths checked before the first scenario; late write failures ------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unwritable_junit_path_is_refused_before_any_scenario_runs() {
    let out = run(&[
        "run",
        "--deviation",
        "state-change-returns-200",
        "--junit",
        "/proc/nope/j.xml",
    ])
    .await;
    refused_up_front(&out, &["/proc/nope"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn report_paths_that_cannot_be_what_they_must_be_are_refused_up_front() {
    let dir = temp_dir("kinds");
    let a_file = dir.join("a-file");
    std::fs::write(&a_file, "x").expect("write");
    let a_dir = dir.join("a-dir");
    std::fs::create_dir_all(&a_dir).expect("dir");
    let junit = dir.join("out/j.xml");
    let under_file = a_file.join("r.html");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        // --junit naming a folder (it used to leave dm.tmp behind, item 5).
        (vec!["--junit", s(&a_dir)], s(&a_dir)),
        (
            vec!["--junit", s(&junit), "--html", s(&under_file)],
            s(&a_file),
        ),
        (vec!["--junit", s(&junit), "--json", s(&a_dir)], s(&a_dir)),
        (
            vec!["--junit", s(&junit), "--evidence", s(&a_file)],
            s(&a_file),
        ),
    ];
    for (extra, named) in cases {
        let mut args = vec!["run", "--deviation", "state-change-returns-200"];
        args.extend(extra.iter().copied());
        let out = run(&args).await;
        refused_leaving(&out, &[named], &dir, &["a-dir", "a-file"]);
        assert!(entries(&a_dir).is_empty(), "no temp file in the folder");
        assert_eq!(std::fs::read_to_string(&a_file).expect("file"), "x");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_that_cannot_be_written_late_still_gets_the_summary_and_the_verdict() {
    let dir = temp_dir("efbig");
    let junit = dir.join("j.xml");
    // A 4 KiB file-size limit (dash counts 512-byte blocks) makes every report write fail
    // with EFBIG, as a full disk would, after the paths were checked. SIGXFSZ is ignored
    // so that the write fails instead of the process dying.
    let script = format!(
        "trap '' XFSZ; ulimit -f 8 && exec '{BIN}' run --readonly --junit '{}'",
        s(&junit)
    );
    let out = ended(spawn("sh", &["-c", &script])).await;
    let (stdout, stderr) = text(&out);
    assert!(
        stdout.contains("0 failed, 0 inconclusive, 0 errors"),
        "the summary is printed: {stdout}\n{stderr}"
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "the run's verdict: {stdout}\n{stderr}"
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("error:") && l.contains("JUnit") && l.contains(s(&junit))),
        "the report that could not be written is named: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_no_temp_files(&dir);
}

// ---- 4. a killed run never reads green ---------------------------------------------------

/// The `errors` attribute of the root element.
fn root_errors(xml: &str) -> usize {
    let start = xml.find("<testsuites").expect("root");
    let tag = &xml[start..start + xml[start..].find('>').expect("end of tag")];
    let at = tag.find(" errors=\"").expect("errors attribute") + " errors=\"".len();
    tag[at..]
        .split('"')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a number")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_run_leaves_reports_that_say_it_did_not_complete() {
    let dir = temp_dir("killed");
    let junit = dir.join("junit.xml");
    let json = dir.join("cucumber.json");
    let mut live = Live::slow_run(150, &junit, &["--json", s(&json)]);
    assert!(
        until(DEADLINE, || junit.exists() && json.exists()).await,
        "no progress reports after the first feature"
    );
    assert!(
        live.child.try_wait().expect("status").is_none(),
        "still running when killed"
    );
    live.child.kill().await.expect("SIGKILL");
    let xml = std::fs::read_to_string(&junit).expect("junit");
    common::check_junit_shape(&xml).expect("valid JUnit after SIGKILL");
    common::xmllint(&junit);
    assert!(xml.contains("run did not complete"), "{xml}");
    assert!(
        xml.contains("not run yet"),
        "the scenarios still to run are listed"
    );
    assert!(
        xml.contains("<error type=\"incomplete\""),
        "an error testcase"
    );
    assert!(
        root_errors(&xml) >= 1,
        "the root's errors count it, so a gate reading JUnit sees a problem"
    );
    let js: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("JSON");
    let marker = js
        .as_array()
        .expect("features")
        .iter()
        .flat_map(|f| f["elements"].as_array().cloned().unwrap_or_default())
        .find(|e| e["name"] == "run did not complete")
        .expect("the Cucumber JSON says so too");
    assert!(
        marker["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .any(|st| st["result"]["status"] == "failed"),
        "a failed step, which every Cucumber JSON reader counts: {marker}"
    );
    // diff and merge do not take it for a clean run.
    let d = run(&["diff", s(&junit), s(&junit)]).await;
    let (dout, derr) = text(&d);
    assert_eq!(d.status.code(), Some(2), "{dout}\n{derr}");
    assert!(derr.contains("did not complete"), "{derr}");
    let merged = dir.join("merged.xml");
    let m = run(&["merge", s(&junit), "-o", s(&merged)]).await;
    let (mout, merr) = text(&m);
    assert!(merr.contains("did not complete"), "{mout}\n{merr}");
    let mxml = std::fs::read_to_string(&merged).expect("merged");
    assert!(mxml.contains("<error type=\"incomplete\""), "{mxml}");
    assert!(root_errors(&mxml) >= 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_completed_run_leaves_no_incomplete_marker() {
    let dir = temp_dir("complete");
    let junit = dir.join("junit.xml");
    let json = dir.join("c.json");
    let out = run(&[
        "run",
        "--readonly",
        "--junit",
        s(&junit),
        "--json",
        s(&json),
    ])
    .await;
    common::exited(&out, 0);
    let xml = std::fs::read_to_string(&junit).expect("junit");
    assert!(!xml.contains("did not complete"), "{xml}");
    assert_eq!(root_errors(&xml), 0);
    let js = std::fs::read_to_string(&json).expect("json");
    assert!(!js.contains("did not complete"));
    let d = run(&["diff", s(&junit), s(&junit)]).await;
    assert_eq!(d.status.code(), Some(0), "{:?}", text(&d));
}

// ---- 8. interruption output ---------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_run_prints_what_did_not_run_as_skipped_not_failed() {
    let dir = temp_dir("sigint");
    let junit = dir.join("junit.xml");
    let live = Live::slow_run(150, &junit, &[]);
    assert!(
        until(DEADLINE, || junit.exists()).await,
        "no JUnit after the first feature"
    );
    signal(live.pid(), "-INT");
    let (code, stdout, stderr) = live.finish(DEADLINE).await;
    assert_eq!(code, Some(130), "{stdout}\n{stderr}");
    // A scenario's line is its first line; its message follows on indented lines.
    let lines: Vec<&str> = stdout.lines().collect();
    let not_run: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains("not run: the run was interrupted"))
        .map(|(i, _)| i)
        .collect();
    assert!(!not_run.is_empty(), "{stdout}");
    for i in not_run {
        let head = lines[..=i]
            .iter()
            .rev()
            .find(|l| l.starts_with("  ") && !l.starts_with("   "))
            .expect("a scenario line");
        assert!(
            head.starts_with("  skipped "),
            "a scenario that did not run is printed as skipped, not `{head}`"
        );
    }
    let printed = lines
        .iter()
        .filter(|l| l.starts_with("  skipped ") && l.contains("not run: the run was interrupted"))
        .count();
    let summary = lines
        .iter()
        .find(|l| l.contains(" scenarios: ") && l.contains(" skipped"))
        .expect("summary");
    let words: Vec<&str> = summary.split_whitespace().collect();
    let skipped: usize = words
        .windows(2)
        .find(|w| w[1].trim_end_matches(',') == "skipped")
        .and_then(|w| w[0].parse().ok())
        .expect("skipped count");
    assert!(
        skipped >= printed,
        "the summary counts what was printed as skipped: {summary} vs {printed}"
    );
    let xml = std::fs::read_to_string(&junit).expect("junit");
    assert!(
        xml.contains("run did not complete"),
        "an interrupted run's report says it did not complete"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_interrupt_still_writes_the_junit_and_the_html() {
    let dir = temp_dir("sigint2");
    let junit = dir.join("junit.xml");
    let html = dir.join("report.html");
    // Slow writes, so that scenarios are still running when the second signal comes.
    let live = Live::slow_run(3000, &junit, &[]);
    live.wait_stdout("Running").await;
    signal(live.pid(), "-INT");
    live.wait_stderr("interrupted: no new scenarios").await;
    signal(live.pid(), "-INT");
    let started = Instant::now();
    let (code, stdout, stderr) = live.finish(Duration::from_secs(30)).await;
    assert_eq!(code, Some(130), "{stdout}\n{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "a second interrupt stops quickly"
    );
    let xml = std::fs::read_to_string(&junit).expect("a JUnit is written");
    common::check_junit_shape(&xml).expect("valid");
    common::xmllint(&junit);
    assert!(xml.contains("run did not complete"), "{xml}");
    assert!(root_errors(&xml) >= 1);
    let page = std::fs::read_to_string(&html).expect("an HTML report is written");
    assert!(page.contains("did not complete"), "the page says so too");
    assert_no_temp_files(&dir);
}

// ---- 10. two reports, one file -----------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_reports_naming_one_file_are_refused_up_front() {
    let dir = temp_dir("same");
    let x = dir.join("x.xml");
    let html_default = dir.join("report.html");
    let sub = dir.join("sub");
    std::fs::create_dir_all(&sub).expect("dir");
    let dotted = format!("{}/../x.xml", s(&sub));
    let cases: Vec<Vec<&str>> = vec![
        vec!["--junit", s(&x), "--html", s(&x)],
        vec!["--junit", s(&x), "--json", s(&x)],
        vec!["--junit", s(&x), "--json", &dotted],
        // The HTML report defaults to report.html beside the JUnit file.
        vec!["--junit", s(&html_default)],
        vec!["--junit", s(&x), "--evidence", s(&x)],
    ];
    for extra in cases {
        let mut args = vec!["run", "--readonly"];
        args.extend(extra.iter().copied());
        let out = run(&args).await;
        refused_leaving(&out, &["same file"], &dir, &["sub"]);
    }
}
