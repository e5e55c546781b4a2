//! Running a profile's `token_command`: `sh -c <command>` on the harness host, with a
//! deadline. Its stdout is the token (bare, or the IdS JSON). Its stderr is never shown: a
//! helper that fails may well print the token or a password there; the message says how much
//! it wrote and how to see it.

use std::process::Stdio;
use std::time::Duration;

use super::grant::{self, TokenGrant};

/// A failed run, as one line naming the profile key (e.g. `users.agents[0].token_command`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CommandError(pub(crate) String);

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CommandError {}

const FIX: &str =
    "run the command by hand: it must print an access token or the IdS JSON on stdout and exit 0";

/// Runs `command` for the identity whose key is `key`, waiting at most `deadline`.
pub(crate) async fn run(
    key: &str,
    command: &str,
    deadline: Duration,
) -> Result<TokenGrant, CommandError> {
    let fail = |what: String| CommandError(format!("{key}: {what} (fix: {FIX})"));
    let child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // A command that outlives its deadline is killed with the future that waits for it.
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| fail(format!("cannot start sh: {e}")))?;
    let out = match tokio::time::timeout(deadline, child.wait_with_output()).await {
        Err(_) => {
            return Err(fail(format!(
                "did not finish within {} (it was stopped; raise timeouts.token_command if it needs longer)",
                humantime::format_duration(deadline)
            )));
        }
        Ok(Err(e)) => return Err(fail(format!("could not be waited for: {e}"))),
        Ok(Ok(out)) => out,
    };
    let stderr = describe_stderr(&out.stderr);
    if !out.status.success() {
        let status = match out.status.code() {
            Some(c) => format!("exited with status {c}"),
            None => "was killed by a signal".to_string(),
        };
        return Err(fail(format!("{status}{stderr}")));
    }
    let Ok(stdout) = String::from_utf8(out.stdout) else {
        return Err(fail(format!("its output is not UTF-8{stderr}")));
    };
    grant::parse_output(&stdout).map_err(|e| fail(format!("its output {e}{stderr}")))
}

/// ", and wrote N lines to stderr (not shown: …)" or nothing.
fn describe_stderr(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    match lines {
        0 => String::new(),
        n => format!(
            ", and wrote {n} line{} to stderr (not shown, as it may hold secrets)",
            if n == 1 { "" } else { "s" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "users.agents[0].token_command";
    const SECRET: &str = "S3cr3t-in-stderr";

    async fn run_ok(cmd: &str) -> TokenGrant {
        run(KEY, cmd, Duration::from_secs(10))
            .await
            .unwrap_or_else(|e| panic!("{cmd}: {e}"))
    }

    async fn run_err(cmd: &str, deadline: Duration) -> String {
        let e = run(KEY, cmd, deadline).await.expect_err(cmd).to_string();
        assert!(e.starts_with(KEY), "names the key: {e}");
        assert!(!e.contains('\n'), "one line: {e}");
        assert!(!e.contains(SECRET), "leaks stderr: {e}");
        assert!(e.contains("(fix: run the command by hand"), "{e}");
        e
    }

    #[tokio::test]
    async fn stdout_is_the_token_bare_or_json() {
        assert_eq!(run_ok("printf 'tok-1\\n'").await, TokenGrant::bare("tok-1"));
        let g =
            run_ok(r#"printf '%s' '{"token":"a1","refresh_token":"r1","expires_in":60}'"#).await;
        assert_eq!(g.access.expose(), "a1");
        assert_eq!(g.expires_in, Some(Duration::from_secs(60)));
        // The shell expands the environment at run time; the profile never holds the value.
        let g = run_ok("FC_T=from-env; printf '%s' \"$FC_T\"").await;
        assert_eq!(g.access.expose(), "from-env");
    }

    #[tokio::test]
    async fn failures_are_one_line_and_never_show_stderr() {
        let e = run_err(
            &format!("echo {SECRET} >&2; exit 3"),
            Duration::from_secs(10),
        )
        .await;
        assert!(e.contains("exited with status 3"), "{e}");
        assert!(e.contains("wrote 1 line to stderr (not shown"), "{e}");
        let e = run_err("true", Duration::from_secs(10)).await;
        assert!(e.contains("its output is empty"), "{e}");
        let e = run_err(
            &format!("echo '{{\"token\": {SECRET}'"),
            Duration::from_secs(10),
        )
        .await;
        assert!(e.contains("does not parse"), "{e}");
        let e = run_err(&format!("echo {SECRET} {SECRET}"), Duration::from_secs(10)).await;
        assert!(e.contains("more than one word"), "{e}");
    }

    #[tokio::test]
    async fn a_command_past_its_deadline_is_stopped() {
        let started = std::time::Instant::now();
        let e = run_err("sleep 30; echo late", Duration::from_millis(200)).await;
        assert!(e.contains("did not finish within 200ms"), "{e}");
        assert!(started.elapsed() < Duration::from_secs(10));
    }
}
