//! The report files a run writes: JUnit and Cucumber JSON while it runs (after every
//! feature, so an interrupted run still leaves valid files) and at the end, plus the HTML
//! report and the evidence folders at the end.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::redact::Redactor;
use crate::report::{Outcome, RunReport, cucumber_json, evidence, html, junit};
use crate::suite::rules::{self, Rule};

/// Where each report goes; `None` is not written.
#[derive(Debug, Clone, Default)]
pub struct ReportPaths {
    pub junit: Option<PathBuf>,
    pub json: Option<PathBuf>,
    pub html: Option<PathBuf>,
    /// The folder that gets one sub-folder per failed scenario.
    pub evidence: Option<PathBuf>,
}

pub struct Outputs {
    paths: ReportPaths,
    redactor: Arc<Redactor>,
    rules: Vec<Rule>,
    /// Progress writes come from the runner's writer; one at a time.
    writing: Mutex<()>,
}

impl Outputs {
    pub fn new(paths: &ReportPaths, redactor: Arc<Redactor>) -> Self {
        Outputs {
            paths: paths.clone(),
            redactor,
            // The embedded catalogue is checked by the tests; an unreadable one only costs
            // the rule statements in the evidence.
            rules: rules::embedded().unwrap_or_default(),
            writing: Mutex::new(()),
        }
    }

    /// Whether anything is written while the run goes on.
    pub fn wants_progress(&self) -> bool {
        self.paths.junit.is_some() || self.paths.json.is_some()
    }

    /// JUnit and JSON, rewritten atomically.
    pub fn write_progress(&self, report: &RunReport) -> Result<(), String> {
        let _guard = self.writing.lock().map_err(|_| "report writer poisoned")?;
        if let Some(p) = &self.paths.junit {
            junit::write(report, &self.redactor, p)?;
        }
        if let Some(p) = &self.paths.json {
            cucumber_json::write(report, &self.redactor, p)?;
        }
        Ok(())
    }

    /// Everything, at the end of the run.
    pub fn write_final(&self, report: &RunReport) -> Result<(), String> {
        self.write_progress(report)?;
        if let Some(p) = &self.paths.html {
            html::write(report, &self.rules, &self.redactor, p)?;
        }
        if let Some(dir) = &self.paths.evidence {
            evidence::write(report, &self.rules, &self.redactor, dir)?;
        }
        Ok(())
    }

    /// The console lines naming what was written.
    pub fn print_paths(&self, report: &RunReport) {
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
            if let Some(path) = path {
                crate::outln!("{what}: {}", path.display());
            }
        }
        if let Some(dir) = &p.evidence
            && failed + unchecked > 0
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
