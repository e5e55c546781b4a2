//! Media (non-voice MRD) rules through the model's operations (no HTTP).

use std::time::Instant;

use super::test_support::*;
use super::*;

/// `PUT /User/1005/Media/{mrd}` as 1005 (the agent these tests take through media states).
fn put(
    m: &mut Finesse,
    mrd: &str,
    body: Result<MediaUpdate, String>,
    now: Instant,
) -> Result<Accepted, ApiFailure> {
    m.put_media(Some(&who("1005")), "1005", mrd, body, None, now)
}

fn media_state(s: &str, reason: Option<&str>) -> Result<MediaUpdate, String> {
    Ok(MediaUpdate {
        state: Some(s.into()),
        reason_code_id: reason.map(String::from),
        ..Default::default()
    })
}

#[test]
fn media_sign_in_then_not_ready_with_a_reason() {
    let mut m = finesse(Deployment::Ucce);
    let mut clock = Clock(Instant::now());
    put(&mut m, "5001", media_login(), clock.0).expect("login");
    let now = clock.settle();
    assert_eq!(media_of(&mut m, "1005", now).state, "NOT_READY");
    put(&mut m, "5001", media_state("READY", None), now).expect("ready");
    let now = clock.settle();
    put(&mut m, "5001", media_state("NOT_READY", Some("10")), now).expect("nr");
    let now = clock.settle();
    let media = media_of(&mut m, "1005", now);
    assert_eq!(
        (media.state.as_str(), media.reason_code_id.as_deref()),
        ("NOT_READY", Some("10"))
    );
    put(&mut m, "5001", media_state("LOGOUT", Some("20")), now).expect("logout");
    let now = clock.settle();
    assert_eq!(media_of(&mut m, "1005", now).state, "LOGOUT");
}

#[test]
fn media_errors_unknown_mrd_user_and_ownership() {
    let mut m = finesse(Deployment::Ucce);
    let now = Instant::now();
    let a = who("1005");
    let err = put(&mut m, "9999", media_state("READY", None), now).expect_err("mrd");
    assert_eq!((err.status, err.media.as_deref()), (404, Some("9999")));
    assert_eq!(
        m.put_media(
            Some(&a),
            "nobody",
            "5001",
            media_state("READY", None),
            None,
            now
        )
        .map_err(|e| e.status),
        Err(404)
    );
    let err = m
        .put_media(Some(&a), "1006", "5001", media_login(), None, now)
        .expect_err("not own");
    assert_eq!(
        (err.status, err.error_type.as_str()),
        (401, "Invalid Authorization User Specified")
    );
    let err = put(&mut m, "5001", Ok(MediaUpdate::default()), now).expect_err("no state");
    assert_eq!(
        (err.status, err.error_type.as_str()),
        (400, "Parameter Missing")
    );
    m.deviations.set(Deviation::UnknownMrdReturns400, true);
    assert_eq!(
        put(&mut m, "9999", media_state("READY", None), now).map_err(|e| e.status),
        Err(400)
    );
    m.deviations.set(Deviation::MediaOwnershipNotChecked, true);
    assert!(
        m.put_media(Some(&a), "1006", "5001", media_login(), None, now)
            .is_ok()
    );
}

#[test]
fn media_change_before_sign_in_is_an_async_arm_error() {
    let mut m = finesse(Deployment::Ucce);
    let mut clock = Clock(Instant::now());
    m.put_media(
        Some(&who("1007")),
        "1007",
        "5002",
        media_state("READY", None),
        Some("m1".into()),
        clock.0,
    )
    .expect("accepted");
    clock.settle();
    m.advance(clock.0);
    let e = &m.async_errors()[0];
    assert_eq!(
        (
            e.error_type.as_str(),
            e.error_data.as_str(),
            e.error_media.as_deref()
        ),
        ("Agent is not logged in", "6", Some("5002"))
    );
}

#[test]
fn uccx_has_no_mrds() {
    let mut m = finesse(Deployment::Uccx);
    let now = Instant::now();
    assert!(
        m.media_list(Some(&who("1001")), "1001", now)
            .expect("list")
            .media
            .is_empty()
    );
    assert_eq!(
        m.media(Some(&who("1001")), "1001", "5001", now)
            .map_err(|e| e.status),
        Err(404)
    );
}

#[test]
fn system_info_reports_deployment_and_xmpp_domains() {
    let mut m = finesse(Deployment::Uccx);
    let si = m.system_info(Instant::now(), None);
    assert_eq!(si.deployment_type, "UCCX");
    assert_eq!(si.status, "IN_SERVICE");
    assert_eq!(si.xmpp_pub_sub_domain, "pubsub.finesse.mock.local");
}

fn media_of(m: &mut Finesse, id: &str, now: Instant) -> doc::Media {
    m.media(Some(&who(id)), id, "5001", now).expect("media")
}

#[test]
fn media_not_ready_needs_a_reason_code_while_codes_are_configured() {
    let mut m = finesse(Deployment::Ucce);
    let mut clock = Clock(Instant::now());
    put(&mut m, "5001", media_login(), clock.0).expect("login");
    let now = clock.settle();
    let err = put(&mut m, "5001", media_state("LOGOUT", None), now).expect_err("no reason");
    assert_eq!(
        (err.status, err.error_type.as_str(), err.data.as_deref()),
        (400, "Parameter Missing", Some("reasonCodeId"))
    );
    m.deviations.set(Deviation::MediaReasonCodeOptional, true);
    put(&mut m, "5001", media_state("LOGOUT", None), now).expect("the deviation lifts the rule");
}

#[test]
fn media_write_deviations_break_one_rule_each() {
    let mut m = finesse(Deployment::Ucce);
    let now = Instant::now();
    let ok = put(&mut m, "5001", media_login(), now).expect("login");
    assert_eq!((ok.status, ok.echo_request_id), (202, true));
    assert!(put(&mut m, "5001", Err("bad xml".into()), now).is_err());
    assert!(
        put(&mut m, "5001", media_state("READY", Some("10")), now).is_err(),
        "READY takes no reason code"
    );
    for d in [
        Deviation::MediaStateChangeReturns200,
        Deviation::MediaRequestIdNotEchoed,
        Deviation::MalformedMediaBodyAccepted,
        Deviation::MediaMissingStateAccepted,
        Deviation::MediaReasonWithReadyAccepted,
    ] {
        m.deviations.set(d, true);
    }
    let ok = put(&mut m, "5001", media_state("NOT_READY", Some("10")), now).expect("nr");
    assert_eq!((ok.status, ok.echo_request_id), (200, false));
    put(&mut m, "5001", Err("bad xml".into()), now).expect("malformed accepted");
    put(&mut m, "5001", media_state_none(), now).expect("no state accepted");
    put(&mut m, "5001", media_state("READY", Some("10")), now)
        .expect("READY with a reason accepted");
}

fn media_state_none() -> Result<MediaUpdate, String> {
    Ok(MediaUpdate::default())
}

#[test]
fn voice_sign_out_signs_out_of_every_mrd_and_the_list_names_them() {
    // (the voice sign-out, voice-logout-keeps-mrds)
    for (logout, keep) in [
        (state("LOGOUT"), false),
        (with_reason("LOGOUT", "20"), false),
        (with_reason("LOGOUT", "20"), true),
    ] {
        let mut m = finesse(Deployment::Ucce);
        m.deviations.set(Deviation::VoiceLogoutKeepsMrds, keep);
        let mut clock = Clock(Instant::now());
        let a = who("1005");
        m.put_user(Some(&a), "1005", login(), None, clock.0)
            .expect("voice login");
        put(&mut m, "5001", media_login(), clock.0).expect("login");
        let now = clock.settle();
        m.put_user(Some(&a), "1005", logout, None, now)
            .expect("voice logout");
        let now = clock.settle();
        let expected = if keep { "NOT_READY" } else { "LOGOUT" };
        assert_eq!(media_of(&mut m, "1005", now).state, expected, "keep {keep}");
    }
    let mut m = finesse(Deployment::Ucce);
    let now = Instant::now();
    let list = m.media_list(Some(&who("1005")), "1005", now).expect("list");
    assert!(list.media.iter().any(|x| x.id == "5001"));
    m.deviations.set(Deviation::MediaListEmpty, true);
    assert!(
        m.media_list(Some(&who("1005")), "1005", now)
            .expect("list")
            .media
            .is_empty()
    );
}

#[test]
fn media_ready_twice_keeps_the_state_change_time() {
    for restamp in [false, true] {
        let mut m = finesse(Deployment::Ucce);
        m.deviations
            .set(Deviation::MediaReadyTwiceRestamps, restamp);
        let mut clock = Clock(Instant::now());
        put(&mut m, "5001", media_login(), clock.0).expect("login");
        let now = clock.settle();
        put(&mut m, "5001", media_state("READY", None), now).expect("ready");
        let now = clock.settle();
        let before = media_of(&mut m, "1005", now).state_change_time;
        assert!(before.is_some());
        std::thread::sleep(Duration::from_millis(2));
        put(&mut m, "5001", media_state("READY", None), now).expect("ready again");
        let now = clock.settle();
        let after = media_of(&mut m, "1005", now).state_change_time;
        assert_eq!(before == after, !restamp);
    }
}
