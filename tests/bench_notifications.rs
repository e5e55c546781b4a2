//! `bench notifications` as a user runs it: a short run through the built binary prints
//! the figures and exits 0 only when every state change's notification arrived; the
//! library reports a notification that does not arrive in time as a one-line error.

use std::process::Output;
use std::time::Duration;

use finesse_conformance::notify_bench::{Options, run};
use finesse_conformance::profile::Deployment;

const BIN: &str = env!("CARGO_BIN_EXE_finesse-conformance");

async fn bench(args: &[&str]) -> Output {
    tokio::process::Command::new(BIN)
        .arg("bench")
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .output()
        .await
        .expect("the binary runs")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The value in milliseconds after `label ` in `line` (`p50 23.1 ms`).
fn figure(line: &str, label: &str) -> f64 {
    let start = line
        .find(&format!("{label} "))
        .unwrap_or_else(|| panic!("no {label} in {line:?}"))
        + label.len()
        + 1;
    let rest = &line[start..];
    let end = rest
        .find(" ms")
        .unwrap_or_else(|| panic!("no ms after {label} in {line:?}"));
    rest[..end]
        .parse()
        .unwrap_or_else(|e| panic!("{label} in {line:?}: {e}"))
}

async fn short_run(deployment: &str) {
    let o = bench(&[
        "notifications",
        "--changes",
        "20",
        "--deployment",
        deployment,
        "--delay-ms",
        "20",
    ])
    .await;
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "stdout:\n{out}\nstderr:\n{err}");
    assert!(err.is_empty(), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some(
            format!(
                "notification latency (PUT → User notification), {deployment}, 20 state changes, mock processing delay 20 ms:"
            )
            .as_str()
        ),
        "{out}"
    );
    let figures = lines.get(1).copied().unwrap_or_default();
    let [p50, p99, min, max, mean] =
        ["p50", "p99", "min", "max", "mean"].map(|l| figure(figures, l));
    // The mock applies a write 20 ms after it accepts it, and the clock starts before the
    // PUT is sent: a figure below that was not measured up to the notification.
    assert!(min >= 20.0, "{out}");
    assert!(
        min <= p50 && p50 <= p99 && p99 <= max && min <= mean && mean <= max,
        "{out}"
    );
    assert!(max < 5000.0, "within the mock's outcome deadline: {out}");
    assert!(
        out.contains("20 changes in") && out.contains("includes the processing delay"),
        "{out}"
    );
    assert!(out.contains("peak RSS"), "{out}");
    assert!(!out.contains("mock-pw-1"), "no password printed: {out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_ucce_run_times_every_change_to_its_notification() {
    short_run("UCCE").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_uccx_run_times_every_change_to_its_notification() {
    short_run("UCCX").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_suite_bench_and_the_notification_bench_do_not_mix() {
    let o = bench(&["--runs", "1", "notifications", "--changes", "1"]).await;
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "stdout:\n{out}\nstderr:\n{err}");
    assert!(err.contains("cannot be used with '--runs"), "{err}");
    let o = bench(&["notifications", "--changes", "0"]).await;
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "stdout:\n{out}\nstderr:\n{err}");
    assert!(err.contains("--changes"), "{err}");
}

/// A notification that cannot arrive within the wait (the mock holds each write for
/// 400 ms, the wait is 40 ms) fails the run with one line naming what was awaited.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notification_that_does_not_arrive_fails_the_run() {
    let e = run(&Options {
        changes: 3,
        deployment: Deployment::Ucce,
        processing_delay: Duration::from_millis(400),
        deadline: Some(Duration::from_millis(40)),
    })
    .await
    .expect_err("no notification can arrive within 40 ms");
    assert!(
        e.contains("no notification on /finesse/api/User/") && e.contains("with requestId"),
        "{e}"
    );
    assert!(!e.contains('\n'), "one line: {e}");
}
