//! The preflight of `run --profile`: the doctor's findings applied to the plan. A bad identity
//! leaves its pool; a scenario whose needs can no longer be met (too few usable users of a
//! role, a wrong reason code or MRD it uses, a notification endpoint that fails, a hook it
//! needs that cannot run) is reported inconclusive with the entry and why, and is not run.
//! Doubts never rule a scenario out: they may be the very Finesse behaviour it tests.

use super::{Findings, Line, Pool, Report};
use crate::profile::Profile;
use crate::redact::Redactor;
use crate::scenario::PlannedScenario;
use crate::scenario::needs::Needs;

/// Marks every applicable scenario that the findings rule out; returns how many.
pub(crate) fn mark(plan: &mut [PlannedScenario], f: &Findings, p: &Profile) -> usize {
    let mut n = 0;
    for s in plan.iter_mut().filter(|s| s.skip.is_none()) {
        if let Some(why) = unmet(&s.needs, &s.tags, f, p) {
            s.inconclusive = Some(format!("not run: the preflight ruled it out: {why}"));
            n += 1;
        }
    }
    n
}

fn pool_len(p: &Profile, pool: Pool) -> usize {
    let u = &p.users;
    match pool {
        Pool::Agents => u.agents.len(),
        Pool::Supervisors => u.supervisors.len(),
        Pool::OtherTeamAgents => u.other_team_agents.len(),
        Pool::WrapUpAgents => u.wrap_up_agents.len(),
        Pool::MobileAgents => u.mobile_agents.len(),
        Pool::Admin => usize::from(u.admin.is_some()),
    }
}

/// Why `wanted` users of `pool` cannot be had once the bad ones are left out.
fn short(wanted: usize, pool: Pool, f: &Findings, p: &Profile) -> Option<String> {
    if wanted == 0 {
        return None;
    }
    let bad: Vec<String> = f
        .identities
        .iter()
        .filter(|(e, _)| e.pool == pool)
        .map(|(e, why)| format!("{e}: {why}"))
        .collect();
    let total = pool_len(p, pool);
    let good = total.saturating_sub(bad.len());
    (wanted > good && !bad.is_empty()).then(|| {
        format!(
            "needs {wanted} of {}, but {good} of its {total} passed: {}",
            pool.key(),
            bad.join("; ")
        )
    })
}

/// The hook commands a scenario runs, by key.
fn hook_keys(n: &Needs) -> Vec<&'static str> {
    let mut keys = Vec::new();
    let pairs: [(bool, &[&'static str]); 10] = [
        (
            n.bridge,
            &["conference_bridge_full", "conference_bridge_free"],
        ),
        (
            n.preview,
            &["preview_reservation", "cancel_preview_reservation"],
        ),
        (
            n.direct_preview,
            &["direct_preview_reservation", "cancel_preview_reservation"],
        ),
        (
            n.progressive,
            &["progressive_reservation", "cancel_preview_reservation"],
        ),
        (n.out_of_service, &["out_of_service", "in_service"]),
        (n.partial_service, &["partial_service", "full_service"]),
        (
            n.db_runtime_exception,
            &["db_runtime_exception", "db_runtime_exception_clear"],
        ),
        (
            n.runtime_exception,
            &["runtime_exception", "runtime_exception_clear"],
        ),
        (n.aws_unavailable, &["aws_unavailable", "aws_available"]),
        (
            n.notification_service_down,
            &["notification_service_down", "notification_service_up"],
        ),
    ];
    for (needed, ks) in pairs {
        if needed {
            for k in ks {
                if !keys.contains(k) {
                    keys.push(*k);
                }
            }
        }
    }
    keys
}

/// Why the findings rule this scenario out, if they do.
pub(crate) fn unmet(n: &Needs, tags: &[String], f: &Findings, p: &Profile) -> Option<String> {
    let pools = [
        (n.agents, Pool::Agents),
        (n.supervisors, Pool::Supervisors),
        (usize::from(n.other_team_agent), Pool::OtherTeamAgents),
        (usize::from(n.wrap_up_agent), Pool::WrapUpAgents),
        (usize::from(n.mobile_agent), Pool::MobileAgents),
        (usize::from(n.admin), Pool::Admin),
    ];
    if let Some(why) = pools
        .into_iter()
        .find_map(|(wanted, pool)| short(wanted, pool, f, p))
    {
        return Some(why);
    }
    for (category, kind) in &n.codes {
        let key = if kind == "other team's" {
            "other_team"
        } else {
            kind.as_str()
        };
        if let Some(why) = f.codes.get(&(category.clone(), key.to_string())) {
            return Some(format!(
                "uses test_data.reason_codes.{category}.{key}: {why}"
            ));
        }
    }
    if n.mrd
        && let Some(why) = &f.mrd
    {
        return Some(format!("uses test_data.mrd: {why}"));
    }
    if n.notifications
        && let Some(why) = &f.notifications
    {
        return Some(format!(
            "checks notifications, and capabilities.notifications failed: {why}"
        ));
    }
    let faults = tags.iter().any(|t| t == "requires:fault_injection");
    let keys = hook_keys(n);
    if (faults || !keys.is_empty())
        && let Some(why) = f.hooks.get("control_url")
    {
        return Some(format!(
            "uses the hook, and capabilities.fault_injection.control_url failed: {why}"
        ));
    }
    keys.iter().find_map(|k| {
        f.hooks.get(*k).map(|why| {
            format!("runs capabilities.fault_injection.commands.{k}, which cannot run here: {why}")
        })
    })
}

/// What `run` prints before the first scenario: the problems, and what they rule out.
pub(crate) fn console(r: &Report, plan: &[PlannedScenario], redactor: &Redactor) -> String {
    let ruled_out = plan
        .iter()
        .filter(|s| s.skip.is_none() && s.inconclusive.is_some())
        .count();
    let problems: Vec<&Line> = r.problems().collect();
    if problems.is_empty() {
        return format!("Preflight: the profile matches the lab ({})\n", r.summary());
    }
    let mut out = format!(
        "Preflight: {} problem(s) with the profile ({}; `doctor --profile` shows every check):\n",
        problems.len(),
        r.summary()
    );
    for l in problems {
        out.push_str(&format!("  {}\n", l.render()));
    }
    out.push_str(&format!(
        "Preflight: {ruled_out} scenario(s) will be reported inconclusive instead of run\n"
    ));
    redactor.redact(&out)
}

/// The profile without the identities the preflight left out (the run's pools come from it).
pub(crate) fn usable_profile(p: &Profile, f: &Findings) -> Profile {
    let mut out = p.clone();
    let keep = |pool: Pool, list: &mut Vec<crate::profile::Identity>| {
        let mut i = 0;
        list.retain(|_| {
            let bad = f.identities.keys().any(|e| e.pool == pool && e.index == i);
            i += 1;
            !bad
        });
    };
    let u = &mut out.users;
    keep(Pool::Agents, &mut u.agents);
    keep(Pool::Supervisors, &mut u.supervisors);
    keep(Pool::OtherTeamAgents, &mut u.other_team_agents);
    keep(Pool::WrapUpAgents, &mut u.wrap_up_agents);
    keep(Pool::MobileAgents, &mut u.mobile_agents);
    if f.identities.keys().any(|e| e.pool == Pool::Admin) {
        u.admin = None;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::Entry;
    use super::*;
    use crate::profile::{Identity, Users};

    fn ids(pre: &str, n: usize) -> Vec<Identity> {
        (0..n)
            .map(|i| Identity {
                extension: Some("1".into()),
                ..Identity::for_tests(format!("{pre}{i}"))
            })
            .collect()
    }

    fn profile() -> Profile {
        Profile::for_tests(Users {
            agents: ids("a", 2),
            supervisors: ids("s", 1),
            other_team_agents: ids("o", 1),
            ..Users::default()
        })
    }

    fn bad_second_agent() -> Findings {
        let mut f = Findings::default();
        f.identities.insert(
            Entry {
                pool: Pool::Agents,
                index: 1,
                id: "a1".into(),
            },
            "Finesse has no user with this id".into(),
        );
        f
    }

    #[test]
    fn a_bad_agent_rules_out_only_scenarios_that_need_more_agents_than_remain() {
        let (p, f) = (profile(), bad_second_agent());
        let one = Needs::of_steps(["the agent is READY"]);
        assert_eq!(unmet(&one, &[], &f, &p), None);
        let two = Needs::of_steps(["the second agent is READY"]);
        let why = unmet(&two, &[], &f, &p).expect("ruled out");
        assert!(
            why.contains("needs 2 of users.agents, but 1 of its 2 passed"),
            "{why}"
        );
        assert!(
            why.contains("users.agents[1] (id a1): Finesse has no user"),
            "{why}"
        );
        let kept = usable_profile(&p, &f);
        let left: Vec<&str> = kept.users.agents.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(left, ["a0"]);
    }

    #[test]
    fn wrong_test_data_rules_out_the_scenarios_that_use_it() {
        let p = profile();
        let mut f = Findings::default();
        f.codes.insert(
            ("NOT_READY".into(), "other_team".into()),
            "14 is global".into(),
        );
        f.mrd = Some("5003 is no MRD".into());
        f.notifications = Some("refused".into());
        let code =
            Needs::of_steps(["the list does not hold the other team's NOT_READY reason code"]);
        let why = unmet(&code, &[], &f, &p).expect("code");
        assert!(
            why.contains("reason_codes.NOT_READY.other_team: 14 is global"),
            "{why}"
        );
        let other = Needs::of_steps(["the list holds the team NOT_READY reason code"]);
        assert_eq!(unmet(&other, &[], &f, &p), None);
        let media = Needs::of_steps(["the agent is READY in the media routing domain"]);
        assert!(unmet(&media, &[], &f, &p).is_some_and(|w| w.contains("test_data.mrd")));
        let notify = Needs::of_steps(["the agent receives a User notification"]);
        assert!(unmet(&notify, &[], &f, &p).is_some_and(|w| w.contains("notifications")));
    }

    #[test]
    fn a_hook_that_cannot_run_rules_out_the_scenarios_that_run_it() {
        let p = profile();
        let mut f = Findings::default();
        f.hooks
            .insert("conference_bridge_full".into(), "ssh is not found".into());
        let bridge = Needs::of_steps(["the conference bridge is full"]);
        assert!(
            unmet(&bridge, &[], &f, &p)
                .is_some_and(|w| w.contains("commands.conference_bridge_full"))
        );
        let outage = Needs::of_steps(["Finesse is out of service"]);
        assert_eq!(unmet(&outage, &[], &f, &p), None);
        f.hooks.insert("control_url".into(), "refused".into());
        let tags = vec!["requires:fault_injection".to_string()];
        assert!(unmet(&Needs::default(), &tags, &f, &p).is_some());
    }

    #[test]
    fn marking_leaves_skipped_scenarios_alone() {
        let text = "Feature: F\n  Scenario: two\n    Given the second agent is READY\n\n  Scenario: one\n    Given the agent is READY\n";
        let feature = crate::suite::features::parse("x.feature", text).expect("parse");
        let p = profile();
        let mut plan = crate::suite::plan::build(&[feature], &Default::default(), &p);
        assert_eq!(mark(&mut plan.scenarios, &bad_second_agent(), &p), 1);
        assert!(plan.scenarios[0].inconclusive.is_some());
        assert!(plan.scenarios[1].inconclusive.is_none());
        assert_eq!(
            plan.applicable().count(),
            1,
            "ruled-out scenarios do not run"
        );
    }
}
