//! The Finesse release the mock follows (`--mock-version`): where the guide documents a
//! difference between releases (12.6 SystemInfo fields, 12.6(2) phone books without Range,
//! …), the model asks `since` at that rule.

/// A release such as 12.5(1), as its numbers: [12, 5, 1].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Release(Vec<u32>);

impl Release {
    /// Reads "12.6(2)", "12.6" or "12.5(1)SU3": the leading numbers; anything else is 0.
    pub(crate) fn parse(v: &str) -> Release {
        let nums = v
            .split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty())
            .map(|p| p.parse().unwrap_or(0))
            .collect();
        Release(nums)
    }

    /// Whether this release is `v` or later; a part `v` leaves out matches any
    /// (12.6 covers 12.6(1) and 12.6(2)).
    pub(crate) fn since(&self, v: &str) -> bool {
        let other = Release::parse(v);
        for (a, b) in self.0.iter().zip(&other.0) {
            if a != b {
                return a > b;
            }
        }
        true
    }
}

impl Default for Release {
    fn default() -> Self {
        Release::parse(crate::MOCK_VERSION)
    }
}

#[cfg(test)]
mod tests {
    use super::Release;

    #[test]
    fn since_compares_release_numbers() {
        let r = Release::parse("12.6(2)");
        assert!(r.since("12.6(2)") && r.since("12.6") && r.since("12.5(1)"));
        assert!(!r.since("12.6(3)") && !r.since("13.0"));
        let old = Release::parse("12.5(1)");
        assert!(!old.since("12.6") && old.since("12.5") && old.since("11.6(1)"));
        assert_eq!(Release::default(), Release::parse("12.5(1)"));
    }
}
