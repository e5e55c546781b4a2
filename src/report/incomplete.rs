//! A report written before its run completed says so, in a way CI tools count as a problem.
//!
//! JUnit and Cucumber JSON are rewritten after every feature, listing the scenarios still to
//! run as skipped. Were the run then killed (SIGKILL, a crash, a CI timeout), a gate that
//! reads only the file would see no failure. So until the final write, and in the final write
//! of a run that was interrupted, each file carries one extra testcase, "run did not
//! complete", as an `<error type="incomplete">` counted in the testsuite's and the root's
//! `errors` (in Cucumber JSON: a scenario whose one step failed). The final write of a run
//! that completed has none. `diff` and `merge` recognise it (see report::junit).

/// The marker testcase's name.
pub(crate) const NAME: &str = "run did not complete";
/// The marker testcase's classname (and its testsuite's name).
pub(crate) const CLASSNAME: &str = "finesse-conformance";
/// The `type` of the marker's `<error>`.
pub(crate) const ERROR_TYPE: &str = "incomplete";

/// Written while the run goes on.
pub(crate) fn still_running(not_run: usize) -> String {
    format!(
        "the run was still going when this report was written ({not_run} scenario(s) not run yet); if no later report replaced it, the run was killed and this report covers only what had run"
    )
}

/// Written at the end of a run stopped by a first Ctrl-C or SIGTERM.
pub(crate) fn interrupted(not_run: usize) -> String {
    format!(
        "the run was interrupted (Ctrl-C or SIGTERM): {not_run} scenario(s) did not run; the reports cover only what had run"
    )
}

/// Written when a second Ctrl-C or SIGTERM stops the run at once.
pub(crate) fn stopped(not_run: usize) -> String {
    format!(
        "the run was stopped by a second interrupt: {not_run} scenario(s) did not run or were cut short (their users may be left changed); the reports cover only what had finished"
    )
}
