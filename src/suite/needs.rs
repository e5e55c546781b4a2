//! What a scenario needs from the target, read from its step texts: which test identities
//! (so they can be leased up front, in one order, without deadlock) and which test data.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::profile::{CodeSet, Profile};

/// A reason code of the profile's test data: (category, kind), e.g. ("NOT_READY", "team").
pub type CodeRef = (String, String);

static CODE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(team|global|system|other team's) (NOT_READY|LOGOUT) reason code").ok()
});

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Needs {
    /// Agents of team A: "the agent" and "the second agent".
    pub agents: usize,
    pub supervisor: bool,
    pub other_team_agent: bool,
    pub codes: BTreeSet<CodeRef>,
    pub mrd: bool,
}

impl Needs {
    pub fn of_steps<'a>(steps: impl IntoIterator<Item = &'a str>) -> Needs {
        let mut n = Needs::default();
        for s in steps {
            if s.contains("the second agent") {
                n.agents = 2;
            } else if s.contains("the agent") || s.contains("the agent's") {
                n.agents = n.agents.max(1);
            }
            n.supervisor |= s.contains("the supervisor");
            n.other_team_agent |= s.contains("the other-team agent");
            n.mrd |= s.contains("media");
            if let Some(re) = CODE.as_ref() {
                for c in re.captures_iter(s) {
                    n.codes.insert((c[2].to_string(), c[1].to_string()));
                }
            }
        }
        n
    }

    /// Why the profile cannot serve this scenario, if it cannot.
    pub fn unmet(&self, p: &Profile) -> Option<String> {
        let u = &p.users;
        if u.agents.len() < self.agents {
            return Some(format!(
                "needs {} agents on one team; the profile lists {} (users.agents)",
                self.agents,
                u.agents.len()
            ));
        }
        if self.supervisor && u.supervisors.is_empty() {
            return Some("needs a supervisor of the agents' team (users.supervisors)".into());
        }
        if self.other_team_agent && u.other_team_agents.is_empty() {
            return Some("needs an agent on another team (users.other_team_agents)".into());
        }
        if self.mrd && p.test_data.mrd.is_none() {
            return Some("needs a media routing domain (test_data.mrd)".into());
        }
        for (cat, kind) in &self.codes {
            if code_id(p, cat, kind).is_none() {
                let key = if kind == "other team's" {
                    "other_team"
                } else {
                    kind.as_str()
                };
                return Some(format!(
                    "needs test_data.reason_codes.{cat}.{key}, which the profile does not set"
                ));
            }
        }
        None
    }
}

/// The database id of a test-data reason code.
pub fn code_id<'p>(p: &'p Profile, category: &str, kind: &str) -> Option<&'p str> {
    let set: &CodeSet = match category {
        "NOT_READY" => &p.test_data.reason_codes.not_ready,
        "LOGOUT" => &p.test_data.reason_codes.logout,
        _ => return None,
    };
    match kind {
        "team" => set.team.as_deref(),
        "global" => set.global.as_deref(),
        "system" => set.system.as_deref(),
        "other team's" | "other_team" => set.other_team.as_deref(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_codes_are_read_from_step_texts() {
        let n = Needs::of_steps([
            "the second agent is NOT_READY",
            "the supervisor sets the agent's state to NOT_READY with the team NOT_READY reason code",
            "the list does not hold the other team's LOGOUT reason code",
        ]);
        assert_eq!(n.agents, 2);
        assert!(n.supervisor && !n.other_team_agent && !n.mrd);
        let codes: Vec<_> = n.codes.iter().map(|(c, k)| format!("{c}/{k}")).collect();
        assert_eq!(codes, ["LOGOUT/other team's", "NOT_READY/team"]);
        let m = Needs::of_steps(["the other-team agent is READY in the media routing domain"]);
        assert_eq!((m.agents, m.other_team_agent, m.mrd), (0, true, true));
    }
}
