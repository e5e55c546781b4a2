//! SSO mode through the model's public operations: which credentials each mode takes, the
//! token API's rules and the XMPP login with a token (no HTTP).

use std::time::{Duration, Instant};

use super::*;
use crate::fixture::Fixture;

const LIFE: Duration = Duration::from_secs(60);

fn finesse(sso: bool) -> Finesse {
    let mut m = Finesse::new(
        &Fixture::embedded(),
        Deployment::Ucce,
        Duration::from_millis(20),
    );
    if sso {
        m.enable_sso(LIFE);
    }
    m
}

fn basic(user: &str, password: &str) -> Credential {
    Credential::Basic(Basic {
        user: user.into(),
        password: Secret::new(password),
    })
}

fn bearer(token: &str) -> Credential {
    Credential::Bearer(Secret::new(token))
}

fn status<T>(r: Result<T, ApiFailure>) -> u16 {
    match r {
        Ok(_) => 200,
        Err(e) => e.status,
    }
}

#[test]
fn system_info_reports_the_auth_mode() {
    let now = Instant::now();
    let mode = |m: &mut Finesse| m.system_info(now, None).system_auth_mode;
    assert_eq!(mode(&mut finesse(false)), "NON_SSO");
    assert_eq!(mode(&mut finesse(true)), "SSO");
}

#[test]
fn sso_mode_takes_good_tokens_only_and_basic_mode_takes_no_tokens() {
    let now = Instant::now();
    let mut m = finesse(true);
    let g = m.issue_token("1001", now).expect("issued");
    assert_eq!(
        status(m.get_user(Some(&bearer(&g.access)), "1001", now)),
        200
    );
    // The right password, but SSO takes no Basic.
    let e = m
        .get_user(Some(&basic("1001", "mock-pw-1")), "1001", now)
        .expect_err("basic refused");
    assert_eq!(
        (e.status, e.error_type.as_str()),
        (401, "Authorization Failure")
    );
    assert_eq!(
        status(m.get_user(Some(&bearer("made-up")), "1001", now)),
        401
    );
    assert_eq!(
        status(m.get_user(Some(&bearer(&g.refresh)), "1001", now)),
        401
    );
    assert_eq!(
        status(m.get_user(Some(&bearer(&g.access)), "1001", now + LIFE)),
        401
    );
    // A token is a user like any other: ownership still applies.
    let e = m
        .get_user(Some(&bearer(&g.access)), "1002", now)
        .expect_err("someone else's User");
    assert_eq!(e.error_type, "Invalid Authorization User Specified");

    let mut plain = finesse(false);
    assert_eq!(
        status(plain.get_user(Some(&bearer(&g.access)), "1001", now)),
        401
    );
    assert_eq!(
        plain.issue_token("1001", now),
        None,
        "no tokens without SSO"
    );
}

#[test]
fn expired_tokens_are_refused_until_refreshed() {
    let now = Instant::now();
    let mut m = finesse(true);
    let g = m.issue_token("1001", now).expect("issued");
    m.expire_tokens(now);
    assert_eq!(
        status(m.get_user(Some(&bearer(&g.access)), "1001", now)),
        401
    );
    let new = m
        .refresh_token(Some(&g.access), Some(&g.refresh), now)
        .expect("refreshed");
    assert_eq!(
        status(m.get_user(Some(&bearer(&new.access)), "1001", now)),
        200
    );
    assert_eq!(m.issued_tokens().len(), 4, "both pairs are in the history");
}

#[test]
fn the_unknown_credentials_deviation_also_lets_a_made_up_token_in() {
    let now = Instant::now();
    let mut m = finesse(true);
    m.deviations
        .set(Deviation::UnknownCredentialsAccepted, true);
    assert_eq!(
        status(m.get_user(Some(&bearer("made-up")), "1001", now)),
        200
    );
    // A known user's Basic credentials still fail: SSO takes none.
    assert_eq!(
        status(m.get_user(Some(&basic("1001", "mock-pw-1")), "1001", now)),
        401
    );
}

#[test]
fn fetching_a_token_needs_sso_a_user_name_and_that_users_password() {
    let now = Instant::now();
    let good = basic("agent1001", "mock-pw-1");
    let code =
        |r: Result<sso::Grant, sso::TokenFailure>| r.map(|_| 200).unwrap_or_else(|e| e.status);
    assert_eq!(
        code(finesse(false).fetch_token(Some("agent1001"), Some(&good), now)),
        404
    );
    let mut m = finesse(true);
    assert_eq!(code(m.fetch_token(None, Some(&good), now)), 400);
    assert_eq!(code(m.fetch_token(Some(" "), Some(&good), now)), 400);
    assert_eq!(code(m.fetch_token(Some("agent1001"), None, now)), 401);
    assert_eq!(
        code(m.fetch_token(Some("agent1001"), Some(&bearer("x")), now)),
        401
    );
    assert_eq!(
        code(m.fetch_token(Some("agent1001"), Some(&basic("agent1001", "wrong")), now)),
        401
    );
    assert_eq!(
        code(m.fetch_token(Some("agent1002"), Some(&good), now)),
        401,
        "another user's name"
    );
    // By login name or by id.
    let g = m
        .fetch_token(Some("1001"), Some(&good), now)
        .expect("fetched");
    assert_eq!(
        (g.user_id.as_str(), g.realm.as_str(), g.expires_in),
        ("agent1001", "finesse.mock.local", LIFE)
    );
    assert_eq!(
        status(m.get_user(Some(&bearer(&g.access)), "1001", now)),
        200
    );
}

#[test]
fn bad_passwords_on_the_token_fetch_count_toward_the_lockout() {
    let now = Instant::now();
    let mut m = finesse(true);
    for _ in 0..directory::LOCKOUT_AFTER {
        assert!(
            m.fetch_token(Some("1001"), Some(&basic("1001", "bad")), now)
                .is_err()
        );
    }
    let e = m
        .fetch_token(Some("1001"), Some(&basic("1001", "mock-pw-1")), now)
        .expect_err("locked out");
    assert_eq!(e.status, 401);
    assert!(
        m.fetch_token(
            Some("1001"),
            Some(&basic("1001", "mock-pw-1")),
            now + directory::LOCKOUT_FOR
        )
        .is_ok()
    );
}

#[test]
fn refreshing_needs_sso_both_fields_and_a_good_pair() {
    let now = Instant::now();
    let code =
        |r: Result<sso::Grant, sso::TokenFailure>| r.map(|_| 200).unwrap_or_else(|e| e.status);
    assert_eq!(
        code(finesse(false).refresh_token(Some("a"), Some("r"), now)),
        404
    );
    let mut m = finesse(true);
    let g = m.issue_token("1001", now).expect("issued");
    assert_eq!(code(m.refresh_token(None, Some(&g.refresh), now)), 400);
    assert_eq!(code(m.refresh_token(Some(&g.access), None, now)), 400);
    assert_eq!(
        code(m.refresh_token(Some(&g.access), Some("made-up"), now)),
        401
    );
    let new = m
        .refresh_token(Some(&g.access), Some(&g.refresh), now)
        .expect("refreshed");
    assert_eq!(new.user_id, "agent1001");
    assert_eq!(
        status(m.get_user(Some(&bearer(&g.access)), "1001", now)),
        401
    );
}

#[test]
fn the_xmpp_login_takes_a_password_or_in_sso_mode_the_users_own_token() {
    let now = Instant::now();
    let mut plain = finesse(false);
    assert!(plain.authenticate_login("1001", "mock-pw-1", now).is_ok());
    assert!(plain.authenticate_login("1001", "wrong", now).is_err());
    let mut m = finesse(true);
    let mine = m.issue_token("1001", now).expect("issued");
    let theirs = m.issue_token("1002", now).expect("issued");
    assert_eq!(
        m.authenticate_login("1001", &mine.access, now)
            .map(|u| u.id),
        Ok("1001".to_string())
    );
    assert!(m.authenticate_login("agent1001", &mine.access, now).is_ok());
    assert!(m.authenticate_login("1001", &theirs.access, now).is_err());
    assert!(m.authenticate_login("1001", "mock-pw-1", now).is_err());
    assert!(
        m.authenticate_login("1001", &mine.access, now + LIFE)
            .is_err()
    );
}

#[test]
fn an_adopted_pair_is_good_only_for_a_known_user_in_sso_mode() {
    let now = Instant::now();
    let mut m = finesse(true);
    assert!(m.adopt_token("1003", "canary-at", "canary-rt", now));
    assert_eq!(
        status(m.get_user(Some(&bearer("canary-at")), "1003", now)),
        200
    );
    assert!(!m.adopt_token("nobody", "a", "r", now));
    assert!(!finesse(false).adopt_token("1003", "a", "r", now));
}
