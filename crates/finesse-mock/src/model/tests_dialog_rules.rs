//! Dialog rules added for the self-check (issue 4): see the module docs of calls.rs.
//!
//! Each test shows a rule as the mock keeps it, then switches on the deviation that breaks
//! that rule and shows that the rule (and only that rule) is lifted. No HTTP, no sleeps: the
//! lab advances a fake clock past the processing delay.

use super::test_support::*;
use super::*;
use Deployment::Ucce;

// ---- who may post dialogs ----

#[test]
fn dialogs_on_another_users_uri_are_401_unless_dialog_for_other_user_allowed() {
    let mut lab = Lab::new(Ucce);
    for id in ["1001", "1002", "1003"] {
        lab.signed_in(id, false);
    }
    let e = lab
        .post_as(&who("1002"), "1001", make(&ext("1001"), &ext("1003")))
        .expect_err("another user's URI");
    assert_eq!(
        (kind(&e), e.data.as_deref()),
        ((401, "Invalid Authorization User Specified"), Some("1001"))
    );
    assert!(lab.dialogs("1003").is_empty(), "no call placed");

    lab.dev(Deviation::DialogForOtherUserAllowed, true);
    assert_eq!(
        lab.post_as(&who("1002"), "1001", make(&ext("1001"), &ext("1003")))
            .map(|a| a.status),
        Ok(202)
    );
    let calls = lab.dialogs("1003");
    assert_eq!(calls.len(), 1, "the call is placed");
    assert_eq!(calls[0].from_address, ext("1001"), "as the URI's user");
    assert!(lab.dialogs("1002").is_empty(), "not as the caller");
}

#[test]
fn unknown_credentials_are_401_unless_dialog_unknown_credentials_accepted() {
    let stranger = stranger();
    let mut lab = Lab::new(Ucce);
    lab.signed_in("1001", false);
    lab.signed_in("1002", false);
    let e = lab
        .post_as(&stranger, "1001", make(&ext("1001"), &ext("1002")))
        .expect_err("unknown user name");
    assert_eq!(kind(&e), (401, "Authorization Failure"));
    assert!(lab.dialogs("1002").is_empty());

    lab.dev(Deviation::DialogUnknownCredentialsAccepted, true);
    assert_eq!(
        lab.post_as(&stranger, "1001", make(&ext("1001"), &ext("1002")))
            .map(|a| a.status),
        Ok(202)
    );
    let calls = lab.dialogs("1002");
    assert_eq!(calls.len(), 1, "the call is placed as the URI's user");
    assert_eq!(calls[0].from_address, ext("1001"));
    // Only unknown names: a known user with a wrong password still fails.
    let wrong = Credential::Basic(Basic {
        user: "1003".into(),
        password: Secret::new("wrong"),
    });
    let e = lab
        .post_as(&wrong, "1003", make(&ext("1003"), &ext("1002")))
        .expect_err("wrong password");
    assert_eq!(kind(&e), (401, "Authorization Failure"));
    // Only the Dialog API: the User API still refuses the stranger.
    assert_eq!(
        lab.m
            .get_user(Some(&stranger), "1001", lab.now)
            .map_err(|e| e.status)
            .map(|_| ()),
        Err(401)
    );
}

#[test]
fn an_administrator_cannot_call_monitor_or_barge_unless_admin_may_barge() {
    let (mut lab, call, m) = monitored_call(Ucce);
    let from = "9999999";
    let bodies = || {
        [
            make(from, &ext("1002")),
            post_body("SILENT_MONITOR", from, Some(&ext("1002")), None),
            post_body("BARGE_CALL", from, Some(&ext("1002")), Some(&uri(&m))),
        ]
    };
    for body in bodies() {
        let e = lab.post(ADMIN, body).expect_err("admin");
        assert_eq!(
            (kind(&e), e.data.as_deref()),
            ((401, "Invalid Authorization User Specified"), Some(ADMIN))
        );
    }
    lab.dev(Deviation::AdminMayBarge, true);
    for body in bodies() {
        let e = lab.post(ADMIN, body).expect_err("no extension");
        assert_eq!(
            (kind(&e), e.data.as_deref()),
            ((400, "Invalid Input"), Some("fromAddress")),
            "falls through to the fromAddress check"
        );
    }
    // The deviation does not let the administrator act on another user's URI.
    let e = lab
        .post_as(&who(ADMIN), "2001", barge("2001", "1002", Some(&uri(&m))))
        .expect_err("another user's URI");
    assert_eq!(e.status, 401);
    assert_eq!(lab.live_parties(&call), 2, "nobody joined the call");
}

// ---- barge request fields ----

#[test]
fn barge_associated_dialog_uri_missing_or_malformed_and_their_deviations() {
    let (mut lab, call, _m) = monitored_call(Ucce);
    // (associatedDialogUri, its refusal, the deviation that lifts that rule only)
    let rules = [
        (
            None,
            "Parameter Missing",
            Deviation::BargeWithoutAssociatedDialogAccepted,
        ),
        (
            Some("not-a-dialog-uri"),
            "Invalid Input",
            Deviation::BargeMalformedUriAccepted,
        ),
    ];
    for (uri, refusal, _) in rules {
        let e = lab
            .post("2001", barge("2001", "1002", uri))
            .expect_err(refusal);
        assert_eq!(
            (kind(&e), e.data.as_deref()),
            ((400, refusal), Some("associatedDialogUri"))
        );
    }
    for (lifted, _, dev) in rules {
        lab.dev(dev, true);
        for (uri, refusal, _) in rules {
            let e = lab
                .post("2001", barge("2001", "1002", uri))
                .expect_err("refused");
            // The lifted rule's body fails later instead: no monitoring session is named.
            let expected = if uri == lifted {
                "Invalid State"
            } else {
                refusal
            };
            assert_eq!(kind(&e), (400, expected), "{dev:?}, {uri:?}");
        }
        lab.dev(dev, false);
    }
    assert_eq!(lab.live_parties(&call), 2, "nobody joined the call");
}
