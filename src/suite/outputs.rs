//! The report files a run writes: JUnit and Cucumber JSON while it runs (after every
//! feature, so an interrupted run still leaves valid files) and at the end, plus the HTML
//! report and the evidence folders at the end. Every path is checked before the run (see
//! report::files), and every file goes through report::files' safe writer.
//!
//! While the run goes on, and at the end of a run that did not complete, JUnit and JSON
//! carry the "run did not complete" marker (report::incomplete).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::domain::catalogue::{self, Rule};
use crate::domain::results::{Outcome, RunReport};
use crate::redact::Redactor;
use crate::report::files::{self, Want};
use crate::report::{cucumber_json, evidence, html, junit};

/// Where each report goes; `None` is not written.
#[derive(Debug, Clone, Default)]
pub struct ReportPaths {
    pub(crate) junit: Option<PathBuf>,
    pub(crate) json: Option<PathBuf>,
    pub(crate) html: Option<PathBuf>,
    /// The folder that gets one sub-folder per failed scenario.
    pub(crate) evidence: Option<PathBuf>,
}

impl ReportPaths {
    /// Checks every path before anything runs (exit 2 on error): each can be written, is a
    /// regular file or nothing (a folder for the evidence), and no two name the same file.
    /// Creates the folders they need.
    pub(crate) fn check(&self) -> Result<(), String> {
        let wanted = [
            ("the JUnit report", &self.junit, Want::File),
            ("the Cucumber JSON report", &self.json, Want::File),
            ("the HTML report", &self.html, Want::File),
            ("the evidence folder", &self.evidence, Want::Folder),
        ];
        let outputs: Vec<files::Output> = wanted
            .iter()
            .filter_map(|(what, path, want)| {
                path.as_deref().map(|path| files::Output {
                    what,
                    path,
                    want: *want,
                })
            })
            .collect();
        files::check(&outputs)
    }
}

/// A report the run could not write.
#[derive(Debug, Clone)]
pub(crate) struct ReportError {
    /// The report's file or folder; `None` when the writer had failed earlier.
    pub(crate) path: Option<PathBuf>,
    /// One line, naming the report.
    pub(crate) message: String,
}

impl ReportError {
    fn at(path: &Path, message: String) -> Self {
        ReportError {
            path: Some(path.to_path_buf()),
            message,
        }
    }

    fn writer_failed() -> Self {
        ReportError {
            path: None,
            message: "cannot write the reports: the report writer failed earlier".into(),
        }
    }
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

pub(crate) struct Outputs {
    paths: ReportPaths,
    redactor: Arc<Redactor>,
    rules: Vec<Rule>,
    /// Progress writes come from the runner's writer, an emergency write from the signal
    /// handler; one at a time.
    writing: Mutex<()>,
    /// Set by the final write: nothing written after it may replace it.
    done: AtomicBool,
}

impl Outputs {
    pub(crate) fn new(paths: &ReportPaths, redactor: Arc<Redactor>) -> Self {
        Outputs {
            paths: paths.clone(),
            redactor,
            // The embedded catalogue is checked by the tests; an unreadable one only costs
            // the rule statements in the evidence.
            rules: catalogue::embedded().unwrap_or_default(),
            writing: Mutex::new(()),
            done: AtomicBool::new(false),
        }
    }

    /// Whether anything is written while the run goes on.
    pub(crate) fn wants_progress(&self) -> bool {
        self.paths.junit.is_some() || self.paths.json.is_some()
    }

    /// JUnit and JSON, rewritten, saying why the run is not complete yet.
    pub(crate) fn write_progress(
        &self,
        report: &RunReport,
        incomplete: &str,
    ) -> Result<(), ReportError> {
        let _guard = self
            .writing
            .lock()
            .map_err(|_| ReportError::writer_failed())?;
        if self.done.load(Ordering::SeqCst) {
            return Ok(());
        }
        match self.write_data(report, Some(incomplete)).into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// JUnit and JSON; the errors of those that could not be written.
    fn write_data(&self, report: &RunReport, incomplete: Option<&str>) -> Vec<ReportError> {
        let r = &self.redactor;
        let mut errors = Vec::new();
        if let Some(p) = &self.paths.junit {
            let xml = junit::render_marked(report, r, incomplete);
            errors.extend(write("the JUnit report", p, xml).err());
        }
        if let Some(p) = &self.paths.json {
            let json = cucumber_json::render_marked(report, r, incomplete);
            errors.extend(write("the Cucumber JSON report", p, json).err());
        }
        errors
    }

    fn write_html(&self, report: &RunReport, incomplete: Option<&str>) -> Vec<ReportError> {
        let Some(p) = &self.paths.html else {
            return Vec::new();
        };
        let page = html::render_marked(report, &self.rules, &self.redactor, incomplete);
        write("the HTML report", p, Ok(page))
            .err()
            .into_iter()
            .collect()
    }

    /// Everything, at the end of the run; `incomplete` says why the run did not complete.
    /// Each report is tried even when another could not be written; returns the errors
    /// (one line each, naming the report), for the caller to print after the summary.
    pub(crate) fn write_final(
        &self,
        report: &RunReport,
        incomplete: Option<&str>,
    ) -> Vec<ReportError> {
        let Ok(_guard) = self.writing.lock() else {
            return vec![ReportError::writer_failed()];
        };
        self.done.store(true, Ordering::SeqCst);
        let mut errors = self.write_data(report, incomplete);
        errors.extend(self.write_html(report, incomplete));
        if let Some(dir) = &self.paths.evidence
            && let Err(e) = evidence::write(report, &self.rules, &self.redactor, dir)
        {
            errors.push(ReportError::at(dir, e));
        }
        errors
    }

    /// What a run stopped at once (a second Ctrl-C) can still write quickly: JUnit, JSON and
    /// HTML, not the evidence. Nothing when the final write has happened.
    pub(crate) fn write_now(&self, report: &RunReport, incomplete: &str) -> Vec<ReportError> {
        let Ok(_guard) = self.writing.lock() else {
            return vec![ReportError::writer_failed()];
        };
        if self.done.swap(true, Ordering::SeqCst) {
            return Vec::new();
        }
        let mut errors = self.write_data(report, Some(incomplete));
        errors.extend(self.write_html(report, Some(incomplete)));
        errors
    }

    /// The console lines naming what was written (not the reports `errors` name: those
    /// could not be written).
    pub(crate) fn print_paths(&self, report: &RunReport, errors: &[ReportError]) {
        let failed_to_write = |path: &Path| errors.iter().any(|e| e.path.as_deref() == Some(path));
        let failed = report
            .scenarios()
            .filter(|s| matches!(s.outcome, Outcome::Failed { .. }))
            .count();
        let unchecked = report
            .scenarios()
            .filter(|s| {
                matches!(
                    s.outcome,
                    Outcome::Inconclusive { .. } | Outcome::Error { .. }
                )
            })
            .count();
        let p = &self.paths;
        for (what, path) in [
            ("JUnit report", &p.junit),
            ("Cucumber JSON", &p.json),
            ("HTML report", &p.html),
        ] {
            if let Some(path) = path.as_deref().filter(|p| !failed_to_write(p)) {
                crate::outln!("{what}: {}", path.display());
            }
        }
        if let Some(dir) = &p.evidence
            && failed + unchecked > 0
            && !failed_to_write(dir)
        {
            // Inconclusive and errored scenarios get a note that they are no finding.
            let what = match (failed, unchecked) {
                (f, 0) => format!("Evidence for {f} failed scenario(s)"),
                (0, u) => format!(
                    "Notes (not Finesse findings) for {u} inconclusive or errored scenario(s)"
                ),
                (f, u) => format!(
                    "Evidence for {f} failed scenario(s), notes (not Finesse findings) for {u} inconclusive or errored"
                ),
            };
            crate::outln!("{what}: {}", dir.display());
        }
    }
}

/// Writes one rendered report through the safe writer (see report::files).
fn write(what: &str, path: &Path, text: Result<String, String>) -> Result<(), ReportError> {
    text.and_then(|t| files::write(what, path, t.as_bytes()))
        .map_err(|e| ReportError::at(path, e))
}
