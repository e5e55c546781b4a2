//! The mock's stand-in for Cisco IdS in SSO mode: access tokens issued in pairs with refresh
//! tokens (G12.5 p189 says IdS generates them as a pair), each access token good for a
//! lifetime. IdS itself is outside the guide, so the details are the mock's choices (README,
//! mock fidelity): a refresh token lasts ten access-token lifetimes but at least an hour (so a
//! run with very short access tokens, to exercise renewal, does not lose a user who sat idle),
//! a refresh needs the pair's own access token (expired or not), and it retires the old pair.
//!
//! Plain Rust: no HTTP, `now` passed in.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::time::{Duration, Instant};

/// A refresh token lasts this many access-token lifetimes (the mock's choice; IdS lets
/// administrators set both)...
pub(crate) const REFRESH_LIFETIMES: u32 = 10;
/// ...and at least this long.
pub(crate) const MIN_REFRESH_LIFETIME: Duration = Duration::from_secs(3600);

/// A pair just issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pair {
    pub access: String,
    pub refresh: String,
    /// The user id the pair belongs to.
    pub user: String,
    pub expires_in: Duration,
}

/// Why a refresh is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefreshRefused {
    /// A form field is missing or empty (400).
    Missing(&'static str),
    /// The refresh token is unknown or expired, or does not pair with the access token (401).
    Invalid,
}

#[derive(Debug, Clone)]
struct Access {
    user: String,
    expires: Instant,
}

#[derive(Debug, Clone)]
struct Refresh {
    user: String,
    /// The access token it was issued with.
    access: String,
    expires: Instant,
}

#[derive(Debug)]
pub(crate) struct Tokens {
    lifetime: Duration,
    refresh_lifetime: Duration,
    access: HashMap<String, Access>,
    refresh: HashMap<String, Refresh>,
    /// Every token ever issued, for leak tests.
    issued: Vec<String>,
    /// Randomly keyed per process: tokens cannot be guessed from one another. (A mock needs
    /// no cryptographic randomness, and std's keyed hasher spares a dependency.)
    random: RandomState,
    counter: u64,
}

impl Tokens {
    pub(crate) fn new(lifetime: Duration) -> Self {
        Tokens {
            lifetime,
            refresh_lifetime: (lifetime * REFRESH_LIFETIMES).max(MIN_REFRESH_LIFETIME),
            access: HashMap::new(),
            refresh: HashMap::new(),
            issued: Vec::new(),
            random: RandomState::new(),
            counter: 0,
        }
    }

    /// How long a refresh token is good for.
    #[cfg(test)]
    pub(crate) fn refresh_lifetime(&self) -> Duration {
        self.refresh_lifetime
    }

    fn fresh(&mut self, kind: &str) -> String {
        let mut word = || {
            self.counter += 1;
            self.random.hash_one(self.counter)
        };
        let (a, b, c) = (word(), word(), word());
        format!("mock-{kind}.{a:016x}{b:016x}.{c:016x}")
    }

    /// A new pair for `user`. Earlier pairs stay good: a user may hold several sessions.
    pub(crate) fn issue(&mut self, user: &str, now: Instant) -> Pair {
        let access = self.fresh("at");
        let refresh = self.fresh("rt");
        self.adopt(user, &access, &refresh, now)
    }

    /// Makes a pair chosen by the caller good for `user` as if it had been issued now (a
    /// canary token in leak tests).
    pub(crate) fn adopt(&mut self, user: &str, access: &str, refresh: &str, now: Instant) -> Pair {
        self.prune(now);
        self.access.insert(
            access.to_string(),
            Access {
                user: user.to_string(),
                expires: now + self.lifetime,
            },
        );
        self.refresh.insert(
            refresh.to_string(),
            Refresh {
                user: user.to_string(),
                access: access.to_string(),
                expires: now + self.refresh_lifetime,
            },
        );
        self.issued.push(access.to_string());
        self.issued.push(refresh.to_string());
        Pair {
            access: access.to_string(),
            refresh: refresh.to_string(),
            user: user.to_string(),
            expires_in: self.lifetime,
        }
    }

    /// The user a good, unexpired access token belongs to.
    pub(crate) fn user_of(&self, access: &str, now: Instant) -> Option<&str> {
        self.access
            .get(access)
            .filter(|a| now < a.expires)
            .map(|a| a.user.as_str())
    }

    /// "Refresh Existing Access Token" (G12.5 p193): the pair's access token (expired or
    /// not) and its unexpired refresh token give a new pair; the old one stops working.
    pub(crate) fn refresh(
        &mut self,
        access: Option<&str>,
        refresh: Option<&str>,
        now: Instant,
    ) -> Result<Pair, RefreshRefused> {
        let access = access
            .filter(|a| !a.is_empty())
            .ok_or(RefreshRefused::Missing("token"))?;
        let refresh = refresh
            .filter(|r| !r.is_empty())
            .ok_or(RefreshRefused::Missing("refresh-token"))?;
        let r = self
            .refresh
            .get(refresh)
            .filter(|r| now < r.expires && r.access == access)
            .ok_or(RefreshRefused::Invalid)?;
        let user = r.user.clone();
        self.refresh.remove(refresh);
        self.access.remove(access);
        Ok(self.issue(&user, now))
    }

    /// Every access token expires now (refresh tokens stay good): the control endpoint's
    /// way to make the next request meet an expired token.
    pub(crate) fn expire_access(&mut self, now: Instant) {
        for a in self.access.values_mut() {
            a.expires = a.expires.min(now);
        }
    }

    /// Every token issued so far, retired ones included.
    pub(crate) fn issued(&self) -> &[String] {
        &self.issued
    }

    /// Forgets what can no longer be used, so that a long run does not grow the maps.
    fn prune(&mut self, now: Instant) {
        self.refresh.retain(|_, r| now < r.expires);
        let refresh = &self.refresh;
        self.access
            .retain(|token, a| now < a.expires || refresh.values().any(|r| &r.access == token));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIFE: Duration = Duration::from_secs(60);

    #[test]
    fn an_issued_token_is_good_for_its_user_until_its_lifetime_ends() {
        let t0 = Instant::now();
        let mut t = Tokens::new(LIFE);
        let p = t.issue("1001", t0);
        assert_eq!(p.expires_in, LIFE);
        assert_eq!(t.user_of(&p.access, t0), Some("1001"));
        assert_eq!(
            t.user_of(&p.access, t0 + LIFE - Duration::from_millis(1)),
            Some("1001")
        );
        assert_eq!(t.user_of(&p.access, t0 + LIFE), None, "expired");
        assert_eq!(
            t.user_of(&p.refresh, t0),
            None,
            "a refresh token is not an access token"
        );
        assert_eq!(t.user_of("made-up", t0), None);
    }

    #[test]
    fn tokens_are_unique_and_a_second_pair_leaves_the_first_good() {
        let t0 = Instant::now();
        let mut t = Tokens::new(LIFE);
        let a = t.issue("1001", t0);
        let b = t.issue("1001", t0);
        assert_ne!(a.access, b.access);
        assert_ne!(a.refresh, b.refresh);
        assert_ne!(a.access, a.refresh);
        assert_eq!(t.user_of(&a.access, t0), Some("1001"));
        assert_eq!(t.issued().len(), 4);
        // Header- and form-safe: no characters that need escaping.
        assert!(
            a.access
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'-')
        );
    }

    #[test]
    fn a_refresh_gives_a_new_pair_and_retires_the_old_one() {
        let t0 = Instant::now();
        let mut t = Tokens::new(LIFE);
        let old = t.issue("1001", t0);
        let later = t0 + LIFE * 2; // the access token has expired; the refresh token has not
        let new = t
            .refresh(Some(&old.access), Some(&old.refresh), later)
            .expect("refreshed");
        assert_eq!(new.user, "1001");
        assert_eq!(t.user_of(&new.access, later), Some("1001"));
        assert_eq!(
            t.user_of(&old.access, t0),
            None,
            "the old access token stops working"
        );
        assert_eq!(
            t.refresh(Some(&old.access), Some(&old.refresh), later),
            Err(RefreshRefused::Invalid),
            "the old refresh token too"
        );
    }

    #[test]
    fn a_refresh_needs_both_fields_the_pairs_access_token_and_an_unexpired_refresh_token() {
        let t0 = Instant::now();
        let mut t = Tokens::new(LIFE);
        let a = t.issue("1001", t0);
        let b = t.issue("1002", t0);
        assert_eq!(
            t.refresh(None, Some(&a.refresh), t0),
            Err(RefreshRefused::Missing("token"))
        );
        assert_eq!(
            t.refresh(Some(&a.access), Some(""), t0),
            Err(RefreshRefused::Missing("refresh-token"))
        );
        assert_eq!(
            t.refresh(Some(&b.access), Some(&a.refresh), t0),
            Err(RefreshRefused::Invalid),
            "another pair's access token"
        );
        assert_eq!(
            t.refresh(Some(&a.access), Some("made-up"), t0),
            Err(RefreshRefused::Invalid)
        );
        let too_late = t0 + t.refresh_lifetime();
        assert_eq!(
            t.refresh(Some(&a.access), Some(&a.refresh), too_late),
            Err(RefreshRefused::Invalid),
            "an expired refresh token"
        );
        // None of that spent the pair.
        assert!(t.refresh(Some(&b.access), Some(&b.refresh), t0).is_ok());
    }

    #[test]
    fn expiring_access_tokens_leaves_refresh_tokens_good() {
        let t0 = Instant::now();
        let mut t = Tokens::new(LIFE);
        let a = t.issue("1001", t0);
        t.expire_access(t0);
        assert_eq!(t.user_of(&a.access, t0), None);
        let new = t
            .refresh(Some(&a.access), Some(&a.refresh), t0)
            .expect("refreshable");
        assert_eq!(t.user_of(&new.access, t0), Some("1001"));
    }

    #[test]
    fn a_refresh_token_lasts_ten_lifetimes_but_at_least_an_hour() {
        assert_eq!(Tokens::new(LIFE).refresh_lifetime(), MIN_REFRESH_LIFETIME);
        assert_eq!(
            Tokens::new(Duration::from_millis(200)).refresh_lifetime(),
            MIN_REFRESH_LIFETIME
        );
        let long = Duration::from_secs(3600);
        assert_eq!(
            Tokens::new(long).refresh_lifetime(),
            long * REFRESH_LIFETIMES
        );
    }

    #[test]
    fn an_adopted_pair_works_like_an_issued_one() {
        let t0 = Instant::now();
        let mut t = Tokens::new(LIFE);
        let p = t.adopt("1003", "canary-at", "canary-rt", t0);
        assert_eq!(t.user_of("canary-at", t0), Some("1003"));
        assert!(t.issued().iter().any(|x| x == "canary-rt"));
        assert!(t.refresh(Some(&p.access), Some(&p.refresh), t0).is_ok());
    }

    #[test]
    fn what_can_no_longer_be_used_is_forgotten() {
        let t0 = Instant::now();
        let mut t = Tokens::new(LIFE);
        let a = t.issue("1001", t0);
        let gone = t0 + t.refresh_lifetime();
        t.issue("1002", gone);
        assert_eq!((t.access.len(), t.refresh.len()), (1, 1));
        assert_eq!(t.user_of(&a.access, gone), None);
        assert_eq!(t.issued().len(), 4, "the history keeps everything");
    }
}
