//! The mock's fixture: users, teams, reason codes and MRDs, from YAML.
//! A default fixture is embedded (fixtures/default.yaml).
//!
//! The public view is read-only but for the users' passwords: the fixture's facts are what a
//! lab engineer writes into a lab profile (the harness's embedded-mock profile reads them).

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

pub use crate::model::calls::DialedNumber;
pub use crate::model::directory::UserDef;
use crate::model::directory::{Directory, TeamDef};
pub use crate::model::media::MrdDef;
pub use crate::model::queues::QueueDef;
pub use crate::model::reason_codes::{Category, ReasonCodeDef};
pub use crate::model::team_resources::PhoneBookDef;
pub use crate::model::user_workflows::WorkflowDef;
pub use crate::model::wrap_up_reasons::WrapUpReasonDef;
use finesse_protocol::{Deployment, Secret};

const DEFAULT_FIXTURE: &str = include_str!("../fixtures/default.yaml");

/// A validated fixture.
#[derive(Debug, Clone)]
pub struct Fixture {
    pub(crate) deployment: Deployment,
    pub(crate) xmpp_domain: String,
    pub(crate) directory: Directory,
    pub(crate) reason_codes: Vec<ReasonCodeDef>,
    /// Wrap-up reasons, global or per team (G12.5 p.54, p.244).
    pub(crate) wrap_up_reasons: Vec<WrapUpReasonDef>,
    /// Phone books, global or per team (TeamResource—Get Phone Books).
    pub(crate) phone_books: Vec<PhoneBookDef>,
    /// Workflows assigned to teams (User—Get List of Workflows).
    pub(crate) workflows: Vec<WorkflowDef>,
    /// Queues (skill groups) assigned to teams' agents or to users (Queue—Get Queue).
    pub(crate) queues: Vec<QueueDef>,
    pub(crate) mrds: Vec<MrdDef>,
    /// Numbers that route to a READY agent of a team (ICD calls).
    pub(crate) dialed_numbers: Vec<DialedNumber>,
    /// Extensions of phones no user owns. A sign-in may name any user's extension or one of
    /// these; any other fails as Invalid Device (G12.5 p30).
    pub(crate) devices: Vec<String>,
    /// Phones that exist but are out of service: a call to one fails with the CTI error
    /// CF_RESOURCE_OUT_OF_SERVICE (the Dialog CTI error notification's sample).
    pub(crate) out_of_service_devices: Vec<String>,
    /// Conferences the CUCM bridge can hold at once (barge needs one, G12.5 p.102).
    pub(crate) conference_bridges: usize,
    /// How long WORK and WORK_READY last before the wrap-up timer expires.
    pub(crate) wrap_up_timer: Duration,
    /// True for the embedded fixture, whose passwords are public test values.
    pub(crate) embedded: bool,
}

/// Why a fixture cannot be used. Each renders as one line that names the file (and the key).
#[derive(Debug)]
pub enum FixtureError {
    /// The file cannot be read.
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Not YAML of the fixture's shape (serde-saphyr's message names the line, column and key).
    Syntax { origin: String, message: String },
    /// A value breaks one of the fixture's rules; `key` is its path, e.g. `users[0].team`.
    Invalid {
        origin: String,
        key: String,
        problem: String,
    },
}

impl fmt::Display for FixtureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FixtureError::Read { path, source } => {
                write!(f, "fixture {}: cannot read: {source}", path.display())
            }
            FixtureError::Syntax { origin, message } => write!(f, "fixture {origin}: {message}"),
            FixtureError::Invalid {
                origin,
                key,
                problem,
            } => write!(f, "fixture {origin}: {key}: {problem}"),
        }
    }
}

impl std::error::Error for FixtureError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FixtureError::Read { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFixture {
    #[serde(default)]
    deployment: Option<String>,
    #[serde(default)]
    xmpp_domain: Option<String>,
    teams: Vec<RawTeam>,
    users: Vec<RawUser>,
    #[serde(default)]
    reason_codes: Vec<RawReasonCode>,
    #[serde(default)]
    wrap_up_reasons: Vec<RawWrapUpReason>,
    #[serde(default)]
    phone_books: Vec<PhoneBookDef>,
    #[serde(default)]
    workflows: Vec<WorkflowDef>,
    #[serde(default)]
    queues: Vec<QueueDef>,
    #[serde(default)]
    mrds: Vec<RawMrd>,
    #[serde(default)]
    dialed_numbers: Vec<RawDialedNumber>,
    #[serde(default)]
    devices: Vec<String>,
    #[serde(default)]
    out_of_service_devices: Vec<String>,
    #[serde(default)]
    conference_bridges: Option<usize>,
    #[serde(default)]
    wrap_up_timer_ms: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDialedNumber {
    number: String,
    team: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTeam {
    id: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUser {
    id: String,
    #[serde(default)]
    login_id: Option<String>,
    password: String,
    #[serde(default)]
    first_name: Option<String>,
    #[serde(default)]
    last_name: Option<String>,
    #[serde(default)]
    extension: Option<String>,
    #[serde(default)]
    team: Option<String>,
    roles: Vec<String>,
    #[serde(default)]
    supervises: Vec<String>,
    #[serde(default)]
    wrap_up: bool,
    /// Configured as a Unified Mobile Agent (CCE).
    #[serde(default)]
    mobile_agent: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReasonCode {
    id: String,
    category: String,
    code: String,
    label: String,
    #[serde(default)]
    for_all: bool,
    #[serde(default)]
    system: bool,
    #[serde(default)]
    teams: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWrapUpReason {
    id: String,
    label: String,
    #[serde(default)]
    for_all: bool,
    #[serde(default)]
    teams: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMrd {
    id: String,
    name: String,
    #[serde(default)]
    description: Option<String>,
}

impl Fixture {
    /// The fixture built into the mock (fixtures/default.yaml), whose passwords are public
    /// test values.
    pub fn embedded() -> Fixture {
        // The embedded fixture is validated by a unit test; a failure here is a build bug.
        match Fixture::from_yaml(DEFAULT_FIXTURE, "fixtures/default.yaml") {
            Ok(mut f) => {
                f.embedded = true;
                f
            }
            Err(e) => panic!("embedded fixture is invalid: {e}"),
        }
    }

    /// A fixture file.
    pub fn load(path: &Path) -> Result<Fixture, FixtureError> {
        let text = std::fs::read_to_string(path).map_err(|source| FixtureError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Fixture::from_yaml(&text, &path.display().to_string())
    }

    /// The users who can sign in.
    pub fn users(&self) -> &[UserDef] {
        &self.directory.users
    }

    /// Gives every user `password` (for tests that look for a password where it must not be).
    pub fn set_passwords(&mut self, password: &str) {
        for u in &mut self.directory.users {
            u.password = Secret::new(password);
        }
    }

    pub fn reason_codes(&self) -> &[ReasonCodeDef] {
        &self.reason_codes
    }

    pub fn wrap_up_reasons(&self) -> &[WrapUpReasonDef] {
        &self.wrap_up_reasons
    }

    /// Queues (skill groups), each assigned to teams' agents and users, or to no one.
    pub fn queues(&self) -> &[QueueDef] {
        &self.queues
    }

    /// The non-voice Media Routing Domains.
    pub fn mrds(&self) -> &[MrdDef] {
        &self.mrds
    }

    /// Numbers that route to a READY agent of a team (ICD calls).
    /// Phones that exist but are out of service (a call to one fails in CTI).
    pub fn out_of_service_devices(&self) -> &[String] {
        &self.out_of_service_devices
    }

    pub fn dialed_numbers(&self) -> &[DialedNumber] {
        &self.dialed_numbers
    }

    /// How long WORK and WORK_READY last before the wrap-up timer expires.
    pub fn wrap_up_timer(&self) -> Duration {
        self.wrap_up_timer
    }

    /// The fixture in `text`, read from `origin` (named in errors).
    pub(crate) fn from_yaml(text: &str, origin: &str) -> Result<Fixture, FixtureError> {
        let raw: RawFixture = parse_yaml(text, origin)?;
        let err = |key: String, msg: &str| FixtureError::Invalid {
            origin: origin.to_string(),
            key,
            problem: msg.to_string(),
        };
        let deployment = match raw.deployment.as_deref() {
            None => Deployment::Ucce,
            Some(d) => d
                .parse()
                .map_err(|_| err("deployment".into(), "must be UCCE or UCCX"))?,
        };
        let team_ids: HashSet<&str> = raw.teams.iter().map(|t| t.id.as_str()).collect();
        let mut seen = HashSet::new();
        let mut users = Vec::new();
        for (i, u) in raw.users.iter().enumerate() {
            let key = |k: &str| format!("users[{i}].{k}");
            if !seen.insert(u.id.as_str()) {
                return Err(err(key("id"), &format!("duplicate user id {}", u.id)));
            }
            for r in &u.roles {
                if !matches!(r.as_str(), "Agent" | "Supervisor" | "Administrator") {
                    return Err(err(
                        key("roles"),
                        &format!("unknown role {r} (use Agent, Supervisor or Administrator)"),
                    ));
                }
            }
            for t in u.team.iter().chain(&u.supervises) {
                if !team_ids.contains(t.as_str()) {
                    return Err(err(key("team"), &format!("team {t} is not in teams")));
                }
            }
            let has = |r: &str| u.roles.iter().any(|x| x == r);
            users.push(UserDef {
                id: u.id.clone(),
                login_id: u.login_id.clone().unwrap_or_else(|| u.id.clone()),
                password: Secret::new(u.password.clone()),
                first_name: u.first_name.clone().unwrap_or_default(),
                last_name: u.last_name.clone().unwrap_or_default(),
                extension: u.extension.clone(),
                team: u.team.clone(),
                agent: has("Agent"),
                supervisor: has("Supervisor"),
                admin: has("Administrator"),
                supervises: u.supervises.clone(),
                wrap_up: u.wrap_up,
                mobile_agent: u.mobile_agent,
            });
        }
        let mut codes = Vec::new();
        let mut code_ids = HashSet::new();
        for (i, c) in raw.reason_codes.iter().enumerate() {
            let key = |k: &str| format!("reason_codes[{i}].{k}");
            if !code_ids.insert(c.id.as_str()) {
                return Err(err(
                    key("id"),
                    &format!("duplicate reason code id {}", c.id),
                ));
            }
            let category = Category::parse(&c.category)
                .ok_or_else(|| err(key("category"), "must be NOT_READY or LOGOUT"))?;
            if let Some(t) = c.teams.iter().find(|t| !team_ids.contains(t.as_str())) {
                return Err(err(key("teams"), &format!("team {t} is not in teams")));
            }
            codes.push(ReasonCodeDef {
                id: c.id.clone(),
                category,
                code: c.code.clone(),
                label: c.label.clone(),
                for_all: c.for_all,
                system: c.system,
                teams: c.teams.clone(),
            });
        }
        let mut wrap_up_reasons = Vec::new();
        let mut wrap_up_ids = HashSet::new();
        for (i, w) in raw.wrap_up_reasons.iter().enumerate() {
            let key = |k: &str| format!("wrap_up_reasons[{i}].{k}");
            if !wrap_up_ids.insert(w.id.as_str()) {
                return Err(err(
                    key("id"),
                    &format!("duplicate wrap-up reason id {}", w.id),
                ));
            }
            if let Some(t) = w.teams.iter().find(|t| !team_ids.contains(t.as_str())) {
                return Err(err(key("teams"), &format!("team {t} is not in teams")));
            }
            wrap_up_reasons.push(WrapUpReasonDef {
                id: w.id.clone(),
                label: w.label.clone(),
                for_all: w.for_all,
                teams: w.teams.clone(),
            });
        }
        crate::model::team_resources::check_phone_books(&raw.phone_books, &team_ids)
            .map_err(|(key, msg)| err(key, &msg))?;
        crate::model::user_workflows::check_workflows(&raw.workflows, &team_ids)
            .map_err(|(key, msg)| err(key, &msg))?;
        let user_ids: HashSet<&str> = raw.users.iter().map(|u| u.id.as_str()).collect();
        crate::model::queues::check_queues(&raw.queues, &team_ids, &user_ids)
            .map_err(|(key, msg)| err(key, &msg))?;
        let mut dialed_numbers = Vec::new();
        for (i, n) in raw.dialed_numbers.iter().enumerate() {
            if !team_ids.contains(n.team.as_str()) {
                return Err(err(
                    format!("dialed_numbers[{i}].team"),
                    &format!("team {} is not in teams", n.team),
                ));
            }
            dialed_numbers.push(DialedNumber {
                number: n.number.clone(),
                team: n.team.clone(),
            });
        }
        if let Some(i) = raw.devices.iter().position(|d| d.trim().is_empty()) {
            return Err(err(
                format!("devices[{i}]"),
                "must be a non-empty extension",
            ));
        }
        Ok(Fixture {
            deployment,
            dialed_numbers,
            devices: raw.devices,
            out_of_service_devices: raw.out_of_service_devices,
            conference_bridges: raw.conference_bridges.unwrap_or(4),
            // Long enough to see WORK between polls, short enough to see it expire.
            wrap_up_timer: Duration::from_millis(raw.wrap_up_timer_ms.unwrap_or(400)),
            xmpp_domain: raw
                .xmpp_domain
                .unwrap_or_else(|| "finesse.mock.local".into()),
            directory: Directory {
                users,
                teams: raw
                    .teams
                    .into_iter()
                    .map(|t| TeamDef {
                        id: t.id,
                        name: t.name,
                    })
                    .collect(),
            },
            reason_codes: codes,
            wrap_up_reasons,
            phone_books: raw.phone_books,
            workflows: raw.workflows,
            queues: raw.queues,
            mrds: raw
                .mrds
                .into_iter()
                .map(|m| MrdDef {
                    description: m.description.unwrap_or_else(|| m.name.clone()),
                    id: m.id,
                    name: m.name,
                })
                .collect(),
            embedded: false,
        })
    }
}

/// Typed YAML with a one-line error (serde-saphyr names the line, column and key).
fn parse_yaml<T: serde::de::DeserializeOwned>(text: &str, origin: &str) -> Result<T, FixtureError> {
    let options = serde_saphyr::options! { with_snippet: false };
    serde_saphyr::from_str_with_options(text, options).map_err(|e| FixtureError::Syntax {
        origin: origin.to_string(),
        message: e.without_snippet().to_string().replace('\n', " "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_fixture_has_what_the_suite_needs() {
        let f = Fixture::embedded();
        let d = &f.directory;
        let team_a: Vec<_> = d
            .users
            .iter()
            .filter(|u| u.team.as_deref() == Some("5000") && u.agent && !u.supervisor)
            .collect();
        assert!(team_a.len() >= 2, "agents on team A");
        assert!(
            d.users.iter().any(|u| u.team.as_deref() == Some("5001")),
            "an agent on team B"
        );
        assert!(
            d.users
                .iter()
                .any(|u| u.supervisor && u.supervises.contains(&"5000".to_string())),
            "a supervisor of team A"
        );
        assert!(d.users.iter().any(|u| u.admin), "an admin");
        assert!(f.mrds.len() >= 2, "chat and email MRDs");
        // Database ids differ from code values, as in the community thread.
        assert!(f.reason_codes.iter().all(|c| c.id != c.code));
        for cat in [Category::NotReady, Category::Logout] {
            let of = |p: &dyn Fn(&ReasonCodeDef) -> bool| {
                f.reason_codes.iter().any(|c| c.category == cat && p(c))
            };
            assert!(of(&|c| c.for_all), "global {cat:?}");
            assert!(
                of(&|c| c.teams.contains(&"5000".to_string())),
                "team A {cat:?}"
            );
            assert!(of(&|c| c.teams == ["5001"]), "team B only {cat:?}");
            assert!(of(&|c| c.system), "system {cat:?}");
        }
    }

    #[test]
    fn devices_are_read_and_must_not_be_empty() {
        let ok = "teams: []\nusers: []\ndevices: [\"3001\", \"3002\"]\n";
        let f = Fixture::from_yaml(ok, "f.yaml").expect("devices");
        assert_eq!(f.devices, ["3001", "3002"]);
        assert!(Fixture::embedded().devices.contains(&"3000001".to_string()));
        let none = "teams: []\nusers: []\n";
        assert!(
            Fixture::from_yaml(none, "f.yaml")
                .expect("no devices")
                .devices
                .is_empty()
        );
        let empty = "teams: []\nusers: []\ndevices: [\"3001\", \" \"]\n";
        let e = Fixture::from_yaml(empty, "f.yaml").expect_err("empty device");
        assert!(
            matches!(&e, FixtureError::Invalid { key, .. } if key == "devices[1]"),
            "{e}"
        );
    }

    #[test]
    fn fixture_errors_name_the_key() {
        let bad = "teams: [{ id: A, name: A }]\nusers:\n  - { id: u1, password: p, roles: [Agent], team: Z }\n";
        let e = Fixture::from_yaml(bad, "f.yaml")
            .expect_err("unknown team")
            .to_string();
        assert!(e.contains("users[0].team") && e.contains("f.yaml"), "{e}");
        let bad_role = "teams: []\nusers:\n  - { id: u1, password: p, roles: [Boss] }\n";
        let e = Fixture::from_yaml(bad_role, "f.yaml").expect_err("role");
        assert!(
            matches!(&e, FixtureError::Invalid { key, .. } if key == "users[0].roles"),
            "{e}"
        );
        let dup = "teams: []\nusers:\n  - { id: u1, password: p, roles: [Agent] }\n  - { id: u1, password: p, roles: [Agent] }\n";
        let e = Fixture::from_yaml(dup, "f.yaml").expect_err("dup");
        assert!(e.to_string().contains("duplicate"), "{e}");
        let e = Fixture::from_yaml("teams: [", "f.yaml").expect_err("syntax");
        assert!(matches!(e, FixtureError::Syntax { .. }), "{e}");
        let e = Fixture::load(Path::new("/nonexistent/f.yaml")).expect_err("missing file");
        assert!(
            matches!(e, FixtureError::Read { .. }) && e.to_string().contains("cannot read"),
            "{e}"
        );
    }
}
