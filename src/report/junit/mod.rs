//! JUnit XML, the report CI tools read. One document model ([`Document`], in `model`) with
//! one writer (`write`) and one reader (`read`): `run` fills it from its results
//! (`from_run`), `diff` and `merge` read it back, and `merge` combines documents.
//!
//! The dialect is one testsuite per feature and one testcase per scenario or Examples row;
//! schemas/junit.xsd describes it exactly, and it is valid against the Jenkins xUnit schema
//! too. Written with quick-xml rather than junit-report: junit-report 0.9 has neither
//! testsuite `<properties>` (what was tested, for `diff`) nor Surefire's `<flakyFailure>`
//! (retries), and reads nothing.

mod case_text;
mod from_run;
mod meaning;
mod merge;
mod model;
mod read;
mod write;

use std::path::Path;

pub(crate) use merge::merge;
pub use model::Document;
pub(crate) use model::{Case, Status};
#[cfg(test)]
pub(crate) use read::parse;
pub use read::read_file;

use super::files;
use crate::domain::results::RunReport;
use crate::redact::Redactor;

/// Testsuite property names (read back by `diff`).
pub(crate) mod props {
    pub(crate) const PROFILE: &str = "finesse.profile";
    pub(crate) const BASE_URL: &str = "finesse.base_url";
    pub(crate) const DEPLOYMENT: &str = "finesse.deployment";
    pub(crate) const VERSION: &str = "finesse.version";
    pub(crate) const HARNESS: &str = "harness.version";
    pub(crate) const SHARD: &str = "run.shard";
    pub(crate) const FEATURE: &str = "feature.file";
}

/// Our `<testsuites name>`.
const NAME: &str = "finesse-conformance";
/// The `type` of an `<error>` for an inconclusive scenario.
pub(crate) const ERROR_INCONCLUSIVE: &str = "inconclusive";
/// The `type` of an `<error>` for a scenario that errored.
const ERROR_ERROR: &str = "error";

impl Document {
    /// The document as JUnit XML.
    pub(crate) fn to_xml(&self) -> Result<String, String> {
        write::xml(self)
    }
}

pub fn render(report: &RunReport, redactor: &Redactor) -> Result<String, String> {
    render_marked(report, redactor, None)
}

/// The report; with `incomplete`, the reason the run did not complete, as a first testsuite
/// holding one errored testcase (see report::incomplete).
pub(crate) fn render_marked(
    report: &RunReport,
    redactor: &Redactor,
    incomplete: Option<&str>,
) -> Result<String, String> {
    from_run::document(report, redactor, incomplete).to_xml()
}

/// Writes text safely (see report::files): a temporary file renamed over the target, never
/// over anything but a regular file, and no temporary file left when the write fails.
pub(crate) fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    files::write("the report", path, text.as_bytes())
}

pub fn write(report: &RunReport, redactor: &Redactor, path: &Path) -> Result<(), String> {
    files::write(
        "the JUnit report",
        path,
        render(report, redactor)?.as_bytes(),
    )
}

#[cfg(test)]
mod tests;
