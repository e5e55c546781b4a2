//! Routable mode and the Media error rows (media_routing.rs), each rule with the deviation
//! that breaks it.

use std::time::Instant;

use super::test_support::*;
use super::*;

fn put(m: &mut Finesse, body: MediaUpdate, now: Instant) -> Result<Accepted, ApiFailure> {
    m.put_media(Some(&who("1005")), "1005", "5001", Ok(body), None, now)
}

fn routable(value: &str) -> MediaUpdate {
    MediaUpdate {
        routable: Some(value.into()),
        ..Default::default()
    }
}

fn state(s: &str) -> MediaUpdate {
    MediaUpdate {
        state: Some(s.into()),
        ..Default::default()
    }
}

fn media(m: &mut Finesse, now: Instant) -> doc::Media {
    m.media(Some(&who("1005")), "1005", "5001", now)
        .expect("media")
}

/// 1005 signed in to MRD 5001 (NOT_READY, routable).
fn signed_in(devs: &[Deviation]) -> (Finesse, Clock) {
    let mut m = finesse(Deployment::Ucce);
    for d in devs {
        m.deviations.set(*d, true);
    }
    let mut clock = Clock(Instant::now());
    m.put_media(
        Some(&who("1005")),
        "1005",
        "5001",
        media_login(),
        None,
        clock.0,
    )
    .expect("login");
    let now = clock.settle();
    assert!(
        media(&mut m, now).routable,
        "sign-in makes the agent routable"
    );
    (m, clock)
}

#[test]
fn routable_false_then_true_changes_only_the_mode() {
    let (mut m, mut clock) = signed_in(&[]);
    put(&mut m, routable("false"), clock.0).expect("accepted");
    let now = clock.settle();
    let after = media(&mut m, now);
    assert_eq!((after.routable, after.state.as_str()), (false, "NOT_READY"));
    put(&mut m, routable("true"), now).expect("accepted");
    let now = clock.settle();
    assert!(media(&mut m, now).routable);
}

#[test]
fn the_ignored_deviation_keeps_the_mode() {
    let (mut m, mut clock) = signed_in(&[Deviation::MediaRoutableIgnored]);
    put(&mut m, routable("false"), clock.0).expect("accepted");
    let now = clock.settle();
    assert!(media(&mut m, now).routable);
}

#[test]
fn ready_makes_routable_unless_the_deviation_is_on() {
    for (dev, expect) in [(false, true), (true, false)] {
        let devs: &[Deviation] = if dev {
            &[Deviation::MediaReadyKeepsNotRoutable]
        } else {
            &[]
        };
        let (mut m, mut clock) = signed_in(devs);
        put(&mut m, routable("false"), clock.0).expect("accepted");
        let now = clock.settle();
        put(&mut m, state("READY"), now).expect("ready");
        let now = clock.settle();
        let after = media(&mut m, now);
        assert_eq!((after.state.as_str(), after.routable), ("READY", expect));
    }
}

#[test]
fn the_requested_mode_again_is_an_async_arm_error() {
    let (mut m, mut clock) = signed_in(&[]);
    put(&mut m, routable("true"), clock.0).expect("accepted");
    clock.settle();
    m.advance(clock.0);
    let e = &m.async_errors()[0];
    assert_eq!(
        (e.error_message.as_str(), e.error_media.as_deref()),
        ("E_ARM_STAT_ALREADY_IN_REQUESTED_AGENT_MODE", Some("5001"))
    );
}

#[test]
fn an_unreadable_routable_value_is_invalid_input() {
    let (mut m, clock) = signed_in(&[]);
    let err = put(&mut m, routable("maybe"), clock.0).expect_err("refused");
    assert_eq!(
        (err.status, err.error_type.as_str()),
        (400, "Invalid Input")
    );
    m.deviations
        .set(Deviation::MediaRoutableValueUnchecked, true);
    assert!(put(&mut m, routable("maybe"), clock.0).is_ok());
}

#[test]
fn an_unknown_state_is_invalid_input_unless_the_deviation_is_on() {
    let (mut m, clock) = signed_in(&[]);
    let err = put(&mut m, state("TALKING"), clock.0).expect_err("refused");
    assert_eq!(
        (err.status, err.error_type.as_str(), err.media.as_deref()),
        (400, "Invalid Input", Some("5001"))
    );
    m.deviations.set(Deviation::MediaInvalidStateAccepted, true);
    assert!(put(&mut m, state("TALKING"), clock.0).is_ok());
}

#[test]
fn another_users_media_is_invalid_authorization_unless_the_deviation_is_on() {
    let mut m = finesse(Deployment::Ucce);
    let now = Instant::now();
    let other = |m: &mut Finesse| {
        m.put_media(
            Some(&who("1005")),
            "1006",
            "5001",
            Ok(state("READY")),
            None,
            now,
        )
        .expect_err("not own")
    };
    let err = other(&mut m);
    assert_eq!(
        (err.status, err.error_type.as_str()),
        (401, "Invalid Authorization User Specified")
    );
    m.deviations
        .set(Deviation::MediaOtherUserAuthorizationFailure, true);
    let err = other(&mut m);
    assert_eq!(
        (err.status, err.error_type.as_str()),
        (401, "Authorization Failure")
    );
}
