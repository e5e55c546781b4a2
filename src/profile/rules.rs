//! Rules that the profile and the command line share (`max_concurrency` / `--concurrency`,
//! `version` / `--mock-version`), so that both refuse a value in the same words.

use super::VersionSetting;
use super::error::one_line;

/// A value refused by a shared rule: `<key or flag>: <message> (fix: <fix>)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) message: String,
    pub(crate) fix: &'static str,
}

impl Refusal {
    /// The one-line error for a command-line flag, e.g. `--concurrency: must be at least 1 (fix: ...)`.
    pub(crate) fn for_flag(&self, flag: &str) -> String {
        format!("{flag}: {} (fix: {})", one_line(&self.message), self.fix)
    }
}

/// Scenarios run at once: `max_concurrency` in a profile, `--concurrency` on the command line.
pub(crate) fn check_concurrency(n: usize) -> Result<usize, Refusal> {
    if n == 0 {
        return Err(Refusal {
            message: "must be at least 1".into(),
            fix: "use 1 to run scenarios one at a time, or a higher number",
        });
    }
    Ok(n)
}

/// A Finesse version: `version` in a profile, `--mock-version` on the command line.
pub(crate) fn parse_version(s: &str) -> Result<VersionSetting, Refusal> {
    let t = s.trim();
    if t.eq_ignore_ascii_case("auto") {
        Ok(VersionSetting::Auto)
    } else if looks_like_version(t) {
        Ok(VersionSetting::Pinned(t.to_string()))
    } else {
        Err(Refusal {
            message: format!("{s:?} is not a version"),
            fix: "give a version such as \"12.5\" or \"12.6(1)\" (a profile may also say auto)",
        })
    }
}

/// One word starting with a digit, e.g. 12.5 or 12.6(1).
fn looks_like_version(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit()) && !s.contains(char::is_whitespace)
}
