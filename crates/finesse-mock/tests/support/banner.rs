//! A mock binary started as a process, and the banner it prints. Shared by this crate's tests
//! and the harness's (tests/common includes this file): both start the mock that way.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::time::{Instant, timeout_at};

/// Starts `cmd` (a mock binary with its options), stdout piped and killed when dropped; returns
/// it and what it printed up to its "Press Ctrl-C" line, read within 30 s. The rest of stdout
/// is drained, so that the mock never blocks on a full pipe.
pub async fn start(mut cmd: Command) -> (Child, String) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the mock starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut banner = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while let Ok(Ok(Some(line))) = timeout_at(deadline, lines.next_line()).await {
        let last = line.starts_with("Press Ctrl-C");
        banner.push(line);
        if last {
            break;
        }
    }
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (child, banner.join("\n"))
}
