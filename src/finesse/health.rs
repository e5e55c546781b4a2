//! Whether the target still answers. A Finesse whose front end serves SystemInfo while the
//! application server behind it hangs makes every request wait a full `timeouts.request`;
//! without a breaker a run spends minutes collecting one timeout per scenario and reads as a
//! list of errors rather than what it is: an unreachable target (exit 3).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// Counts requests that got no answer at all (timeout, refused or dropped connection) in a
/// row, across every scenario of the run. Any HTTP response, whatever its status, resets it.
#[derive(Debug)]
pub(crate) struct TargetHealth {
    unanswered: AtomicU32,
    limit: u32,
    down: OnceLock<String>,
}

impl Default for TargetHealth {
    fn default() -> Self {
        TargetHealth::new(TargetHealth::LIMIT)
    }
}

impl TargetHealth {
    /// Four in a row: more than the scenarios a lab profile usually runs at once, so one wave
    /// of concurrent requests hitting a brief outage alone is not enough, and few enough that
    /// a hung server costs seconds, not minutes.
    pub(crate) const LIMIT: u32 = 4;

    pub(crate) fn new(limit: u32) -> Self {
        TargetHealth {
            unanswered: AtomicU32::new(0),
            limit: limit.max(1),
            down: OnceLock::new(),
        }
    }

    /// The target answered (any status).
    pub(crate) fn answered(&self) {
        if self.down.get().is_none() {
            self.unanswered.store(0, Ordering::SeqCst);
        }
    }

    /// A request got no answer; `why` is its one-line error. Returns true when this one
    /// made the target count as down.
    pub(crate) fn unanswered(&self, why: &str) -> bool {
        let n = self.unanswered.fetch_add(1, Ordering::SeqCst) + 1;
        if n < self.limit {
            return false;
        }
        self.down
            .set(format!(
                "the target stopped answering: {n} requests in a row got no response (the last: {why})"
            ))
            .is_ok()
    }

    /// Why the target counts as down, once it does (for the rest of the run).
    pub(crate) fn down(&self) -> Option<&str> {
        self.down.get().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_in_a_row_makes_the_target_down_once() {
        let h = TargetHealth::new(3);
        assert!(!h.unanswered("a"));
        assert!(!h.unanswered("b"));
        assert_eq!(h.down(), None);
        assert!(h.unanswered("no response from X within 1s"));
        let why = h.down().expect("down");
        assert!(why.contains("3 requests in a row"), "{why}");
        assert!(why.contains("no response from X"), "{why}");
        assert!(!h.unanswered("d"), "reported once");
    }

    #[test]
    fn any_answer_in_between_resets_the_count() {
        let h = TargetHealth::new(3);
        for _ in 0..5 {
            h.unanswered("x");
            h.unanswered("x");
            h.answered();
        }
        assert_eq!(h.down(), None);
    }

    #[test]
    fn a_down_target_stays_down() {
        let h = TargetHealth::new(1);
        h.unanswered("x");
        h.answered();
        assert!(h.down().is_some());
    }
}
