//! The reason codes of `test_data.reason_codes`: does each database id exist, with the
//! category, scope (team, global, other team) and system flag the profile claims
//! (reference §4.7; G12.5 p.52–53).
//!
//! Evidence comes from two reads as an agent: the code itself (`GET /User/{id}/ReasonCode/
//! {rid}`: category, forAll, systemCode) and the user's lists (`GET /User/{id}/ReasonCodes?
//! category=…`: the codes of its teams and the global ones). The suite tests both reads, so a
//! claim is called wrong only when the evidence agrees; where it could be Finesse that is off
//! (a code read as one category but listed under the other, another team's code in the
//! agents' list), the line is a doubt.

use super::{Line, read_document};
use crate::finesse::models::{ReasonCode, ReasonCodes, is_true};
use crate::finesse::{Credentials, FinesseClient, Request};
use crate::profile::{Identity, Profile};

pub(crate) const CATEGORIES: [&str; 2] = ["NOT_READY", "LOGOUT"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Team,
    Global,
    System,
    OtherTeam,
}

impl Kind {
    pub(crate) const ALL: [Kind; 4] = [Kind::Team, Kind::Global, Kind::System, Kind::OtherTeam];

    /// The profile key (and the key of `Findings::codes`).
    pub(crate) fn key(self) -> &'static str {
        match self {
            Kind::Team => "team",
            Kind::Global => "global",
            Kind::System => "system",
            Kind::OtherTeam => "other_team",
        }
    }
}

/// One code the profile claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Claim {
    pub(crate) category: &'static str,
    pub(crate) kind: Kind,
    pub(crate) id: String,
}

impl Claim {
    pub(crate) fn subject(&self) -> String {
        format!(
            "test_data.reason_codes.{}.{}",
            self.category,
            self.kind.key()
        )
    }
}

/// Every code the profile sets.
pub(crate) fn claims(p: &Profile) -> Vec<Claim> {
    let mut out = Vec::new();
    for category in CATEGORIES {
        for kind in Kind::ALL {
            if let Some(id) = crate::scenario::needs::code_id(p, category, kind.key()) {
                out.push(Claim {
                    category,
                    kind,
                    id: id.trim().to_string(),
                });
            }
        }
    }
    out
}

/// The code as read by id.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Object {
    Found(ReasonCode),
    /// 404: no code has this database id.
    NotFound,
    /// Any other answer, or none.
    Unreadable(String),
}

/// One user's lists, by category: (database id, code value) of each code listed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Lists {
    pub(crate) who: String,
    pub(crate) not_ready: Option<Vec<(String, String)>>,
    pub(crate) logout: Option<Vec<(String, String)>>,
}

impl Lists {
    fn of(&self, category: &str) -> Option<&Vec<(String, String)>> {
        match category {
            "NOT_READY" => self.not_ready.as_ref(),
            _ => self.logout.as_ref(),
        }
    }

    /// Whether `id` is listed under `category`; None when that list could not be read.
    pub(crate) fn holds(&self, category: &str, id: &str) -> Option<bool> {
        self.of(category).map(|l| l.iter().any(|(i, _)| i == id))
    }

    /// A listed code whose `<code>` value is `value` (a profile that gave codes, not ids).
    fn by_value(&self, value: &str) -> Option<(&str, &str)> {
        CATEGORIES.iter().find_map(|c| {
            self.of(c)?
                .iter()
                .find(|(_, code)| code == value)
                .map(|(id, _)| (id.as_str(), *c))
        })
    }
}

/// What the doctor concluded about one claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Judgement {
    Holds(String),
    Wrong { why: String, fix: String },
    Doubt(String),
}

fn other(category: &str) -> &'static str {
    if category == "NOT_READY" {
        "LOGOUT"
    } else {
        "NOT_READY"
    }
}

/// Judges a claim from the code object and the lists of an agent of team A (`agent`) and of
/// the other-team agent (`other`).
pub(crate) fn judge(
    claim: &Claim,
    object: &Object,
    agent: Option<&Lists>,
    other_lists: Option<&Lists>,
) -> Judgement {
    let (cat, id) = (claim.category, claim.id.as_str());
    let rc = match object {
        Object::NotFound => {
            let hint = [agent, other_lists]
                .into_iter()
                .flatten()
                .find_map(|l| l.by_value(id))
                .map(|(real, c)| {
                    format!(
                        "; {id} is the <code> of the {c} reason code whose database id is {real}"
                    )
                })
                .unwrap_or_default();
            return Judgement::Wrong {
                why: format!("no reason code has database id {id} (404){hint}"),
                fix:
                    "use the database id: the number at the end of the code's <uri>, not its <code>"
                        .into(),
            };
        }
        Object::Unreadable(why) => return Judgement::Doubt(format!("not checked: {why}")),
        Object::Found(rc) => rc,
    };
    let read_cat = rc.category.as_deref().map(str::trim);
    let listed = |c: &str| -> bool {
        [agent, other_lists]
            .into_iter()
            .flatten()
            .any(|l| l.holds(c, id) == Some(true))
    };
    let for_cat = read_cat == Some(cat) || listed(cat);
    let against = read_cat == Some(other(cat)) || listed(other(cat));
    if against && !for_cat {
        return Judgement::Wrong {
            why: format!("{id} is a {} reason code, not {cat}", other(cat)),
            fix: format!(
                "move it to test_data.reason_codes.{}, or use a {cat} code",
                other(cat)
            ),
        };
    }
    let mut doubts = Vec::new();
    if against && for_cat {
        doubts.push(format!(
            "Finesse is not consistent about its category (read as {}, listed under {})",
            read_cat.unwrap_or("none"),
            if listed(cat) { cat } else { other(cat) }
        ));
    }
    let system = rc.system_code.as_deref().map(|v| is_true(Some(v)));
    let for_all = rc.for_all.as_deref().map(|v| is_true(Some(v)));
    let wrong = |why: String, fix: &str| Judgement::Wrong {
        why,
        fix: fix.to_string(),
    };
    match (claim.kind, system) {
        (Kind::System, Some(false)) => {
            return wrong(
                format!("{id} is not a system code (systemCode false)"),
                "use a code with systemCode true (defined by the platform)",
            );
        }
        (Kind::System, None) => doubts.push("the code does not say systemCode".into()),
        (k, Some(true)) if k != Kind::System => {
            return wrong(
                format!("{id} is a system code (systemCode true)"),
                &format!(
                    "move it to test_data.reason_codes.{cat}.system, or use a code an agent may pick"
                ),
            );
        }
        _ => {}
    }
    let first_agent = agent.map(|l| l.who.as_str()).unwrap_or("the agent");
    match claim.kind {
        Kind::Global => match for_all {
            Some(true) => {}
            Some(false) => {
                return wrong(
                    format!("{id} is assigned to teams (forAll false), not global"),
                    "use a code with forAll true",
                );
            }
            None => doubts.push("the code does not say forAll".into()),
        },
        Kind::Team => {
            if for_all == Some(true) {
                return wrong(
                    format!("{id} is global (forAll true), not a team code"),
                    "use a code assigned to the agents' team only (forAll false)",
                );
            }
            match agent.and_then(|l| l.holds(cat, id)) {
                Some(true) => {}
                Some(false) => {
                    return wrong(
                        format!(
                            "{id} is not in {first_agent}'s {cat} list: it is not assigned to the agents' team"
                        ),
                        "use a code assigned to the agents' team (or assign it in the Finesse administration)",
                    );
                }
                None => doubts.push(format!(
                    "team assignment not checked: {first_agent}'s {cat} list could not be read"
                )),
            }
        }
        Kind::OtherTeam => {
            if for_all == Some(true) {
                return wrong(
                    format!("{id} is global (forAll true), not another team's code"),
                    "use a code assigned to the other team only (forAll false)",
                );
            }
            match other_lists.map(|l| (l.who.as_str(), l.holds(cat, id))) {
                Some((who, Some(false))) => {
                    return wrong(
                        format!("{id} is not in {who}'s {cat} list: it is not assigned to the other team"),
                        "use a code assigned to the other-team agent's team",
                    );
                }
                Some((_, Some(true))) => {}
                _ => doubts.push("the other team's assignment not checked: no other-team agent's list could be read".into()),
            }
            // Listed for team A too: assigned to both teams, or Finesse lists other teams'
            // codes (rule reasoncode.list-per-user). The suite tells these apart.
            if agent.and_then(|l| l.holds(cat, id)) == Some(true) {
                doubts.push(format!(
                    "it is also in {first_agent}'s {cat} list: either it is assigned to the agents' team too (then choose another code) or Finesse lists other teams' codes"
                ));
            }
        }
        Kind::System => {}
    }
    if doubts.is_empty() {
        let label = rc
            .label
            .as_deref()
            .map(|l| format!(" \"{}\"", l.trim()))
            .unwrap_or_default();
        Judgement::Holds(format!(
            "{id}{label}: {cat}, {}",
            match claim.kind {
                Kind::Team => "assigned to the agents' team",
                Kind::Global => "global",
                Kind::System => "a system code",
                Kind::OtherTeam => "assigned to the other team",
            }
        ))
    } else {
        Judgement::Doubt(format!("{id}: {}", doubts.join("; ")))
    }
}

impl Judgement {
    pub(crate) fn line(self, subject: String) -> Line {
        match self {
            Judgement::Holds(t) => Line::ok(subject, t),
            Judgement::Wrong { why, fix } => Line::problem(subject, why, fix),
            Judgement::Doubt(t) => Line::doubt(subject, t),
        }
    }
}

fn creds(i: &Identity) -> Credentials {
    Credentials::of(i)
}

async fn read_lists(client: &FinesseClient, who: &Identity) -> Lists {
    let read = |category: &'static str| async move {
        let path = format!(
            "/finesse/api/User/{}/ReasonCodes?category={category}",
            who.id
        );
        let req = Request::get(path).as_user(creds(who));
        let list: ReasonCodes = read_document(client, req, "ReasonCodes").await?;
        Some(
            list.codes
                .iter()
                .filter_map(|c| {
                    let id = c.database_id()?.trim().to_string();
                    Some((id, c.code.clone().unwrap_or_default().trim().to_string()))
                })
                .collect(),
        )
    };
    let (not_ready, logout) = futures::join!(read("NOT_READY"), read("LOGOUT"));
    Lists {
        who: who.id.clone(),
        not_ready,
        logout,
    }
}

async fn read_object(client: &FinesseClient, who: &Identity, id: &str) -> Object {
    let path = format!("/finesse/api/User/{}/ReasonCode/{id}", who.id);
    match client.send(Request::get(&path).as_user(creds(who))).await {
        Ok(r) if r.status == 200 => match r.parse::<ReasonCode>("ReasonCode") {
            Ok(rc) => Object::Found(rc),
            Err(e) => Object::Unreadable(e.to_string()),
        },
        Ok(r) if r.status == 404 => Object::NotFound,
        Ok(r) => Object::Unreadable(format!("GET {path} answered {}", r.describe())),
        Err(e) => Object::Unreadable(e.to_string()),
    }
}

/// Reads what it needs as `agent` (of team A) and `other` (the other-team agent) and judges
/// every claim. Without a usable agent nothing can be read: each claim is a doubt.
pub(crate) async fn check(
    client: &FinesseClient,
    p: &Profile,
    agent: Option<&Identity>,
    other: Option<&Identity>,
) -> Vec<(Claim, Line)> {
    let claims = claims(p);
    if claims.is_empty() {
        return Vec::new();
    }
    let Some(agent) = agent else {
        return claims
            .into_iter()
            .map(|c| {
                let l = Line::doubt(
                    c.subject(),
                    format!(
                        "{}: not checked: no agent of the profile could be read",
                        c.id
                    ),
                );
                (c, l)
            })
            .collect();
    };
    let objects =
        futures::future::join_all(claims.iter().map(|c| read_object(client, agent, &c.id)));
    let other_lists = async {
        match other {
            Some(o) => Some(read_lists(client, o).await),
            None => None,
        }
    };
    let (objects, agent_lists, other_lists) =
        futures::join!(objects, read_lists(client, agent), other_lists);
    claims
        .into_iter()
        .zip(objects)
        .map(|(c, object)| {
            let j = judge(&c, &object, Some(&agent_lists), other_lists.as_ref());
            let l = j.line(c.subject());
            (c, l)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(cat: &str, for_all: &str, system: &str) -> Object {
        Object::Found(ReasonCode {
            uri: Some("/finesse/api/ReasonCode/12".into()),
            category: Some(cat.into()),
            code: Some("3".into()),
            label: Some("Huddle".into()),
            for_all: Some(for_all.into()),
            system_code: Some(system.into()),
            id: None,
        })
    }

    fn lists(who: &str, nr: &[&str], lo: &[&str]) -> Lists {
        let l = |ids: &[&str]| {
            Some(
                ids.iter()
                    .map(|i| (i.to_string(), format!("c{i}")))
                    .collect(),
            )
        };
        Lists {
            who: who.into(),
            not_ready: l(nr),
            logout: l(lo),
        }
    }

    fn claim(category: &'static str, kind: Kind) -> Claim {
        Claim {
            category,
            kind,
            id: "12".into(),
        }
    }

    fn is_wrong(j: &Judgement, part: &str) -> bool {
        matches!(j, Judgement::Wrong { why, .. } if why.contains(part))
    }

    #[test]
    fn a_team_code_in_the_agents_list_holds() {
        let j = judge(
            &claim("NOT_READY", Kind::Team),
            &code("NOT_READY", "false", "false"),
            Some(&lists("1001", &["10", "12"], &[])),
            Some(&lists("1101", &["10"], &[])),
        );
        assert!(matches!(j, Judgement::Holds(_)), "{j:?}");
    }

    #[test]
    fn a_code_of_the_other_category_is_wrong() {
        let j = judge(
            &claim("NOT_READY", Kind::Team),
            &code("LOGOUT", "false", "false"),
            Some(&lists("1001", &[], &["12"])),
            None,
        );
        assert!(
            is_wrong(&j, "is a LOGOUT reason code, not NOT_READY"),
            "{j:?}"
        );
    }

    #[test]
    fn a_code_read_as_one_category_but_listed_under_the_claimed_one_is_a_doubt() {
        // Finesse mislabelling its code (rule reasoncode.get-by-id) is not a profile mistake.
        let j = judge(
            &claim("NOT_READY", Kind::Team),
            &code("LOGOUT", "false", "false"),
            Some(&lists("1001", &["12"], &[])),
            None,
        );
        assert!(
            matches!(&j, Judgement::Doubt(t) if t.contains("not consistent")),
            "{j:?}"
        );
    }

    #[test]
    fn an_unknown_id_is_wrong_and_a_code_value_is_recognised() {
        let j = judge(
            &Claim {
                category: "NOT_READY",
                kind: Kind::Team,
                id: "c13".into(),
            },
            &Object::NotFound,
            Some(&lists("1001", &["13"], &[])),
            None,
        );
        assert!(is_wrong(&j, "no reason code has database id c13"), "{j:?}");
        assert!(is_wrong(&j, "database id is 13"), "{j:?}");
    }

    #[test]
    fn scope_and_system_flag_are_checked() {
        let agent = lists("1001", &["10", "12"], &[]);
        let other = lists("1101", &["10", "14"], &[]);
        let j =
            |kind, obj: Object| judge(&claim("NOT_READY", kind), &obj, Some(&agent), Some(&other));
        // (the profile's kind, the code's forAll and systemCode, what the doctor says)
        for (kind, global, system, says) in [
            (Kind::Global, "false", "false", "not global"),
            (Kind::Team, "true", "false", "is global"),
            (Kind::System, "false", "false", "not a system code"),
            (Kind::Team, "false", "true", "is a system code"),
            // 12 is the agents' team's: not in the other-team agent's list.
            (Kind::OtherTeam, "false", "false", "not in 1101's"),
        ] {
            let got = j(kind, code("NOT_READY", global, system));
            assert!(is_wrong(&got, says), "{kind:?} {global} {system}: {got:?}");
        }
        let sys = judge(
            &claim("NOT_READY", Kind::System),
            &code("NOT_READY", "false", "true"),
            Some(&agent),
            None,
        );
        assert!(matches!(sys, Judgement::Holds(_)), "{sys:?}");
    }

    #[test]
    fn another_teams_code_also_in_the_agents_list_is_a_doubt_not_a_mistake() {
        // Either the profile is wrong or Finesse lists every team's codes (a rule the suite
        // tests); only the suite can tell.
        let both = lists("1001", &["12"], &[]);
        let other = lists("1101", &["12"], &[]);
        let j = judge(
            &claim("NOT_READY", Kind::OtherTeam),
            &code("NOT_READY", "false", "false"),
            Some(&both),
            Some(&other),
        );
        assert!(
            matches!(&j, Judgement::Doubt(t) if t.contains("also in 1001's")),
            "{j:?}"
        );
    }

    #[test]
    fn an_unreadable_code_is_a_doubt() {
        let j = judge(
            &claim("LOGOUT", Kind::Global),
            &Object::Unreadable("503".into()),
            None,
            None,
        );
        assert!(matches!(j, Judgement::Doubt(_)));
    }
}
