//! ClientLog (G12.5 p163; DEV/clientlog-api-errors): POST only, logData required and at most
//! 1,048,576 characters, for the caller's own user.

use super::client_log::MAX_LOG_CHARS;
use super::test_support::*;
use super::*;
use crate::documents::ClientLogPost;
use Deployment::Ucce;

fn log(data: Option<String>) -> Result<ClientLogPost, String> {
    Ok(ClientLogPost { log_data: data })
}

fn post(
    lab: &mut Lab,
    who_: &str,
    id: &str,
    body: Result<ClientLogPost, String>,
) -> Result<u16, ApiFailure> {
    lab.m
        .post_client_log(Some(&who(who_)), id, body, lab.now)
        .map(|a| a.status)
}

#[test]
fn an_agent_posts_its_log_unless_client_log_refused() {
    let mut lab = Lab::new(Ucce);
    let line = || log(Some("line 1".into()));
    assert_eq!(post(&mut lab, "1001", "1001", line()), Ok(202));
    lab.dev(Deviation::ClientLogRefused, true);
    let e = post(&mut lab, "1001", "1001", line()).expect_err("refused");
    assert_eq!(kind(&e), (400, "Operation Failure"));
    // Only a valid log: the request's own errors come first.
    let e = post(&mut lab, "1001", "1001", log(None)).expect_err("no logData");
    assert_eq!(kind(&e), (400, "Parameter Missing"));
}

#[test]
fn log_data_is_required_unless_client_log_without_data_accepted() {
    let mut lab = Lab::new(Ucce);
    for missing in [None, Some(String::new()), Some("  ".into())] {
        let e = post(&mut lab, "1001", "1001", log(missing)).expect_err("no logData");
        assert_eq!(
            (kind(&e), e.data.as_deref()),
            ((400, "Parameter Missing"), Some("logData"))
        );
    }
    lab.dev(Deviation::ClientLogWithoutDataAccepted, true);
    assert_eq!(post(&mut lab, "1001", "1001", log(None)), Ok(202));
}

#[test]
fn log_data_holds_at_most_the_limit_unless_client_log_size_unchecked() {
    let mut lab = Lab::new(Ucce);
    let at_limit = "é".repeat(MAX_LOG_CHARS);
    assert_eq!(
        post(&mut lab, "1001", "1001", log(Some(at_limit))),
        Ok(202),
        "the limit counts characters, not bytes"
    );
    let over = || log(Some("x".repeat(MAX_LOG_CHARS + 1)));
    let e = post(&mut lab, "1001", "1001", over()).expect_err("one too many");
    assert_eq!(
        (kind(&e), e.data.as_deref()),
        ((400, "Invalid Input"), Some("logData"))
    );
    lab.dev(Deviation::ClientLogSizeUnchecked, true);
    assert_eq!(post(&mut lab, "1001", "1001", over()), Ok(202));
}

#[test]
fn a_log_for_another_user_is_refused_unless_agent_acts_on_others() {
    let mut lab = Lab::new(Ucce);
    for poster in ["1002", ADMIN] {
        let e = post(&mut lab, poster, "1001", log(Some("x".into()))).expect_err(poster);
        assert_eq!(
            (kind(&e), e.data.as_deref()),
            ((401, "Invalid Authorization User Specified"), Some("1001"))
        );
    }
    lab.dev(Deviation::AgentActsOnOthers, true);
    assert_eq!(
        post(&mut lab, "1002", "1001", log(Some("x".into()))),
        Ok(202)
    );
}

#[test]
fn other_methods_are_405_unless_client_log_other_methods_accepted() {
    let mut lab = Lab::new(Ucce);
    for method in ["GET", "PUT"] {
        let e = lab
            .m
            .client_log_other_method(Some(&who("1001")), method, lab.now)
            .expect_err(method);
        assert_eq!(kind(&e), (405, "Method Not Allowed"));
    }
    lab.dev(Deviation::ClientLogOtherMethodsAccepted, true);
    assert_eq!(
        lab.m
            .client_log_other_method(Some(&who("1001")), "GET", lab.now)
            .map(|a| a.status),
        Ok(202)
    );
}

#[test]
fn other_methods_still_need_credentials() {
    let mut lab = Lab::new(Ucce);
    let e = lab
        .m
        .client_log_other_method(None, "GET", lab.now)
        .expect_err("no credentials");
    assert_eq!(e.status, 401);
}
