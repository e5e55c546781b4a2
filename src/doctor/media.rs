//! `test_data.mrd`: the valid media routing domain exists for the agent, and the unknown one
//! does not (reference §5; TR/media-get-list, TR/media-get-media: 404 for an unknown mrdId).
//! Media is UCCE only; on UCCX there is nothing to check.
//!
//! The list (`GET /User/{id}/Media`) and the single object (`GET /User/{id}/Media/{mrd}`)
//! are both read: the suite tests the list, so an MRD missing from it but readable alone is a
//! doubt, not a mistake in the profile.

use super::{Line, read_document};
use crate::finesse::models::MediaList;
use crate::finesse::{Credentials, FinesseClient, Request};
use crate::profile::{Deployment, Identity, Profile};

/// How one read answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    Status(u16),
    /// No answer (transport error).
    Failed(String),
}

/// The valid MRD: in the list, or at least readable alone.
pub(crate) fn judge_valid(id: &str, listed: Option<&[String]>, single: &Answer) -> Line {
    let subject = "test_data.mrd.valid";
    let in_list = listed.map(|l| l.iter().any(|m| m == id));
    match (in_list, single) {
        (Some(true), _) => Line::ok(subject, format!("{id} is in the agent's media list")),
        (_, Answer::Status(404)) => Line::problem(
            subject,
            format!(
                "{id} is no media routing domain of the agent (GET Media/{id} answered 404{})",
                listed
                    .map(|l| format!("; the agent's media list holds {l:?}"))
                    .unwrap_or_default()
            ),
            "set test_data.mrd.valid to an MRD id from GET /finesse/api/User/<agent>/Media",
        ),
        (Some(false), Answer::Status(200)) => Line::doubt(
            subject,
            format!("{id} answers GET Media/{id} but is not in the agent's media list"),
        ),
        (None, Answer::Status(200)) => Line::ok(subject, format!("{id} answers GET Media/{id}")),
        (_, Answer::Status(s)) => {
            Line::doubt(subject, format!("not checked: GET Media/{id} answered {s}"))
        }
        (_, Answer::Failed(e)) => Line::doubt(subject, format!("not checked: {e}")),
    }
}

/// The unknown MRD: Finesse must not know it. A 404 is what the guide gives; another
/// refusal still shows it is unknown (the suite checks the status).
pub(crate) fn judge_unknown(id: &str, listed: Option<&[String]>, single: &Answer) -> Line {
    let subject = "test_data.mrd.unknown";
    if listed.is_some_and(|l| l.iter().any(|m| m == id)) {
        return Line::problem(
            subject,
            format!("{id} is in the agent's media list: it exists"),
            "set test_data.mrd.unknown to an id no MRD has",
        );
    }
    match single {
        Answer::Status(404) => Line::ok(subject, format!("{id} is unknown (404)")),
        Answer::Status(200) => Line::problem(
            subject,
            format!("{id} exists: GET Media/{id} answered 200"),
            "set test_data.mrd.unknown to an id no MRD has",
        ),
        Answer::Status(401) => {
            Line::doubt(subject, format!("not checked: GET Media/{id} answered 401"))
        }
        Answer::Status(s) => Line::ok(
            subject,
            format!(
                "{id} is unknown (GET Media/{id} answered {s}; the guide says 404, which the suite checks)"
            ),
        ),
        Answer::Failed(e) => Line::doubt(subject, format!("not checked: {e}")),
    }
}

/// Reads the agent's media list and each test MRD.
pub(crate) async fn check(
    client: &FinesseClient,
    p: &Profile,
    deployment: Option<Deployment>,
    agent: Option<&Identity>,
) -> Vec<Line> {
    let Some(mrd) = &p.test_data.mrd else {
        return Vec::new();
    };
    if deployment == Some(Deployment::Uccx) {
        return vec![Line::info(
            "test_data.mrd",
            "not checked: the Media API is UCCE only and the target is UCCX",
        )];
    }
    let Some(agent) = agent else {
        return vec![Line::doubt(
            "test_data.mrd",
            "not checked: no agent of the profile could be read",
        )];
    };
    let creds = || Credentials::of(agent);
    let base = format!("/finesse/api/User/{}/Media", agent.id);
    let one = |id: String| {
        let path = format!("{base}/{id}");
        async move {
            match client.send(Request::get(path).as_user(creds())).await {
                Ok(r) => Answer::Status(r.status),
                Err(e) => Answer::Failed(e.to_string()),
            }
        }
    };
    let list = async {
        let req = Request::get(&base).as_user(creds());
        let list: MediaList = read_document(client, req, "MediaList").await?;
        Some(
            list.media
                .iter()
                .filter_map(|m| m.id.as_deref().map(|i| i.trim().to_string()))
                .collect::<Vec<String>>(),
        )
    };
    let (listed, valid, unknown) =
        futures::join!(list, one(mrd.valid.clone()), one(mrd.unknown.clone()));
    vec![
        judge_valid(&mrd.valid, listed.as_deref(), &valid),
        judge_unknown(&mrd.unknown, listed.as_deref(), &unknown),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::Status;
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_valid_mrd_is_in_the_list_or_readable() {
        let list = ids(&["5001", "5002"]);
        assert_eq!(
            judge_valid("5001", Some(&list), &Answer::Status(200)).status,
            Status::Ok
        );
        let gone = judge_valid("5003", Some(&list), &Answer::Status(404));
        assert_eq!(gone.status, Status::Problem);
        assert!(gone.text.contains("5001"), "names what exists: {gone:?}");
        // Missing from the list, yet readable: perhaps Finesse's list is wrong (rule media.list).
        assert_eq!(
            judge_valid("5003", Some(&list), &Answer::Status(200)).status,
            Status::Doubt
        );
        assert_eq!(
            judge_valid("5003", None, &Answer::Status(200)).status,
            Status::Ok
        );
        assert_eq!(
            judge_valid("5003", None, &Answer::Failed("x".into())).status,
            Status::Doubt
        );
    }

    #[test]
    fn an_unknown_mrd_must_not_exist() {
        let list = ids(&["5001"]);
        assert_eq!(
            judge_unknown("9999", Some(&list), &Answer::Status(404)).status,
            Status::Ok
        );
        assert_eq!(
            judge_unknown("5001", Some(&list), &Answer::Status(200)).status,
            Status::Problem
        );
        assert_eq!(
            judge_unknown("5009", None, &Answer::Status(200)).status,
            Status::Problem
        );
        // Another refusal still says unknown; whether it is the right one is the suite's job.
        assert_eq!(
            judge_unknown("9999", None, &Answer::Status(400)).status,
            Status::Ok
        );
    }
}
