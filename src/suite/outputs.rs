//! The report files a run writes: JUnit and Cucumber JSON while it runs (after every
//! feature, so an interrupted run still leaves valid files) and at the end, plus the HTML
//! report and the evidence folders at the end. Every path is checked before the run (see
//! report::files), and every file goes through report::files' safe writer.
//!
//! While the run goes on, and at the end of a run that did not complete, JUnit and JSON
//! carry the "run did not complete" marker (report::incomplete).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::domain::catalogue::{self, Rule};
use crate::redact::Redactor;
use crate::report::files::{self, Want};
use crate::report::{Outcome, RunReport, cucumber_json, evidence, html, junit};

/// Where each report goes; `None` is not written.
#[derive(Debug, Clone, Default)]
pub struct ReportPaths {
    pub junit: Option<PathBuf>,
    pub json: Option<PathBuf>,
    pub html: Option<PathBuf>,
    /// The folder that gets one sub-folder per failed scenario.
    pub evidence: Option<PathBuf>,
}

impl ReportPaths {
    /// Checks every path before anything runs (exit 2 on error): each can be written, is a
    /// regular file or nothing (a folder for the evidence), and no two name the same file.
    /// Creates the folders they need.
    pub fn check(&self) -> Result<(), String> {
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

pub struct Outputs {
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
    pub fn new(paths: &ReportPaths, redactor: Arc<Redactor>) -> Self {
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
    pub fn wants_progress(&self) -> bool {
        self.paths.junit.is_some() || self.paths.json.is_some()
    }

    /// JUnit and JSON, rewritten, saying why the run is not complete yet.
    pub fn write_progress(&self, report: &RunReport, incomplete: &str) -> Result<(), String> {
        let _guard = self.writing.lock().map_err(|_| "report writer poisoned")?;
        if self.done.load(Ordering::SeqCst) {
            return Ok(());
        }
        self.first_error(self.write_data(report, Some(incomplete)))
    }

    fn first_error(&self, errors: Vec<String>) -> Result<(), String> {
        match errors.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// JUnit and JSON; the errors of those that could not be written.
    fn write_data(&self, report: &RunReport, incomplete: Option<&str>) -> Vec<String> {
        let mut errors = Vec::new();
        if let Some(p) = &self.paths.junit
            && let Err(e) = junit::write_marked(report, &self.redactor, p, incomplete)
        {
            errors.push(e);
        }
        if let Some(p) = &self.paths.json
            && let Err(e) = cucumber_json::write_marked(report, &self.redactor, p, incomplete)
        {
            errors.push(e);
        }
        errors
    }

    fn write_html(&self, report: &RunReport, incomplete: Option<&str>) -> Vec<String> {
        match &self.paths.html {
            Some(p) => html::write_marked(report, &self.rules, &self.redactor, p, incomplete)
                .err()
                .into_iter()
                .collect(),
            None => Vec::new(),
        }
    }

    /// Everything, at the end of the run; `incomplete` says why the run did not complete.
    /// Each report is tried even when another could not be written; returns the errors
    /// (one line each, naming the report), for the caller to print after the summary.
    pub fn write_final(&self, report: &RunReport, incomplete: Option<&str>) -> Vec<String> {
        let Ok(_guard) = self.writing.lock() else {
            return vec!["cannot write the reports: the report writer failed earlier".into()];
        };
        self.done.store(true, Ordering::SeqCst);
        let mut errors = self.write_data(report, incomplete);
        errors.extend(self.write_html(report, incomplete));
        if let Some(dir) = &self.paths.evidence
            && let Err(e) = evidence::write(report, &self.rules, &self.redactor, dir)
        {
            errors.push(e);
        }
        errors
    }

    /// What a run stopped at once (a second Ctrl-C) can still write quickly: JUnit, JSON and
    /// HTML, not the evidence. Nothing when the final write has happened.
    pub fn write_now(&self, report: &RunReport, incomplete: &str) -> Vec<String> {
        let Ok(_guard) = self.writing.lock() else {
            return vec!["cannot write the reports: the report writer failed earlier".into()];
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
    pub fn print_paths(&self, report: &RunReport, errors: &[String]) {
        let failed_to_write = |path: &std::path::Path| {
            let shown = path.display().to_string();
            errors.iter().any(|e| e.contains(&shown))
        };
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
