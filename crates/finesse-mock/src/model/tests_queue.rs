//! GET /Queue/{id} and GET /User/{id}/Queues (developer.cisco.com "Queue—Get Queue",
//! "Queue—Get List of Queues for User", "Queue API Errors"): the rules on the embedded
//! fixture (Sales 10 for team A, Service 11 for team B and 1001, Unstaffed 12 for no one)
//! and the deviations that break them.

use super::test_support::*;
use super::*;
use Deployment::{Ucce, Uccx};

fn queue(lab: &mut Lab, reader: &str, id: &str) -> doc::Queue {
    lab.m.queue(Some(&who(reader)), id, lab.now).expect("queue")
}

fn stats(lab: &mut Lab, reader: &str, id: &str) -> doc::QueueStatistics {
    queue(lab, reader, id).statistics.expect("statistics")
}

fn listed(lab: &mut Lab, reader: &str, user: &str) -> Vec<String> {
    let list = lab.m.user_queues(Some(&who(reader)), user, lab.now);
    list.expect("queues")
        .queues
        .into_iter()
        .map(|q| q.id)
        .collect()
}

#[test]
fn a_users_queues_are_its_own_and_a_supervisors_also_its_teams() {
    let mut lab = Lab::new(Ucce);
    assert_eq!(listed(&mut lab, "1002", "1002"), ["10"]);
    assert_eq!(
        listed(&mut lab, "1002", "1001"),
        ["10", "11"],
        "any user, for any user"
    );
    // A supervisor of team A: its own queue and its agents' (1001's Service included).
    assert_eq!(listed(&mut lab, "2001", "2001"), ["10", "11"]);
    let list = lab.m.user_queues(Some(&who("1002")), "1002", lab.now);
    assert!(list.expect("queues").queues[0].statistics.is_some());
    lab.dev(Deviation::UserQueuesWithoutStatistics, true);
    let list = lab.m.user_queues(Some(&who("1002")), "1002", lab.now);
    assert_eq!(list.expect("queues").queues[0].statistics, None);
}

#[test]
fn a_queue_names_its_uri_unless_queue_get_wrong_uri() {
    let mut lab = Lab::new(Ucce);
    let q = queue(&mut lab, "1002", "11");
    assert_eq!((q.id.as_str(), q.name.as_str()), ("11", "Service"));
    assert!(q.to_xml().contains("<uri>/finesse/api/Queue/11</uri>"));
    lab.dev(Deviation::QueueGetWrongUri, true);
    assert_ne!(queue(&mut lab, "1002", "11").id, "11");
}

#[test]
fn counts_follow_the_agents_states_unless_queue_statistics_stale() {
    let mut lab = Lab::new(Ucce);
    let before = stats(&mut lab, "1002", "10");
    assert_eq!(
        (before.agents_logged_on, before.agents_not_ready),
        (Some(0), Some(0))
    );
    lab.signed_in("1001", false);
    lab.signed_in("1002", true);
    let s = stats(&mut lab, "1002", "10");
    assert_eq!(
        (s.agents_logged_on, s.agents_ready, s.agents_not_ready),
        (Some(2), Some(1), Some(1))
    );
    // 1001 is also on Service; team B's agents are not signed in.
    let s = stats(&mut lab, "1002", "11");
    assert_eq!((s.agents_not_ready, s.agents_ready), (Some(1), Some(0)));
    lab.dev(Deviation::QueueStatisticsStale, true);
    let s = stats(&mut lab, "1002", "10");
    assert_eq!((s.agents_ready, s.agents_not_ready), (Some(0), Some(0)));
}

#[test]
fn talking_agents_and_waiting_calls_are_counted() {
    let mut lab = Lab::new(Ucce);
    lab.connected("1001", "1003");
    let s = stats(&mut lab, "1002", "10");
    assert_eq!(
        (s.agents_talking_outbound, s.agents_talking_inbound),
        (Some(1), Some(1))
    );
    // A routed call with nobody READY waits in team A's queue.
    lab.signed_in("1004", false);
    lab.post("1004", make(&ext("1004"), "8000"))
        .expect("icd call");
    let s = stats(&mut lab, "1002", "10");
    assert_eq!(s.calls_in_queue, Some(1));
    let start = s.start_time_of_longest_call.expect("a start time");
    assert!(start.ends_with('Z') && !start.contains('.'), "{start}");
}

#[test]
fn an_unassigned_queue_reads_minus_one_unless_unassigned_queue_counted() {
    let mut lab = Lab::new(Ucce);
    let s = stats(&mut lab, "1002", "12");
    assert_eq!(
        s,
        doc::QueueStatistics::default(),
        "numbers -1, start time empty"
    );
    assert!(
        queue(&mut lab, "1002", "12")
            .to_xml()
            .contains("<agentsReady>-1</agentsReady>")
    );
    lab.dev(Deviation::UnassignedQueueCounted, true);
    assert_eq!(stats(&mut lab, "1002", "12").agents_ready, Some(0));
}

#[test]
fn an_unknown_queue_is_404_unless_unknown_queue_returns_400() {
    let mut lab = Lab::new(Ucce);
    let read = |lab: &mut Lab| lab.m.queue(Some(&who("1002")), "987654321", lab.now);
    let e = read(&mut lab).expect_err("unknown");
    assert_eq!(kind(&e), (404, "Not Found"));
    lab.dev(Deviation::UnknownQueueReturns400, true);
    let e = read(&mut lab).expect_err("still refused");
    assert_eq!(kind(&e), (400, "Invalid Input"));
}

#[test]
fn an_unknown_user_is_404_user_not_found_unless_user_queues_unknown_user_empty() {
    let mut lab = Lab::new(Ucce);
    let read = |lab: &mut Lab| {
        lab.m
            .user_queues(Some(&who("1002")), "no-such-user", lab.now)
    };
    let e = read(&mut lab).expect_err("unknown");
    assert_eq!(kind(&e), (404, "User Not Found"));
    lab.dev(Deviation::UserQueuesUnknownUserEmpty, true);
    assert_eq!(read(&mut lab).map(|l| l.queues.len()), Ok(0));
}

#[test]
fn unknown_credentials_are_401_unless_unknown_credentials_accepted() {
    let stranger = stranger();
    let mut lab = Lab::new(Ucce);
    let e = lab
        .m
        .queue(Some(&stranger), "10", lab.now)
        .expect_err("401");
    assert_eq!(kind(&e), (401, "Authorization Failure"));
    let e = lab
        .m
        .user_queues(Some(&stranger), "1001", lab.now)
        .expect_err("401");
    assert_eq!(kind(&e), (401, "Authorization Failure"));
    lab.dev(Deviation::UnknownCredentialsAccepted, true);
    assert!(lab.m.queue(Some(&stranger), "10", lab.now).is_ok());
}

#[test]
fn a_ccx_mock_has_no_queues() {
    let mut lab = Lab::new(Uccx);
    let e = lab
        .m
        .queue(Some(&who("1002")), "10", lab.now)
        .expect_err("CCE only");
    assert_eq!(kind(&e).0, 404);
    assert_eq!(listed(&mut lab, "1002", "1002"), Vec::<String>::new());
}
