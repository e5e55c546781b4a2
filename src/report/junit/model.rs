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
    pub(crate) name: Option<String>,
    /// `<testsuites time>` in seconds; 0 when missing or unreadable.
    pub time: f64,
    /// Nested testsuites are flattened, in document order.
    pub suites: Vec<Suite>,
}

/// `<testsuite>`: one feature.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Suite {
    pub(crate) name: String,
    pub(crate) file: Option<String>,
    /// ISO 8601 without a zone as we write it; another producer's as it wrote it.
    pub(crate) timestamp: Option<String>,
    /// Seconds; 0 when missing or unreadable.
    pub time: f64,
    /// `<properties>`, in document order; names may repeat in other producers' files.
    pub(crate) properties: Vec<(String, String)>,
    pub(crate) cases: Vec<Case>,
    pub(crate) system_out: Option<String>,
    pub(crate) system_err: Option<String>,
}

/// `<testcase>`: one scenario or Examples row.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Case {
    /// Empty when the producer left it out (and then not written).
    pub(crate) classname: String,
    pub(crate) name: String,
    /// Seconds; 0 when missing or unreadable.
    pub(crate) time: f64,
    pub(crate) status: Status,
    /// Earlier attempts, in document order.
    pub(crate) reruns: Vec<Rerun>,
    pub(crate) system_out: Option<String>,
    pub(crate) system_err: Option<String>,
}

/// The testcase's one result element. Reading a testcase with several keeps the one that
/// says most (see `meaning`).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) enum Status {
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
pub(crate) struct Problem {
    /// The `type` attribute.
    pub(crate) kind: Option<String>,
    pub(crate) message: Option<String>,
    /// The element's text (our detail, or another producer's stack trace); empty for none.
    pub(crate) text: String,
}

/// Surefire's elements for earlier attempts of a retried testcase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RerunKind {
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
pub(crate) struct Rerun {
    pub(crate) element: RerunKind,
    /// The `type` attribute: required by the schema, empty when another producer left it out.
    pub(crate) kind: String,
    pub(crate) message: Option<String>,
    pub(crate) stack_trace: Option<String>,
    pub(crate) system_out: Option<String>,
    pub(crate) system_err: Option<String>,
}
