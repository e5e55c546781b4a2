//! What a document says about the run, by our conventions (README "Verdicts").
//!
//! `<failure>` is a fail, `<error type="inconclusive">` inconclusive, any other `<error>`
//! (ours say `type="error"`; other producers' say anything) an error. Reports written before
//! the verdicts existed have only `<failure>` and `<skipped>`, and read as they always did.
//!
//! A report written before its run completed carries a "run did not complete" testcase
//! (`<error type="incomplete">`, see report::incomplete): it reads as an error, so such a
//! report is never a clean pass; [`Case::is_incomplete_marker`] and [`Document::incomplete`]
//! tell it from the scenarios, for `diff` and `merge`; [`Suite::incomplete_marker`] writes it.

use super::ERROR_INCONCLUSIVE;
use super::model::{Case, Document, Problem, Rerun, RerunKind, Status, Suite};
use crate::domain::verdict::Verdict;
use crate::report::incomplete;

impl Document {
    /// Every testcase, in document order.
    pub(crate) fn cases(&self) -> impl Iterator<Item = &Case> {
        self.suites.iter().flat_map(|s| &s.cases)
    }

    /// Why the run that wrote this report did not complete (the marker's message), when it
    /// did not: it was killed, interrupted, or the file was written while it ran.
    pub(crate) fn incomplete(&self) -> Option<String> {
        let reasons: Vec<String> = self
            .cases()
            .filter(|c| c.is_incomplete_marker())
            .map(|c| {
                c.status
                    .problem()
                    .map(|p| p.summary().to_string())
                    .unwrap_or_default()
            })
            .collect();
        (!reasons.is_empty()).then(|| reasons.join("; "))
    }
}

impl Suite {
    /// The testsuite of the "run did not complete" marker: one testcase with an `<error>`,
    /// so that CI tools count a partial report as a problem.
    pub(crate) fn incomplete_marker(why: &str) -> Suite {
        Suite {
            name: incomplete::CLASSNAME.into(),
            cases: vec![Case {
                classname: incomplete::CLASSNAME.into(),
                name: incomplete::NAME.into(),
                status: Status::Error(Problem {
                    kind: Some(incomplete::ERROR_TYPE.into()),
                    message: Some(why.into()),
                    text: format!("Run did not complete: {why}"),
                }),
                ..Case::default()
            }],
            ..Suite::default()
        }
    }
}

impl Case {
    /// The identity of a testcase across reports.
    pub(crate) fn key(&self) -> (&str, &str) {
        (&self.classname, &self.name)
    }

    /// The verdict of a testcase that did not pass; None for passed and skipped.
    pub(crate) fn verdict(&self) -> Option<Verdict> {
        self.status.verdict()
    }

    /// Whether this is the "run did not complete" marker (report::incomplete), not a
    /// scenario: an `<error type="incomplete">` testcase of that name.
    pub(crate) fn is_incomplete_marker(&self) -> bool {
        self.name == incomplete::NAME
            && matches!(&self.status, Status::Error(p) if p.kind.as_deref() == Some(incomplete::ERROR_TYPE))
    }

    /// Failed attempts before a final pass (Surefire's flakyFailure/flakyError).
    pub(crate) fn flaky(&self) -> usize {
        self.reruns
            .iter()
            .filter(|r| matches!(r.element, RerunKind::FlakyFailure | RerunKind::FlakyError))
            .count()
    }
}

impl Status {
    /// With several result elements in a testcase, an error outranks a failure, which
    /// outranks an inconclusive, which outranks a skip (as in TTCN-3, where error overrides
    /// every verdict and fail overrides inconclusive).
    pub(crate) fn rank(&self) -> u8 {
        match (self, self.verdict()) {
            (Status::Passed, _) => 0,
            (Status::Skipped(_), _) => 1,
            (_, Some(Verdict::Inconclusive)) => 2,
            (_, Some(Verdict::Fail)) => 3,
            _ => 4,
        }
    }

    /// The problem of a non-passing status.
    pub(crate) fn problem(&self) -> Option<&Problem> {
        match self {
            Status::Passed => None,
            Status::Failure(p) | Status::Error(p) | Status::Skipped(p) => Some(p),
        }
    }

    /// The verdict; None for passed and skipped.
    pub(crate) fn verdict(&self) -> Option<Verdict> {
        match self {
            Status::Failure(_) => Some(Verdict::Fail),
            Status::Error(p) if p.kind.as_deref() == Some(ERROR_INCONCLUSIVE) => {
                Some(Verdict::Inconclusive)
            }
            Status::Error(_) => Some(Verdict::Error),
            Status::Passed | Status::Skipped(_) => None,
        }
    }
}

impl Problem {
    /// One line for a console or a table: the message, else the text's first line.
    pub(crate) fn summary(&self) -> &str {
        self.message
            .as_deref()
            .filter(|m| !m.trim().is_empty())
            .unwrap_or_else(|| self.text.trim().lines().next().unwrap_or(""))
            .trim()
    }
}

impl Rerun {
    /// The attempt's verdict: a flakyFailure or rerunFailure is a fail; a flakyError or
    /// rerunError of type `inconclusive` is inconclusive, of any other type an error. (No
    /// command reads attempts back yet; the tests check that they survive.)
    #[cfg(test)]
    pub(crate) fn verdict(&self) -> Verdict {
        match self.element {
            RerunKind::FlakyFailure | RerunKind::RerunFailure => Verdict::Fail,
            RerunKind::FlakyError | RerunKind::RerunError if self.kind == ERROR_INCONCLUSIVE => {
                Verdict::Inconclusive
            }
            RerunKind::FlakyError | RerunKind::RerunError => Verdict::Error,
        }
    }
}
