//! User—Get List of Workflows (developer.cisco.com): a user reads its own team's workflows,
//! each with its TriggerSet; another user's list is refused; and the deviations that break
//! each rule.

use super::test_support::*;
use super::*;
use Deployment::Ucce;

fn read(lab: &mut Lab, reader: &str, of: &str) -> Result<doc::Workflows, ApiFailure> {
    lab.m.user_workflows(Some(&who(reader)), of, lab.now)
}

fn names(w: &doc::Workflows) -> Vec<String> {
    w.workflows.iter().map(|w| w.name.clone()).collect()
}

#[test]
fn an_agent_reads_its_teams_workflows_with_trigger_sets_unless_without_trigger_set() {
    let mut lab = Lab::new(Ucce);
    let w = read(&mut lab, "1001", "1001").expect("own workflows");
    assert_eq!(names(&w), ["Ring pop"]);
    let set = w.workflows[0].trigger_set.as_ref().expect("a TriggerSet");
    assert_eq!(
        (set.kind.as_str(), set.name.as_str()),
        ("SYSTEM", "CALL_ARRIVES")
    );
    assert_eq!(set.triggers.len(), 1);
    let other_team = read(&mut lab, "1101", "1101").expect("team B's workflows");
    assert!(other_team.workflows.is_empty(), "team B has no workflow");
    lab.dev(Deviation::UserWorkflowsWithoutTriggerSet, true);
    let w = read(&mut lab, "1001", "1001").expect("own workflows");
    assert!(w.workflows[0].trigger_set.is_none());
}

#[test]
fn another_users_workflows_are_refused_unless_other_users_workflows_readable() {
    let mut lab = Lab::new(Ucce);
    let e = read(&mut lab, "1001", "1002").expect_err("another agent's list");
    assert_eq!(kind(&e), (401, "Invalid Authorization User Specified"));
    assert!(
        read(&mut lab, ADMIN, "1002").is_ok(),
        "an administrator (the mock's choice)"
    );
    lab.dev(Deviation::OtherUsersWorkflowsReadable, true);
    assert_eq!(
        read(&mut lab, "1001", "1002").map(|w| names(&w)),
        Ok(vec!["Ring pop".to_string()])
    );
}

#[test]
fn unknown_credentials_are_401() {
    let stranger = stranger();
    let mut lab = Lab::new(Ucce);
    let e = lab
        .m
        .user_workflows(Some(&stranger), "1001", lab.now)
        .expect_err("unknown credentials");
    assert_eq!(kind(&e), (401, "Authorization Failure"));
}
