//! Exit codes (design §7).

use super::results::Counts;

pub(crate) const PASSED: i32 = 0;
/// At least one scenario failed: a finding against Finesse.
pub const FAILED: i32 = 1;
pub const USAGE: i32 = 2;
pub const UNREACHABLE: i32 = 3;
/// Nothing failed, but some scenario was inconclusive or errored: the run does not show
/// that Finesse conforms (a lab or harness problem to fix, not a Finesse finding).
pub const INCOMPLETE: i32 = 4;
/// Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).
pub(crate) const INTERRUPTED: i32 = 130;

/// The code of a run that completed with these counts.
pub(crate) fn of_counts(c: &Counts) -> i32 {
    if c.failed > 0 {
        FAILED
    } else if c.inconclusive + c.errors > 0 {
        INCOMPLETE
    } else {
        PASSED
    }
}
