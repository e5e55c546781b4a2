//! The profile's hook into the lab (`capabilities.fault_injection`): each configured command's
//! program exists and is executable here (the commands run on the harness host, through
//! `sh -c`), or the mock's control endpoint answers. Nothing is run unless `--run-hooks` asks:
//! then each fault is switched on and off again.

use std::path::{Path, PathBuf};

use super::Line;
use crate::finesse::FinesseClient;
use crate::profile::{FaultCommands, FaultInjection, Profile};
use crate::scenario::faults::{self, DialerAction, Fault};

/// Every configured command, by its key under `capabilities.fault_injection.commands`.
pub(crate) fn configured(c: &FaultCommands) -> Vec<(&'static str, &str)> {
    [
        ("notification_service_down", &c.notification_service_down),
        ("notification_service_up", &c.notification_service_up),
        ("out_of_service", &c.out_of_service),
        ("in_service", &c.in_service),
        ("partial_service", &c.partial_service),
        ("full_service", &c.full_service),
        ("conference_bridge_full", &c.conference_bridge_full),
        ("conference_bridge_free", &c.conference_bridge_free),
        ("db_runtime_exception", &c.db_runtime_exception),
        ("db_runtime_exception_clear", &c.db_runtime_exception_clear),
        ("runtime_exception", &c.runtime_exception),
        ("runtime_exception_clear", &c.runtime_exception_clear),
        ("aws_unavailable", &c.aws_unavailable),
        ("aws_available", &c.aws_available),
        ("preview_reservation", &c.preview_reservation),
        ("direct_preview_reservation", &c.direct_preview_reservation),
        ("cancel_preview_reservation", &c.cancel_preview_reservation),
        ("progressive_reservation", &c.progressive_reservation),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
    .collect()
}

/// The program a shell command line starts: its first word after any `NAME=value`
/// assignments (and after `env` or `exec`), with simple quotes removed.
pub(crate) fn program_of(cmd: &str) -> Option<String> {
    let mut words = shell_words(cmd).into_iter().peekable();
    while let Some(w) = words.peek() {
        let assignment = w.split_once('=').is_some_and(|(k, _)| {
            !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        if assignment || w == "env" || w == "exec" {
            words.next();
        } else {
            break;
        }
    }
    words.next()
}

/// Splits on blanks, keeping quoted parts together (enough to find the first word; the
/// shell does the real parsing when the command runs).
fn shell_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, '\\') => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                    started = true;
                }
            }
            (None, c) if c.is_whitespace() => {
                if started {
                    out.push(std::mem::take(&mut cur));
                    started = false;
                }
            }
            (None, ';' | '|' | '&') => {
                if started {
                    out.push(std::mem::take(&mut cur));
                }
                break;
            }
            (None, c) => {
                cur.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(cur);
    }
    out
}

/// Shell builtins a hook may start with (found by `sh`, not on PATH).
const BUILTINS: &[&str] = &[
    ":", ".", "source", "cd", "echo", "eval", "exit", "export", "printf", "set", "test", "[",
    "true", "false", "read", "wait", "sleep",
];

/// Where `program` is, if it can be run: a path (relative to `cwd`) to an executable file, a
/// shell builtin, or an executable file in one of `path`'s directories.
pub(crate) fn resolve(
    program: &str,
    path: Option<&std::ffi::OsStr>,
    cwd: &Path,
) -> Result<String, String> {
    if program.contains('/') {
        let p = cwd.join(program);
        return if is_executable(&p) {
            Ok(p.display().to_string())
        } else if p.exists() {
            Err(format!("{program} exists but is not an executable file"))
        } else {
            Err(format!(
                "{program} does not exist (relative to {})",
                cwd.display()
            ))
        };
    }
    if BUILTINS.contains(&program) {
        return Ok(format!("{program} (shell builtin)"));
    }
    let found = path
        .map(std::env::split_paths)
        .into_iter()
        .flatten()
        .map(|d: PathBuf| d.join(program))
        .find(|p| is_executable(p));
    found
        .map(|p| p.display().to_string())
        .ok_or_else(|| format!("{program} is not found on PATH"))
}

fn is_executable(p: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(p) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// One line per configured hook, keyed for the preflight (`control_url` for the mock's
/// control endpoint).
pub(crate) async fn check(client: &FinesseClient, p: &Profile) -> Vec<(String, Line)> {
    let base = "capabilities.fault_injection";
    match &p.capabilities.fault_injection {
        None => Vec::new(),
        Some(FaultInjection::MockControl { url }) => {
            let subject = format!("{base}.control_url");
            let line = match client
                .http()
                .get(url)
                .timeout(p.timeouts.request)
                .send()
                .await
            {
                Ok(r) if r.status().is_success() => {
                    Line::ok(subject, format!("{url} answers (not switched)"))
                }
                Ok(r) => Line::problem(
                    subject,
                    format!("GET {url} answered {}", r.status()),
                    "point control_url at the mock's /mock endpoint",
                ),
                Err(e) => Line::problem(
                    subject,
                    format!("GET {url}: {e}"),
                    "point control_url at the mock's /mock endpoint",
                ),
            };
            vec![("control_url".into(), line)]
        }
        Some(FaultInjection::Commands(c)) => {
            let path = std::env::var_os("PATH");
            let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            configured(c)
                .into_iter()
                .map(|(key, cmd)| {
                    let subject = format!("{base}.commands.{key}");
                    let line = match program_of(cmd) {
                        None => Line::problem(subject, "the command is empty", "give the command, or remove the key"),
                        Some(prog) => match resolve(&prog, path.as_deref(), &cwd) {
                            Ok(at) => Line::ok(
                                subject,
                                format!("runs {at} (not run; --run-hooks runs it)"),
                            ),
                            Err(why) => Line::problem(
                                subject,
                                why,
                                "install the program on this host, or correct the command (it runs with sh -c from the current directory)",
                            ),
                        },
                    };
                    (key.to_string(), line)
                })
                .collect()
        }
    }
}

/// `--run-hooks`: switches each fault the hook can do on and off again. Reservation hooks
/// are not run: they need an agent signed in and READY.
pub(crate) async fn run(client: &FinesseClient, p: &Profile) -> Vec<Line> {
    let Some(hook) = &p.capabilities.fault_injection else {
        return Vec::new();
    };
    let timeout = p.timeouts.request * 3;
    let mut out = Vec::new();
    let subject = "--run-hooks";
    for fault in [
        Fault::NotificationServiceDown,
        Fault::OutOfService,
        Fault::PartialService,
        Fault::BridgeFull,
        Fault::DbRuntimeException,
        Fault::RuntimeException,
        Fault::AwsUnavailable,
    ] {
        if !faults::can(hook, fault) {
            continue;
        }
        let what = format!("{} and {}", fault.describe(true), fault.describe(false));
        let on = faults::switch(hook, client, fault, true, timeout).await;
        // Always switch back, whatever the first half did.
        let off = faults::switch(hook, client, fault, false, timeout).await;
        out.push(match on.and(off) {
            Ok(()) => Line::ok(subject, format!("{what}: both ran")),
            Err(e) => Line::problem(subject, format!("{what}: {e}"), "fix the hook command"),
        });
    }
    let reservations = [
        DialerAction::Preview { direct: false },
        DialerAction::Preview { direct: true },
        DialerAction::Progressive,
    ];
    if reservations.into_iter().any(|r| faults::can_dial(hook, r)) {
        out.push(Line::info(
            subject,
            "reservation hooks not run: a dialer reserves only a signed-in, READY agent, and the doctor signs nobody in; the scenarios that use them run them",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_program_is_the_first_word_after_assignments() {
        assert_eq!(
            program_of("ssh admin@f1 'utils service stop X'").as_deref(),
            Some("ssh")
        );
        assert_eq!(
            program_of("FOO=1 BAR=x ./lab/reserve.sh {user}").as_deref(),
            Some("./lab/reserve.sh")
        );
        assert_eq!(
            program_of("env A=b exec \"/opt/my tools/hook\" x").as_deref(),
            Some("/opt/my tools/hook")
        );
        assert_eq!(program_of("  true;ls").as_deref(), Some("true"));
        assert_eq!(program_of("   "), None);
    }

    #[test]
    fn programs_resolve_on_path_as_builtins_or_as_paths() {
        let dir = std::env::temp_dir().join(format!("fc-hooks-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let exe = dir.join("hook-ok");
        std::fs::write(&exe, "#!/bin/sh\n").expect("write");
        let plain = dir.join("hook-plain");
        std::fs::write(&plain, "x").expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).expect("chmod");
            std::fs::set_permissions(&plain, std::fs::Permissions::from_mode(0o644))
                .expect("chmod");
        }
        let path = std::env::join_paths([dir.clone()]).expect("path");
        assert!(resolve("hook-ok", Some(&path), &dir).is_ok());
        assert!(resolve("./hook-ok", None, &dir).is_ok());
        assert!(
            resolve("true", None, &dir)
                .expect("builtin")
                .contains("builtin")
        );
        let e = resolve("no-such-hook-xyz", Some(&path), &dir).expect_err("missing");
        assert!(e.contains("not found on PATH"), "{e}");
        let e = resolve("./hook-plain", None, &dir).expect_err("not executable");
        assert!(e.contains("not an executable"), "{e}");
        let e = resolve("./gone", None, &dir).expect_err("missing file");
        assert!(e.contains("does not exist"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn only_configured_commands_are_listed() {
        let c = FaultCommands {
            out_of_service: Some("a".into()),
            in_service: Some("b".into()),
            ..Default::default()
        };
        let keys: Vec<_> = configured(&c).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["out_of_service", "in_service"]);
    }
}
