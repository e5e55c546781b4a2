//! The Single Sign-On APIs beyond the token pair (developer.cisco.com "Single Sign-On—Get User
//! Authentication Mode"): the mode a user signs in with, asked without credentials, and the
//! deviations that break it.

use std::time::Duration;

use super::test_support::*;
use super::*;
use Deployment::{Ucce, Uccx};

fn mode(lab: &mut Lab, creds: Option<&Credential>, name: &str) -> Result<&'static str, ApiFailure> {
    lab.m
        .user_auth_mode(creds, name, lab.now)
        .map(|d| d.auth_mode)
}

#[test]
fn the_mode_is_the_systems_by_id_or_login_name_unless_it_reports_the_other_mode() {
    for dep in [Ucce, Uccx] {
        let mut lab = Lab::new(dep);
        assert_eq!(mode(&mut lab, None, "1001"), Ok("NON_SSO"));
        assert_eq!(mode(&mut lab, None, "agent1001"), Ok("NON_SSO"));
        lab.m.enable_sso(Duration::from_secs(60));
        assert_eq!(mode(&mut lab, None, "1001"), Ok("SSO"));
        lab.dev(Deviation::UserAuthModeReportsOtherMode, true);
        assert_eq!(mode(&mut lab, None, "1001"), Ok("NON_SSO"));
    }
    let mut lab = Lab::new(Ucce);
    lab.dev(Deviation::UserAuthModeReportsOtherMode, true);
    assert_eq!(mode(&mut lab, None, "agent1001"), Ok("SSO"));
}

#[test]
fn no_credentials_are_needed_unless_user_auth_mode_needs_credentials() {
    let mut lab = Lab::new(Ucce);
    assert_eq!(mode(&mut lab, None, "1001"), Ok("NON_SSO"));
    // Credentials, even another user's, change nothing.
    assert_eq!(mode(&mut lab, Some(&who("1002")), "1001"), Ok("NON_SSO"));
    lab.dev(Deviation::UserAuthModeNeedsCredentials, true);
    let e = mode(&mut lab, None, "1001").expect_err("refused");
    assert_eq!(kind(&e), (401, "Authorization Failure"));
    assert_eq!(mode(&mut lab, Some(&who("1002")), "1001"), Ok("NON_SSO"));
}

#[test]
fn an_unknown_user_is_not_found() {
    let mut lab = Lab::new(Ucce);
    let e = mode(&mut lab, None, "no-such-user").expect_err("unknown");
    assert_eq!(kind(&e), (404, "Not Found"));
}

#[test]
fn a_good_pair_refreshes_unless_token_refresh_refused() {
    let mut lab = Lab::new(Ucce);
    lab.m.enable_sso(Duration::from_secs(60));
    let now = lab.now;
    let g = lab.m.issue_token("1001", now).expect("issued");
    let renewed = lab
        .m
        .refresh_token(Some(&g.access), Some(&g.refresh), now)
        .expect("refreshed");
    assert_ne!(renewed.access, g.access);
    let bearer = Credential::Bearer(Secret::new(renewed.access.as_str()));
    assert!(lab.m.get_user(Some(&bearer), "1001", now).is_ok());
    lab.dev(Deviation::TokenRefreshRefused, true);
    let e = lab
        .m
        .refresh_token(Some(&renewed.access), Some(&renewed.refresh), now)
        .expect_err("refused");
    assert_eq!(e.status, 401);
    // The refused pair is still good.
    let bearer = Credential::Bearer(Secret::new(renewed.access.as_str()));
    assert!(lab.m.get_user(Some(&bearer), "1001", now).is_ok());
}

fn sso_test(lab: &Lab, creds: Option<&Credential>) -> Option<(bool, &'static str)> {
    lab.m
        .sso_test(creds, lab.now)
        .map(|t| (t.passed(), t.error))
}

#[test]
fn the_sso_test_passes_an_issued_token_unless_sso_test_rejects_good_token() {
    let mut lab = Lab::new(Ucce);
    assert_eq!(sso_test(&lab, None), None, "not in SSO mode");
    lab.m.enable_sso(Duration::from_secs(60));
    let now = lab.now;
    let g = lab.m.issue_token("1001", now).expect("issued");
    let good = Credential::Bearer(Secret::new(g.access.as_str()));
    assert_eq!(sso_test(&lab, Some(&good)), Some((true, "")));
    lab.dev(Deviation::SsoTestRejectsGoodToken, true);
    assert_eq!(sso_test(&lab, Some(&good)), Some((false, "AUTH_ERROR")));
}

#[test]
fn the_sso_test_fails_a_bad_or_missing_token_unless_sso_test_passes_bad_token() {
    let mut lab = Lab::new(Ucce);
    lab.m.enable_sso(Duration::from_secs(60));
    let bad = Credential::Bearer(Secret::new("never-issued"));
    assert_eq!(sso_test(&lab, Some(&bad)), Some((false, "AUTH_ERROR")));
    assert_eq!(
        sso_test(&lab, Some(&who("1001"))),
        Some((false, "AUTH_ERROR"))
    );
    assert_eq!(sso_test(&lab, None), Some((false, "NO TOKEN")));
    lab.dev(Deviation::SsoTestPassesBadToken, true);
    assert_eq!(sso_test(&lab, Some(&bad)), Some((true, "")));
}

#[test]
fn a_signed_in_user_fetches_a_new_pair_with_its_refresh_token_unless_fetch_omits_it() {
    let mut lab = Lab::new(Ucce);
    lab.m.enable_sso(Duration::from_secs(60));
    let now = lab.now;
    let g = lab.m.issue_token("1001", now).expect("issued");
    let session = Credential::Bearer(Secret::new(g.access.as_str()));
    let fetched = lab
        .m
        .fetch_token(Some("agent1001"), Some(&session), now)
        .expect("fetched");
    assert_ne!(fetched.access, g.access);
    assert_eq!(fetched.user_id, "agent1001");
    // Another user's name, or a token the mock never issued, is refused.
    let other = lab.m.fetch_token(Some("agent1002"), Some(&session), now);
    assert_eq!(other.map_err(|e| e.status), Err(401));
    let bad = Credential::Bearer(Secret::new("never-issued"));
    let refused = lab.m.fetch_token(Some("agent1001"), Some(&bad), now);
    assert_eq!(refused.map_err(|e| e.status), Err(401));
    assert!(lab.m.fetch_returns_refresh(true));
    assert!(!lab.m.fetch_returns_refresh(false));
    lab.dev(Deviation::FetchOmitsRefreshToken, true);
    assert!(!lab.m.fetch_returns_refresh(true));
}
