//! The comparison's rules: what a testcase's outcome is as far as `diff` cares ([`State`]),
//! and which change of state lands in which [`Category`].

use crate::domain::verdict::Verdict;
use crate::report::junit::{Case, Status};

/// A testcase's outcome, as far as the comparison cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    Passed,
    /// Passed only on a retry.
    Flaky,
    Failed,
    Inconclusive,
    Error,
    Skipped,
}

impl State {
    pub(crate) fn of(c: &Case) -> State {
        match (&c.status, c.verdict()) {
            (Status::Skipped(_), _) => State::Skipped,
            (_, Some(Verdict::Fail)) => State::Failed,
            (_, Some(Verdict::Inconclusive)) => State::Inconclusive,
            (_, Some(Verdict::Error)) => State::Error,
            _ if c.flaky() > 0 => State::Flaky,
            _ => State::Passed,
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            State::Passed => "passed",
            State::Flaky => "passed on retry",
            State::Failed => "failed",
            State::Inconclusive => "inconclusive",
            State::Error => "error",
            State::Skipped => "skipped",
        }
    }

    pub(super) fn ok(self) -> bool {
        matches!(self, State::Passed | State::Flaky)
    }

    /// Reached a verdict on Finesse: passed or failed.
    pub(super) fn checked(self) -> bool {
        self.ok() || self == State::Failed
    }

    /// Ran but never reached its check: inconclusive or an error.
    pub(super) fn unchecked(self) -> bool {
        matches!(self, State::Inconclusive | State::Error)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Category {
    Regressed,
    CouldNotBeChecked,
    Fixed,
    NoLongerChecked,
    NowChecked,
    BecameFlaky,
    BecameSkipped,
    BecameApplicable,
    Appeared,
    Disappeared,
}

impl Category {
    /// In the order they are shown.
    pub(crate) const ALL: [Category; 10] = [
        Category::Regressed,
        Category::CouldNotBeChecked,
        Category::Fixed,
        Category::NoLongerChecked,
        Category::NowChecked,
        Category::BecameFlaky,
        Category::BecameSkipped,
        Category::BecameApplicable,
        Category::Appeared,
        Category::Disappeared,
    ];

    pub(crate) fn title(self) -> &'static str {
        match self {
            Category::Regressed => "Regressed",
            Category::CouldNotBeChecked => "Could not be checked",
            Category::Fixed => "Fixed",
            Category::NoLongerChecked => "No longer checked",
            Category::NowChecked => "Now checked",
            Category::BecameFlaky => "Became flaky",
            Category::BecameSkipped => "Became skipped",
            Category::BecameApplicable => "Became applicable",
            Category::Appeared => "Appeared",
            Category::Disappeared => "Disappeared",
        }
    }

    pub(crate) fn meaning(self) -> &'static str {
        match self {
            Category::Regressed => "passed before, fails now",
            Category::CouldNotBeChecked => {
                "passed before, inconclusive or an error now: the lab or the harness kept it from its check (not a regression)"
            }
            Category::Fixed => "failed before, passes now",
            Category::NoLongerChecked => {
                "failed before, inconclusive or an error now: whether the finding remains is unknown"
            }
            Category::NowChecked => {
                "inconclusive or an error before, passes or fails now (no earlier pass to compare with)"
            }
            Category::BecameFlaky => "passed before, passes only on a retry now",
            Category::BecameSkipped => "ran before, does not apply now",
            Category::BecameApplicable => "did not apply before, runs now",
            Category::Appeared => "only in the after report",
            Category::Disappeared => "only in the before report",
        }
    }

    pub(super) fn of(before: Option<State>, after: Option<State>) -> Option<Category> {
        let (b, a) = match (before, after) {
            (None, Some(_)) => return Some(Category::Appeared),
            (Some(_), None) => return Some(Category::Disappeared),
            (Some(b), Some(a)) => (b, a),
            (None, None) => return None,
        };
        if b.ok() && a == State::Failed {
            Some(Category::Regressed)
        } else if b.ok() && a.unchecked() {
            Some(Category::CouldNotBeChecked)
        } else if b == State::Failed && a.ok() {
            Some(Category::Fixed)
        } else if b == State::Failed && a.unchecked() {
            Some(Category::NoLongerChecked)
        } else if b.unchecked() && a.checked() {
            Some(Category::NowChecked)
        } else if b == State::Passed && a == State::Flaky {
            Some(Category::BecameFlaky)
        } else if b != State::Skipped && a == State::Skipped {
            Some(Category::BecameSkipped)
        } else if b == State::Skipped && a != State::Skipped {
            Some(Category::BecameApplicable)
        } else {
            None
        }
    }
}
