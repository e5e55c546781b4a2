//! The JUnit document as plain data: what a report file holds, element by element, with every
//! string unescaped. The writer and the reader map it to and from XML; what our conventions
//! mean (verdicts, the system-out header, lab warnings) is in `meaning` and `case_text`.
//!
//! The totals (`tests`, `failures`, `errors`, `skipped`) are not stored: the writer counts
//! them from the testcases, so a document cannot contradict itself.

/// A whole report: `<testsuites>`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// Where it was read from; names it in messages. Not written.
    pub source: String,
    /// `<testsuites name>`; None when the file's root was a bare `<testsuite>`.
    pub name: Option<String>,
    /// `<testsuites time>` in seconds; 0 when missing or unreadable.
    pub time: f64,
    /// Nested testsuites are flattened, in document order.
    pub suites: Vec<Suite>,
}

/// `<testsuite>`: one feature.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Suite {
    pub name: String,
    pub file: Option<String>,
    /// ISO 8601 without a zone as we write it; another producer's as it wrote it.
    pub timestamp: Option<String>,
    /// Seconds; 0 when missing or unreadable.
    pub time: f64,
    /// `<properties>`, in document order; names may repeat in other producers' files.
    pub properties: Vec<(String, String)>,
    pub cases: Vec<Case>,
    pub system_out: Option<String>,
    pub system_err: Option<String>,
}

/// `<testcase>`: one scenario or Examples row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Case {
    /// Empty when the producer left it out (and then not written).
    pub classname: String,
    pub name: String,
    /// Seconds; 0 when missing or unreadable.
    pub time: f64,
    pub status: Status,
    /// Earlier attempts, in document order.
    pub reruns: Vec<Rerun>,
    pub system_out: Option<String>,
    pub system_err: Option<String>,
}

/// The testcase's one result element. Reading a testcase with several keeps the one that
/// says most (see `meaning`).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Status {
    #[default]
    Passed,
    /// `<failure>`
    Failure(Problem),
    /// `<error>`
    Error(Problem),
    /// `<skipped>`
    Skipped(Problem),
}

/// The attributes and text of a `<failure>`, `<error>` or `<skipped>`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Problem {
    /// The `type` attribute.
    pub kind: Option<String>,
    pub message: Option<String>,
    /// The element's text (our detail, or another producer's stack trace); empty for none.
    pub text: String,
}

/// Surefire's elements for earlier attempts of a retried testcase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RerunKind {
    /// Failed before a final pass.
    FlakyFailure,
    /// Errored before a final pass.
    FlakyError,
    /// Failed before a final failure.
    RerunFailure,
    /// Errored before a final error.
    RerunError,
}

impl RerunKind {
    pub(crate) const ALL: [RerunKind; 4] = [
        RerunKind::FlakyFailure,
        RerunKind::FlakyError,
        RerunKind::RerunFailure,
        RerunKind::RerunError,
    ];

    pub(crate) fn element(self) -> &'static str {
        match self {
            RerunKind::FlakyFailure => "flakyFailure",
            RerunKind::FlakyError => "flakyError",
            RerunKind::RerunFailure => "rerunFailure",
            RerunKind::RerunError => "rerunError",
        }
    }

    pub(crate) fn of_element(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.element() == name)
    }
}

/// An earlier attempt: `<flakyFailure>` and its kin.
#[derive(Debug, Clone, PartialEq)]
pub struct Rerun {
    pub element: RerunKind,
    /// The `type` attribute: required by the schema, empty when another producer left it out.
    pub kind: String,
    pub message: Option<String>,
    pub stack_trace: Option<String>,
    pub system_out: Option<String>,
    pub system_err: Option<String>,
}
