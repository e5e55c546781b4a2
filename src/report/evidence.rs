//! Vendor bug evidence: one folder per failed scenario with what a TAC case needs — the full
//! transcript, a curl reproducer of the failing request, and a summary that sets what the
//! guide says against what the server did — and the target's SystemInfo once for the run,
//! beside the folders, which name it (a copy in every folder multiplied a big one).
//!
//! Every piece of text is redacted before it is quoted or escaped (an escaped secret may no
//! longer match), and every file is redacted once more as a whole before it is written.

mod finding;
mod reproduce;
#[cfg(test)]
pub(crate) mod tests;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::domain::catalogue::Rule;
use crate::domain::results::{Entry, Outcome, RunReport, ScenarioReport, Transcript};
use crate::redact::Redactor;

/// Written first into every scenario folder: a later run removes only folders holding it.
pub(crate) const MARKER: &str = ".finesse-evidence";

/// Folder names stay readable in a file browser and well under any path limit.
const MAX_SLUG: usize = 80;

pub const TRANSCRIPT: &str = "transcript.txt";
pub const REPRODUCE: &str = "reproduce.sh";
/// At the evidence root, one for the run, when a scenario failed.
pub const SYSTEM_INFO: &str = "system-info.xml";
/// Ends the SystemInfo file: a later run replaces or removes only a file that holds it.
const SYSTEM_INFO_MARKER: &str = "written by finesse-conformance for the run's findings";
pub const FINDING: &str = "finding.md";
/// Written instead of finding.md for an inconclusive or errored scenario.
pub const NOT_A_FINDING: &str = "not-a-finding.md";

/// Writes `dir/<scenario-slug>/` for every scenario that did not pass, after removing the
/// scenario folders an earlier run left in `dir`. Returns the folders written, in report order.
///
/// Only a fail is a finding: its folder has finding.md and reproduce.sh for a TAC case, and
/// names the run's system-info.xml (written once, beside the folders, when anything failed).
/// An inconclusive or errored scenario's folder has a short not-a-finding.md and the
/// transcript, for the lab engineer who fixes the precondition or the infrastructure.
pub fn write(
    report: &RunReport,
    rules: &[Rule],
    redactor: &Redactor,
    dir: &Path,
) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create the evidence folder {}: {e}", dir.display()))?;
    remove_stale(dir)?;
    if report.scenarios().any(|s| s.outcome.is_failed()) {
        let path = dir.join(SYSTEM_INFO);
        std::fs::write(&path, redactor.redact(&system_info_file(report, redactor)))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let mut taken = HashSet::new();
    let mut written = Vec::new();
    for s in report.scenarios().filter(|s| s.outcome.problem().is_some()) {
        // Redacted first: a name holding a password must not leak it into a folder name.
        let base = slug(&redactor.redact(&s.classname), &redactor.redact(&s.name));
        let name = unique(&base, &mut taken, dir);
        let folder = dir.join(&name);
        std::fs::create_dir_all(&folder)
            .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
        let marker = format!(
            "Evidence written by finesse-conformance {}; the next run replaces this folder.\n",
            crate::domain::results::HARNESS_VERSION
        );
        let mut files = vec![(MARKER, marker), (TRANSCRIPT, transcript_file(s, redactor))];
        let finding = s.outcome.is_failed();
        if finding {
            files.extend([
                (REPRODUCE, reproduce::script(report, s, redactor)),
                (FINDING, finding::markdown(report, s, rules, redactor)),
            ]);
        } else {
            files.push((NOT_A_FINDING, finding::not_a_finding(report, s, redactor)));
        }
        for (file, text) in files {
            let path = folder.join(file);
            super::files::write("evidence", &path, redactor.redact(&text).as_bytes())?;
        }
        if finding {
            make_executable(&folder.join(REPRODUCE))?;
        }
        written.push(folder);
    }
    Ok(written)
}

/// Removes the sub-folders of `dir` that hold [`MARKER`], and a SystemInfo file an earlier
/// run wrote; anything else is left alone.
fn remove_stale(dir: &Path) -> Result<(), String> {
    let info = dir.join(SYSTEM_INFO);
    let ours = std::fs::symlink_metadata(&info).is_ok_and(|m| m.is_file())
        && std::fs::read_to_string(&info).is_ok_and(|t| t.contains(SYSTEM_INFO_MARKER));
    if ours {
        std::fs::remove_file(&info).map_err(|e| {
            format!(
                "cannot remove the stale {}: {e} (remove it by hand)",
                info.display()
            )
        })?;
    }
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        // symlink_metadata: a link to a folder elsewhere is never followed into and deleted.
        let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if is_dir && path.join(MARKER).is_file() {
            std::fs::remove_dir_all(&path).map_err(|e| {
                format!(
                    "cannot remove the stale evidence folder {}: {e} (remove it by hand)",
                    path.display()
                )
            })?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| format!("cannot make {} executable: {e}", path.display()))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<(), String> {
    Ok(())
}

/// `classname name` as a folder name: lowercase ASCII letters and digits, runs of anything
/// else as one '-', at most [`MAX_SLUG`] characters.
pub(crate) fn slug(classname: &str, name: &str) -> String {
    let mut out = String::new();
    for c in classname.chars().chain([' ']).chain(name.chars()) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.truncate(MAX_SLUG);
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "scenario".to_string()
    } else {
        out.to_string()
    }
}

/// `base`, or `base-2`, `base-3`… : not yet used in this run and not an entry of `dir` that
/// survived [`remove_stale`] (somebody else's file or folder).
fn unique(base: &str, taken: &mut HashSet<String>, dir: &Path) -> String {
    let free = |name: &str, taken: &HashSet<String>| {
        !taken.contains(name) && std::fs::symlink_metadata(dir.join(name)).is_err()
    };
    let mut name = base.to_string();
    let mut n = 2usize;
    while !free(&name, taken) {
        let suffix = format!("-{n}");
        let keep = base.len().min(MAX_SLUG.saturating_sub(suffix.len()));
        // Slugs are ASCII, so `get` always finds a char boundary; the whole base otherwise.
        let stem = base.get(..keep).unwrap_or(base).trim_end_matches('-');
        name = format!("{stem}{suffix}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// The scenario's `@rule:` ids, each with its catalogue entry (None: not in the catalogue).
pub(crate) fn rules_of<'a>(
    s: &'a ScenarioReport,
    rules: &'a [Rule],
) -> Vec<(&'a str, Option<&'a Rule>)> {
    s.tag_values("rule:")
        .map(|id| (id, rules.iter().find(|r| r.id == id)))
        .collect()
}

/// Index of the entry [`Transcript::last_step_exchange`] returns.
fn failing_index(t: &Transcript) -> Option<usize> {
    let end = t.steps_end.min(t.entries.len());
    t.entries[..end]
        .iter()
        .rposition(|e| matches!(e, Entry::Http(_)))
}

/// A transcript with the failing request and the start of the cleanup marked, so that a
/// reader sees which exchange the failure is about and which ones only restored the target.
/// `reproducible`: the evidence folder has a reproduce.sh for that request (a fail's).
pub(crate) fn annotated(t: &Transcript, redactor: &Redactor, reproducible: bool) -> String {
    if t.is_empty() {
        return "(no HTTP exchange was recorded)\n".to_string();
    }
    let failing = failing_index(t);
    let mut out = String::new();
    for (i, e) in t.entries.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if i == t.steps_end {
            out.push_str("=== cleanup: what follows only restored the target after the steps\n\n");
        }
        if Some(i) == failing {
            out.push_str(if reproducible {
                "=== the failing step's last request (reproduce.sh sends it again)\n"
            } else {
                "=== the failing step's last request\n"
            });
        }
        out.push_str(&redactor.redact(&e.render()));
    }
    out
}

/// The verdict, the step and the message, as the reports say it.
fn failure_lines(outcome: &Outcome, redactor: &Redactor) -> String {
    let at = match outcome {
        Outcome::Failed { .. } => "failed at step",
        Outcome::Inconclusive { .. } => "inconclusive (not a Finesse finding): precondition",
        Outcome::Error { .. } => "error (not a Finesse finding) at step",
        Outcome::Passed => return "passed".to_string(),
        Outcome::Skipped { reason } => return format!("skipped: {}", redactor.redact(reason)),
    };
    match outcome.problem() {
        Some((Some(step), message)) => format!(
            "{at}: {}\n{}",
            redactor.redact(step),
            redactor.redact(message)
        ),
        Some((None, message)) => {
            let verdict = outcome.verdict().map(|v| v.to_string()).unwrap_or_default();
            format!("{verdict}: {}", redactor.redact(message))
        }
        None => String::new(),
    }
}

fn transcript_file(s: &ScenarioReport, redactor: &Redactor) -> String {
    let reproducible = s.outcome.is_failed();
    let mut out = format!(
        "Scenario: {} › {}\nFeature:  {}:{}\nGuide:    {}\n{}\n",
        redactor.redact(&s.classname),
        redactor.redact(&s.name),
        redactor.redact(&s.key.0),
        s.line(),
        s.citation(),
        failure_lines(&s.outcome, redactor)
    );
    for w in &s.warnings {
        out.push_str(&format!(
            "lab warning (the verdict stands): {}\n",
            redactor.redact(w)
        ));
    }
    let total = s.earlier.len() + 1;
    for (i, a) in s.earlier.iter().enumerate() {
        out.push_str(&format!(
            "\n=== attempt {} of {total} ({:.0} ms), {}\n\n{}",
            i + 1,
            a.duration.as_secs_f64() * 1000.0,
            failure_lines(&a.outcome, redactor),
            annotated(&a.transcript, redactor, false)
        ));
    }
    out.push_str(&format!(
        "\n=== attempt {total} of {total} ({:.0} ms)\n\n{}",
        s.duration.as_secs_f64() * 1000.0,
        annotated(&s.transcript, redactor, reproducible)
    ));
    out
}

/// The run's SystemInfo (already cut to a transcript body's size when it was read), or a
/// comment saying it was not read; ends with [`SYSTEM_INFO_MARKER`] in a comment.
fn system_info_file(report: &RunReport, redactor: &Redactor) -> String {
    let marker = format!(
        "<!-- The target's SystemInfo as read at the start of the run, {SYSTEM_INFO_MARKER} {}; the next run replaces this file. -->\n",
        crate::domain::results::HARNESS_VERSION
    );
    match report.target.system_info.as_deref() {
        Some(xml) if !xml.trim().is_empty() => {
            let mut text = redactor.redact(xml);
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text + &marker
        }
        // "--" may not appear inside an XML comment.
        _ => format!(
            "<!-- The target's SystemInfo was not read in this run ({} at {}); GET /finesse/api/SystemInfo on the server gives it. -->\n{marker}",
            redactor.redact(&report.target.profile).replace("--", "- -"),
            redactor
                .redact(&report.target.base_url)
                .replace("--", "- -"),
        ),
    }
}
