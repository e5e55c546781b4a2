//! Every identity of the profile: do its credentials read its own User (G12.5 p.33, U4), and
//! does that User say what the profile claims: its role (`<roles>`), its team (`<teamId>`),
//! and for a supervisor the teams it supervises (`<teams>`, DEV/user). The suite needs two
//! agents on one team ("team A"), supervisors of that team, and an agent on another team.

use std::collections::BTreeMap;
use std::fmt;

use super::{Entry, Line, Pool};
use crate::finesse::models::{ApiErrors, User};
use crate::finesse::{ClientError, Credentials, FinesseClient, Request};
use crate::profile::{Auth, Identity, Profile};

/// What a User document says about its user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Observed {
    pub(crate) roles: Vec<String>,
    pub(crate) team_id: Option<String>,
    /// The teams a supervisor supervises (`<teams><Team><id>`).
    pub(crate) supervises: Vec<String>,
}

impl Observed {
    pub(crate) fn of(u: &User) -> Observed {
        let trimmed = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        Observed {
            roles: u
                .roles
                .as_ref()
                .map(|r| r.role.iter().map(|s| s.trim().to_string()).collect())
                .unwrap_or_default(),
            team_id: trimmed(&u.team_id),
            supervises: u
                .teams
                .as_ref()
                .map(|t| t.teams.iter().filter_map(|t| trimmed(&t.id)).collect())
                .unwrap_or_default(),
        }
    }

    fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r.eq_ignore_ascii_case(role))
    }
}

/// Why a User could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unread {
    pub(crate) why: String,
    /// Finesse refused the identity itself (401, 403, 404): the profile is wrong. Otherwise
    /// (no answer, a 5xx, a body that is no User) the target is at fault, which the run
    /// reports as it meets it; the preflight does not rule scenarios out for it.
    pub(crate) refused: bool,
}

/// One identity's read of its own User.
#[derive(Debug, Clone)]
pub(crate) struct IdentityCheck {
    pub(crate) entry: Entry,
    pub(crate) auth_name: String,
    /// What the User says, or why it could not be read.
    pub(crate) result: Result<Observed, Unread>,
}

impl IdentityCheck {
    /// The credentials work and the User was read.
    pub(crate) fn usable(&self) -> bool {
        self.result.is_ok()
    }

    /// Whether the line's problem is the profile's (and so rules the identity out).
    pub(crate) fn profile_at_fault(&self) -> bool {
        self.result.as_ref().err().is_none_or(|u| u.refused)
    }

    /// The identity's line: unusable, or what its User says against what the profile claims.
    pub(crate) fn line(&self, identity: &Identity, team_a: Option<&str>) -> Line {
        let subject = self.entry.key();
        let who = format!("{} as {}", self.entry.id, self.auth_name);
        match &self.result {
            Err(Unread { why, refused: true }) => Line::problem(
                subject,
                format!("{who}: {why}"),
                read_fix(&self.entry, identity),
            ),
            Err(Unread { why, .. }) => Line::problem(
                subject,
                format!("{who}: {why}"),
                "check base_url and that Finesse is in service (SystemInfo above)",
            ),
            Ok(seen) => {
                let problems = judge(self.entry.pool, identity, seen, team_a);
                if problems.is_empty() {
                    Line::ok(subject, format!("{who}: {}", describe(seen)))
                } else {
                    let (whys, fixes): (Vec<String>, Vec<String>) = problems.into_iter().unzip();
                    Line::problem(
                        subject,
                        format!("{who}: {}", whys.join("; ")),
                        fixes.join("; "),
                    )
                }
            }
        }
    }
}

fn describe(seen: &Observed) -> String {
    let mut s = format!(
        "credentials accepted; roles {}; team {}",
        if seen.roles.is_empty() {
            "none".to_string()
        } else {
            seen.roles.join("+")
        },
        seen.team_id.as_deref().unwrap_or("none")
    );
    if !seen.supervises.is_empty() {
        s.push_str(&format!("; supervises {}", seen.supervises.join(", ")));
    }
    s
}

fn read_fix(entry: &Entry, identity: &Identity) -> String {
    let key = entry.key();
    let login = if identity.login_id.is_some() {
        format!("{key}.login_id")
    } else {
        format!("{key}.id (used as the login)")
    };
    match &identity.auth {
        Auth::Password(_) => format!(
            "check {key}.id (the Finesse user id), {login} and the password's variable; 5 refused passwords in a row lock the user for 5 minutes"
        ),
        Auth::Token(t) => format!(
            "check {key}.id (the Finesse user id), {login} and {}: it must give an unexpired access token of this user",
            t.key
        ),
    }
}

/// Reads the identity's own User with its own credentials.
pub(crate) async fn fetch(
    client: &FinesseClient,
    entry: Entry,
    identity: &Identity,
) -> IdentityCheck {
    let auth_name = identity.auth_name().to_string();
    let path = format!("/finesse/api/User/{}", identity.id);
    let req = Request::get(&path).as_user(Credentials::of(identity));
    let result = match client.send(req).await {
        // No token the target takes (a failed token_command, or a refused token that could
        // not be renewed): the identity's own doing, like a refused password.
        Err(e @ ClientError::Token { .. }) => Err(Unread {
            why: format!("GET {path}: {e}"),
            refused: true,
        }),
        Err(e) => Err(Unread {
            why: format!("GET {path}: {e}"),
            refused: false,
        }),
        Ok(r) if r.status == 200 => {
            r.parse::<User>("User")
                .map(|u| Observed::of(&u))
                .map_err(|e| Unread {
                    why: e.to_string(),
                    refused: false,
                })
        }
        Ok(r) => Err(Unread {
            why: format!(
                "GET {path} answered {}: {}",
                r.describe(),
                refusal_of(identity, r.status, r.api_errors().as_ref())
            ),
            refused: is_refusal(r.status),
        }),
    };
    IdentityCheck {
        entry,
        auth_name,
        result,
    }
}

/// Why Finesse would not show an identity its own User.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Valid credentials of another user than this id.
    OtherUser,
    BadLogin,
    /// The SSO identity's access token.
    TokenRefused,
    Forbidden,
    NoUser,
    OutOfService,
    Unreadable,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Refusal::OtherUser => {
                "the credentials are valid but belong to another user than this id"
            }
            Refusal::BadLogin => {
                "the login or password is refused (or the user is locked after 5 bad passwords)"
            }
            Refusal::TokenRefused => {
                "the access token is refused (expired, revoked, or not this user's)"
            }
            Refusal::Forbidden => "the user may not read its own User",
            Refusal::NoUser => "Finesse has no user with this id",
            Refusal::OutOfService => "Finesse is out of service",
            Refusal::Unreadable => "the User could not be read",
        })
    }
}

/// [`refusal`] for `identity`: a refused login of an SSO identity is its token.
pub(crate) fn refusal_of(identity: &Identity, status: u16, errors: Option<&ApiErrors>) -> Refusal {
    match refusal(status, errors) {
        Refusal::BadLogin if matches!(identity.auth, Auth::Token(_)) => Refusal::TokenRefused,
        kind => kind,
    }
}

/// A status by which Finesse refuses the identity itself (rather than failing).
pub(crate) fn is_refusal(status: u16) -> bool {
    matches!(status, 401 | 403 | 404)
}

/// What a refused read of one's own User means for the profile (G12.5 p.33: 401
/// Authorization Failure, 401 Invalid Authorization User Specified, 404 User Not Found).
pub(crate) fn refusal(status: u16, errors: Option<&ApiErrors>) -> Refusal {
    let kind = errors
        .and_then(|e| e.errors.first())
        .map(|e| e.error_type.trim().to_ascii_lowercase())
        .unwrap_or_default();
    match status {
        401 if kind.contains("user specified") || kind.contains("invalid authorization") => {
            Refusal::OtherUser
        }
        401 => Refusal::BadLogin,
        403 => Refusal::Forbidden,
        404 => Refusal::NoUser,
        503 => Refusal::OutOfService,
        _ => Refusal::Unreadable,
    }
}

/// What is wrong with an identity whose User was read, each with its fix. `team_a` is the
/// agents' team, when known.
pub(crate) fn judge(
    pool: Pool,
    identity: &Identity,
    seen: &Observed,
    team_a: Option<&str>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let list = pool.key();
    let role = |r: &str| {
        (
            format!(
                "its User has no {r} role (roles: {})",
                seen.roles.join(", ")
            ),
            format!("list a user with the {r} role under {list}"),
        )
    };
    match pool {
        Pool::Agents | Pool::WrapUpAgents | Pool::MobileAgents => {
            if !seen.has_role("Agent") {
                out.push(role("Agent"));
            }
            // As a supervisor of its own team, the agent could act on the other agents, and
            // every "agents act on their own User only" check would fail for the wrong reason.
            if seen.has_role("Supervisor") {
                out.push((
                    "its User also has the Supervisor role, so it may act on its team's users"
                        .into(),
                    format!("list an agent without the Supervisor role under {list}"),
                ));
            }
        }
        Pool::OtherTeamAgents => {
            if !seen.has_role("Agent") {
                out.push(role("Agent"));
            }
        }
        Pool::Supervisors => {
            if !seen.has_role("Supervisor") {
                out.push(role("Supervisor"));
            }
        }
        Pool::Admin => {}
    }
    if let (Some(claimed), Some(actual)) = (identity.team_id.as_deref(), seen.team_id.as_deref())
        && claimed.trim() != actual
    {
        out.push((
            format!("the profile says team_id {claimed}; its User's teamId is {actual}"),
            format!("set team_id: \"{actual}\", or list a user of team {claimed}"),
        ));
    }
    if let Some(a) = team_a {
        match pool {
            Pool::Agents | Pool::WrapUpAgents | Pool::MobileAgents => {
                if let Some(t) = seen.team_id.as_deref().filter(|t| *t != a) {
                    out.push((
                        format!("it is on team {t}, the agents' team is {a}"),
                        format!("list an agent of team {a} under {list}"),
                    ));
                }
            }
            Pool::Supervisors if !seen.supervises.iter().any(|t| t == a) => {
                let teams = if seen.supervises.is_empty() {
                    "none".to_string()
                } else {
                    seen.supervises.join(", ")
                };
                out.push((
                    format!(
                        "it does not supervise the agents' team {a} (its User's teams: {teams})"
                    ),
                    format!("list a supervisor of team {a} under {list}"),
                ));
            }
            Pool::OtherTeamAgents if seen.team_id.as_deref() == Some(a) => {
                out.push((
                    format!("it is on the agents' team {a}, not on another team"),
                    format!("list an agent of a team other than {a} under {list}"),
                ));
            }
            _ => {}
        }
    }
    if pool != Pool::Admin && identity.extension.is_none() {
        out.push((
            "no extension: the suite signs this user in with one".into(),
            format!("add extension: to {}", list),
        ));
    }
    out
}

/// The agents' team: the team most agents are on by the profile's `team_id`s, else by their
/// Users' teamId. Ties go to the earlier agent.
pub(crate) fn team_a(p: &Profile, checks: &[IdentityCheck]) -> Option<String> {
    let claimed: Vec<&str> = p
        .users
        .agents
        .iter()
        .filter_map(|a| a.team_id.as_deref().map(str::trim))
        .collect();
    let seen: Vec<&str> = checks
        .iter()
        .filter(|c| c.entry.pool == Pool::Agents)
        .filter_map(|c| c.result.as_ref().ok()?.team_id.as_deref())
        .collect();
    majority(if claimed.is_empty() { &seen } else { &claimed })
}

fn majority(teams: &[&str]) -> Option<String> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (i, t) in teams.iter().enumerate() {
        let e = counts.entry(t).or_insert((0, i));
        e.0 += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
        .map(|(t, _)| t.to_string())
}

/// The administrator: its credentials read an agent's User, which only an administrator
/// (or the agent's supervisor) may (reference §2 U4; the mock lets administrators read any).
/// With the line, whether a problem is the profile's (Finesse refused the administrator).
pub(crate) async fn check_admin(
    client: &FinesseClient,
    admin: Option<(&Entry, &Identity)>,
    agent: Option<&Identity>,
) -> Option<(Line, bool)> {
    let (entry, admin) = admin?;
    let subject = entry.key();
    let Some(agent) = agent else {
        let l = Line::doubt(
            subject,
            "not checked: no agent of the profile could be read, so there is no User to read as the administrator",
        );
        return Some((l, false));
    };
    let path = format!("/finesse/api/User/{}", agent.id);
    let req = Request::get(&path).as_user(Credentials::of(admin));
    let who = format!("{} as {}", admin.id, admin.auth_name());
    Some(match client.send(req).await {
        Ok(r) if r.status == 200 => (
            Line::ok(
                subject,
                format!(
                    "{who}: credentials accepted; reads agent {}'s User",
                    agent.id
                ),
            ),
            false,
        ),
        Ok(r) => {
            let why = match refusal_of(admin, r.status, r.api_errors().as_ref()) {
                Refusal::OtherUser => {
                    "the credentials are valid but are not an administrator's".to_string()
                }
                kind => kind.to_string(),
            };
            let l = Line::problem(
                subject,
                format!("{who}: GET {path} answered {}: {why}", r.describe()),
                "check users.admin's id, login_id and password: it must be the Finesse administrator",
            );
            (l, is_refusal(r.status))
        }
        Err(e) => (
            Line::problem(
                subject,
                format!("{who}: GET {path}: {e}"),
                "check base_url and that Finesse is in service (SystemInfo above)",
            ),
            false,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finesse::models::from_xml;

    fn identity(team: Option<&str>, ext: Option<&str>) -> Identity {
        Identity {
            extension: ext.map(str::to_string),
            team_id: team.map(str::to_string),
            ..Identity::for_tests("1001")
        }
    }

    fn user(xml: &str) -> Observed {
        Observed::of(&from_xml::<User>(xml).expect("user"))
    }

    const AGENT: &str =
        "<User><roles><role>Agent</role></roles><teamId>5000</teamId><teamName>A</teamName></User>";
    const SUPERVISOR: &str = "<User><roles><role>Agent</role><role>Supervisor</role></roles><teamId>5000</teamId>\
        <teams><Team><uri>/finesse/api/Team/5000</uri><id>5000</id><name>A</name></Team><Team><id>5002</id></Team></teams></User>";

    #[test]
    fn a_user_document_gives_roles_team_and_supervised_teams() {
        let s = user(SUPERVISOR);
        assert_eq!(s.roles, ["Agent", "Supervisor"]);
        assert_eq!(s.team_id.as_deref(), Some("5000"));
        assert_eq!(s.supervises, ["5000", "5002"]);
        let a = user(AGENT);
        assert!(a.supervises.is_empty());
    }

    #[test]
    fn an_agent_on_team_a_with_the_agent_role_holds() {
        let ok = judge(
            Pool::Agents,
            &identity(Some("5000"), Some("1001001")),
            &user(AGENT),
            Some("5000"),
        );
        assert!(ok.is_empty(), "{ok:?}");
    }

    #[test]
    fn the_wrong_team_is_named_both_against_the_profile_and_team_a() {
        let p = judge(
            Pool::Agents,
            &identity(Some("5001"), Some("1")),
            &user(AGENT),
            Some("5001"),
        );
        let text: Vec<&str> = p.iter().map(|(w, _)| w.as_str()).collect();
        assert!(
            text[0].contains("team_id 5001") && text[0].contains("teamId is 5000"),
            "{text:?}"
        );
        assert!(
            text[1].contains("on team 5000, the agents' team is 5001"),
            "{text:?}"
        );
    }

    #[test]
    fn an_agent_that_is_also_a_supervisor_is_refused() {
        let p = judge(
            Pool::Agents,
            &identity(None, Some("1")),
            &user(SUPERVISOR),
            Some("5000"),
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].0.contains("Supervisor role"));
    }

    #[test]
    fn a_supervisor_must_supervise_team_a() {
        let sup = identity(None, Some("1"));
        assert!(judge(Pool::Supervisors, &sup, &user(SUPERVISOR), Some("5000")).is_empty());
        assert!(judge(Pool::Supervisors, &sup, &user(SUPERVISOR), Some("5002")).is_empty());
        let p = judge(Pool::Supervisors, &sup, &user(SUPERVISOR), Some("5001"));
        assert!(
            p[0].0.contains("does not supervise the agents' team 5001"),
            "{p:?}"
        );
        let p = judge(Pool::Supervisors, &sup, &user(AGENT), Some("5000"));
        let text: Vec<&str> = p.iter().map(|(w, _)| w.as_str()).collect();
        assert!(text[0].contains("no Supervisor role"), "{text:?}");
        assert!(text[1].contains("teams: none"), "{text:?}");
    }

    #[test]
    fn the_other_team_agent_must_be_elsewhere() {
        let i = identity(None, Some("1"));
        assert!(judge(Pool::OtherTeamAgents, &i, &user(AGENT), Some("5001")).is_empty());
        let p = judge(Pool::OtherTeamAgents, &i, &user(AGENT), Some("5000"));
        assert!(p[0].0.contains("on the agents' team"), "{p:?}");
    }

    #[test]
    fn a_missing_extension_is_a_problem_except_for_the_administrator() {
        let p = judge(Pool::Agents, &identity(None, None), &user(AGENT), None);
        assert!(p[0].0.contains("no extension"), "{p:?}");
        assert!(judge(Pool::Admin, &identity(None, None), &user(AGENT), None).is_empty());
    }

    #[test]
    fn refusals_say_what_is_wrong() {
        let errs = |t: &str| -> ApiErrors {
            from_xml(&format!(
                "<ApiErrors><ApiError><ErrorType>{t}</ErrorType></ApiError></ApiErrors>"
            ))
            .expect("errors")
        };
        let failure = errs("Authorization Failure");
        let other = errs("Invalid Authorization User Specified");
        assert_eq!(refusal(401, Some(&failure)), Refusal::BadLogin);
        assert!(Refusal::BadLogin.to_string().contains("password"));
        assert_eq!(refusal(401, Some(&other)), Refusal::OtherUser);
        assert!(Refusal::OtherUser.to_string().contains("another user"));
        assert_eq!(refusal(404, None), Refusal::NoUser);
        assert!(Refusal::NoUser.to_string().contains("no user with this id"));
        assert_eq!(refusal(401, None), Refusal::BadLogin);
        let mut sso = identity(None, None);
        sso.auth = Auth::Token(crate::profile::TokenSource {
            key: "users.agents[0].token".into(),
            initial: None,
            since: std::time::Instant::now(),
            command: Some("true".into()),
        });
        assert_eq!(refusal_of(&sso, 401, Some(&failure)), Refusal::TokenRefused);
        assert!(
            Refusal::TokenRefused
                .to_string()
                .contains("access token is refused")
        );
        assert_eq!(refusal_of(&sso, 401, Some(&other)), Refusal::OtherUser);
        assert_eq!(
            refusal_of(&identity(None, None), 401, Some(&failure)),
            Refusal::BadLogin
        );
        let entry = Entry {
            pool: Pool::Agents,
            index: 0,
            id: "1001".into(),
        };
        assert!(read_fix(&entry, &sso).contains("users.agents[0].token"));
        assert!(read_fix(&entry, &identity(None, None)).contains("password"));
    }

    #[test]
    fn team_a_is_the_majority_claimed_else_seen() {
        assert_eq!(majority(&["1", "2", "2"]).as_deref(), Some("2"));
        assert_eq!(
            majority(&["2", "1"]).as_deref(),
            Some("2"),
            "ties: the first"
        );
        assert_eq!(majority(&[]), None);
    }
}
