//! One identity's token as the harness holds it, and the rules for renewing it:
//!
//! - refresh early once 75% of `expires_in` has passed since the token was obtained (third-party
//!   applications are told to, G12.5 p193);
//! - after a 401 to a Bearer request that refuses the token itself (no ApiErrors body, or an
//!   `Authorization Failure`): if someone else already renewed the token since that request
//!   was sent, retry with the new one; otherwise renew it once and retry once. A 401 with any
//!   other ErrorType (`Invalid Authorization User Specified`, `Invalid State`, …) is Finesse
//!   refusing what a known user asked, which a new token does not change;
//! - renew with the refresh token through Finesse's refresh API (G12.5 p193) when there is one,
//!   else (or when that fails) by running the profile's `token_command` again.

use std::time::Instant;

use super::grant::TokenGrant;
use finesse_protocol::Secret;

/// The share of the lifetime after which a token is refreshed early: 3/4 (G12.5 p193).
const EARLY_NUM: u32 = 3;
const EARLY_DEN: u32 = 4;

/// The ErrorType Finesse gives when it does not accept the credentials themselves (G12.5 p33
/// lists it for a bad password; the guide names none for a refused token, so a 401 without
/// an ApiErrors body counts too).
const AUTHORIZATION_FAILURE: &str = "Authorization Failure";

/// Whether a 401 whose ApiErrors carry `error_types` (none: no ApiErrors body) may mean the
/// access token was refused, so that a renewed one could be accepted.
pub(crate) fn token_refused<'a>(error_types: impl IntoIterator<Item = &'a str>) -> bool {
    let mut none = true;
    for t in error_types {
        none = false;
        if t.trim().eq_ignore_ascii_case(AUTHORIZATION_FAILURE) {
            return true;
        }
    }
    none
}

/// A way to renew a token, in the order they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refresh {
    /// `POST /desktop/sso/token` with the access and refresh tokens (G12.5 p193).
    Endpoint,
    /// Run the identity's `token_command` again.
    Command,
}

/// What to do after the target answered 401 to a request sent with a given token generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum After401 {
    /// The token was renewed meanwhile (by another scenario): retry with the current one.
    RetryWithCurrent,
    /// Renew it with these ways, in order, then retry once.
    Renew(Vec<Refresh>),
    /// No way to renew it: the 401 stands.
    GiveUp,
}

#[derive(Debug, Clone)]
pub(crate) struct TokenState {
    grant: TokenGrant,
    obtained: Instant,
    /// Counts renewals, so that a 401 to an older token does not renew a newer one again.
    generation: u64,
    /// An early refresh of this token failed: wait for a 401 rather than try on every request.
    early_failed: bool,
}

impl TokenState {
    pub(crate) fn new(grant: TokenGrant, now: Instant) -> Self {
        TokenState {
            grant,
            obtained: now,
            generation: 1,
            early_failed: false,
        }
    }

    pub(crate) fn token(&self) -> &Secret {
        &self.grant.access
    }

    pub(crate) fn grant(&self) -> &TokenGrant {
        &self.grant
    }

    pub(crate) fn generation(&self) -> u64 {
        self.generation
    }

    /// When the token is due for an early refresh, if its lifetime is known.
    pub(crate) fn refresh_at(&self) -> Option<Instant> {
        let life = self.grant.expires_in?;
        Some(self.obtained + life * EARLY_NUM / EARLY_DEN)
    }

    /// Whether to refresh before the next request (given a way to refresh exists).
    pub(crate) fn due(&self, now: Instant) -> bool {
        !self.early_failed && self.refresh_at().is_some_and(|at| now >= at)
    }

    /// The ways to renew this token, in order: the refresh API needs a refresh token, the
    /// command needs a `token_command`.
    pub(crate) fn ways(&self, has_command: bool) -> Vec<Refresh> {
        let mut ways = Vec::new();
        if self.grant.refresh.is_some() {
            ways.push(Refresh::Endpoint);
        }
        if has_command {
            ways.push(Refresh::Command);
        }
        ways
    }

    /// The decision after a 401 to a request that carried generation `sent`.
    pub(crate) fn after_401(&self, sent: u64, has_command: bool) -> After401 {
        if sent != self.generation {
            return After401::RetryWithCurrent;
        }
        let ways = self.ways(has_command);
        if ways.is_empty() {
            After401::GiveUp
        } else {
            After401::Renew(ways)
        }
    }

    /// Takes a renewed grant obtained by `how`. A refresh answer without a refresh token keeps
    /// the current one (the guide does not say whether the API returns a new one); a command's
    /// output replaces the grant whole.
    pub(crate) fn renewed(&mut self, mut new: TokenGrant, how: Refresh, now: Instant) {
        if how == Refresh::Endpoint && new.refresh.is_none() {
            new.refresh = self.grant.refresh.take();
        }
        self.grant = new;
        self.obtained = now;
        self.generation += 1;
        self.early_failed = false;
    }

    /// An early refresh failed; the token is still good until it expires.
    pub(crate) fn early_refresh_failed(&mut self) {
        self.early_failed = true;
    }

    /// How long the token has left by its stated lifetime.
    #[cfg(test)]
    fn remaining(&self, now: Instant) -> Option<std::time::Duration> {
        let life = self.grant.expires_in?;
        Some((self.obtained + life).saturating_duration_since(now))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn grant(access: &str, refresh: Option<&str>, secs: Option<u64>) -> TokenGrant {
        TokenGrant {
            access: Secret::new(access),
            refresh: refresh.map(Secret::new),
            expires_in: secs.map(Duration::from_secs),
            user_id: None,
        }
    }

    #[test]
    fn only_a_401_that_may_refuse_the_token_itself_renews_it() {
        assert!(token_refused([]), "no ApiErrors body");
        assert!(token_refused(["Authorization Failure"]));
        assert!(token_refused([" authorization failure "]));
        assert!(token_refused(["Invalid State", "Authorization Failure"]));
        // Finesse knew the user and refused what it asked: a new token changes nothing.
        assert!(!token_refused(["Invalid Authorization User Specified"]));
        assert!(!token_refused(["Invalid State"]));
        assert!(!token_refused(["Invalid Supervisor"]));
    }

    #[test]
    fn an_early_refresh_falls_due_at_three_quarters_of_the_lifetime() {
        let t0 = Instant::now();
        let s = TokenState::new(grant("a", Some("r"), Some(300)), t0);
        assert_eq!(s.refresh_at(), Some(t0 + Duration::from_secs(225)));
        assert!(!s.due(t0));
        assert!(!s.due(t0 + Duration::from_secs(224)));
        assert!(s.due(t0 + Duration::from_secs(225)));
        assert_eq!(
            s.remaining(t0 + Duration::from_secs(225)),
            Some(Duration::from_secs(75))
        );
        // Without a lifetime, never early.
        let s = TokenState::new(grant("a", Some("r"), None), t0);
        assert_eq!(s.refresh_at(), None);
        assert!(!s.due(t0 + Duration::from_secs(86_400)));
    }

    #[test]
    fn a_failed_early_refresh_is_not_retried_until_the_token_is_renewed() {
        let t0 = Instant::now();
        let late = t0 + Duration::from_secs(250);
        let mut s = TokenState::new(grant("a", Some("r"), Some(300)), t0);
        assert!(s.due(late));
        s.early_refresh_failed();
        assert!(!s.due(late));
        s.renewed(grant("b", Some("r2"), Some(300)), Refresh::Endpoint, late);
        assert!(!s.due(late));
        assert!(s.due(late + Duration::from_secs(225)));
    }

    #[test]
    fn the_ways_to_renew_follow_what_the_identity_has() {
        let t0 = Instant::now();
        let with_refresh = TokenState::new(grant("a", Some("r"), None), t0);
        let bare = TokenState::new(grant("a", None, None), t0);
        assert_eq!(with_refresh.ways(false), vec![Refresh::Endpoint]);
        assert_eq!(
            with_refresh.ways(true),
            vec![Refresh::Endpoint, Refresh::Command]
        );
        assert_eq!(bare.ways(true), vec![Refresh::Command]);
        assert!(bare.ways(false).is_empty());
    }

    #[test]
    fn a_401_renews_once_per_generation() {
        let t0 = Instant::now();
        let mut s = TokenState::new(grant("a", Some("r"), None), t0);
        let sent = s.generation();
        assert_eq!(
            s.after_401(sent, false),
            After401::Renew(vec![Refresh::Endpoint])
        );
        s.renewed(grant("b", Some("r2"), None), Refresh::Endpoint, t0);
        assert_eq!(s.generation(), sent + 1);
        // A second request that went out with the old token: no second renewal.
        assert_eq!(s.after_401(sent, false), After401::RetryWithCurrent);
        // Nothing to renew with: the 401 stands.
        let bare = TokenState::new(grant("a", None, None), t0);
        assert_eq!(bare.after_401(bare.generation(), false), After401::GiveUp);
        assert_eq!(
            bare.after_401(bare.generation(), true),
            After401::Renew(vec![Refresh::Command])
        );
    }

    #[test]
    fn a_refresh_answer_without_a_refresh_token_keeps_the_old_one_but_a_command_does_not() {
        let t0 = Instant::now();
        let mut s = TokenState::new(grant("a", Some("r1"), Some(60)), t0);
        s.renewed(grant("b", None, Some(60)), Refresh::Endpoint, t0);
        assert_eq!(s.token().expose(), "b");
        assert_eq!(s.grant().refresh.as_ref().map(Secret::expose), Some("r1"));
        s.renewed(grant("c", Some("r3"), None), Refresh::Endpoint, t0);
        assert_eq!(s.grant().refresh.as_ref().map(Secret::expose), Some("r3"));
        s.renewed(grant("d", None, None), Refresh::Command, t0);
        assert_eq!(s.token().expose(), "d");
        assert_eq!(s.grant().refresh, None);
        assert_eq!(s.grant().expires_in, None);
    }
}
