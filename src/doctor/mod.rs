//! `doctor`: checks, read-only and in seconds, that a profile describes its lab. A wrong user,
//! team, reason code or MRD otherwise shows up minutes into a run as scenarios that cannot
//! reach their situation. The same checks run before `run --profile` (the preflight), which
//! then reports the scenarios they rule out as inconclusive instead of running them.
//!
//! Each group of checks is a module with its own result type and pure judgement functions
//! (tested without HTTP); this module sends the requests, concurrently, and collects lines.
//! The doctor judges the profile, not Finesse: where the only evidence of a mistake is a
//! behaviour the suite itself tests, the line is a doubt (⚠), which neither fails the doctor
//! nor rules a scenario out.

pub(crate) mod hooks;
pub(crate) mod identities;
pub(crate) mod media;
pub(crate) mod notifications;
pub(crate) mod preflight;
pub(crate) mod reason_codes;
pub(crate) mod system;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt as _;

use crate::finesse::{FinesseClient, Request};
use crate::profile::{Deployment, DeploymentSetting, Identity, Profile};
use crate::redact::Redactor;

/// Requests in flight at once: every check is concurrent, but a lab is not flooded.
const IN_FLIGHT: usize = 16;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Ok,
    /// The profile does not match the lab.
    Problem,
    /// Something is off, but it may be Finesse rather than the profile (a rule the suite
    /// tests), or it could not be checked.
    Doubt,
    /// Not a check: what the doctor cannot verify read-only, or did not check.
    Info,
}

impl Status {
    pub(crate) fn mark(self) -> &'static str {
        match self {
            Status::Ok => "✓",
            Status::Problem => "✗",
            Status::Doubt => "⚠",
            Status::Info => "·",
        }
    }
}

/// One printed line: a subject (usually a profile key), what was found, and for a problem
/// how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub status: Status,
    pub subject: String,
    pub text: String,
    pub fix: Option<String>,
}

impl Line {
    pub(crate) fn new(status: Status, subject: impl Into<String>, text: impl Into<String>) -> Line {
        Line {
            status,
            subject: subject.into(),
            text: text.into(),
            fix: None,
        }
    }

    pub(crate) fn ok(subject: impl Into<String>, text: impl Into<String>) -> Line {
        Line::new(Status::Ok, subject, text)
    }

    pub(crate) fn problem(
        subject: impl Into<String>,
        text: impl Into<String>,
        fix: impl Into<String>,
    ) -> Line {
        Line {
            fix: Some(fix.into()),
            ..Line::new(Status::Problem, subject, text)
        }
    }

    pub(crate) fn doubt(subject: impl Into<String>, text: impl Into<String>) -> Line {
        Line::new(Status::Doubt, subject, text)
    }

    pub(crate) fn info(subject: impl Into<String>, text: impl Into<String>) -> Line {
        Line::new(Status::Info, subject, text)
    }

    /// The line as printed: one line, whatever the texts hold.
    pub(crate) fn render(&self) -> String {
        let mut s = format!("{} {}: {}", self.status.mark(), self.subject, self.text);
        if let Some(fix) = &self.fix {
            s.push_str(&format!(" (fix: {fix})"));
        }
        one_line(&s)
    }
}

use crate::stdout::without_controls as one_line;

/// Which profile entry an identity is: `users.agents[1]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Pool {
    Agents,
    Supervisors,
    OtherTeamAgents,
    WrapUpAgents,
    MobileAgents,
    Admin,
}

impl Pool {
    pub(crate) fn key(self) -> &'static str {
        match self {
            Pool::Agents => "users.agents",
            Pool::Supervisors => "users.supervisors",
            Pool::OtherTeamAgents => "users.other_team_agents",
            Pool::WrapUpAgents => "users.wrap_up_agents",
            Pool::MobileAgents => "users.mobile_agents",
            Pool::Admin => "users.admin",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Entry {
    pub(crate) pool: Pool,
    pub(crate) index: usize,
    pub(crate) id: String,
}

impl Entry {
    /// The profile key, e.g. `users.agents[1]` (`users.admin` has no index).
    pub fn key(&self) -> String {
        match self.pool {
            Pool::Admin => Pool::Admin.key().to_string(),
            p => format!("{}[{}]", p.key(), self.index),
        }
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (id {})", self.key(), self.id)
    }
}

/// Every identity of the profile with its entry, in profile order.
pub(crate) fn entries(p: &Profile) -> Vec<(Entry, &Identity)> {
    let u = &p.users;
    let lists = [
        (Pool::Agents, &u.agents),
        (Pool::Supervisors, &u.supervisors),
        (Pool::OtherTeamAgents, &u.other_team_agents),
        (Pool::WrapUpAgents, &u.wrap_up_agents),
        (Pool::MobileAgents, &u.mobile_agents),
    ];
    let mut out = Vec::new();
    for (pool, list) in lists {
        for (index, i) in list.iter().enumerate() {
            let entry = Entry {
                pool,
                index,
                id: i.id.clone(),
            };
            out.push((entry, i));
        }
    }
    if let Some(a) = &u.admin {
        let entry = Entry {
            pool: Pool::Admin,
            index: 0,
            id: a.id.clone(),
        };
        out.push((entry, a));
    }
    out
}

/// What the preflight acts on: the profile's entries that failed, each with why. Only
/// problems that are the profile's (or the lab's setup) go here: never doubts, and never a
/// target that fails every request (the run reports that as it meets it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings {
    /// Identities to leave out of their pools.
    pub identities: BTreeMap<Entry, String>,
    /// Reason codes by (category, kind key), e.g. ("NOT_READY", "other_team").
    pub codes: BTreeMap<(String, String), String>,
    /// `test_data.mrd` (valid or unknown) is wrong.
    pub mrd: Option<String>,
    /// The notification endpoint does not take a login and a subscription.
    pub(crate) notifications: Option<String>,
    /// Hook commands by key (`control_url` for the mock's control endpoint).
    pub hooks: BTreeMap<String, String>,
}

impl Findings {
    pub fn is_empty(&self) -> bool {
        *self == Findings::default()
    }
}

/// What `doctor` does besides reading.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Run the fault hooks (they change the lab for a moment: each fault on, then off).
    pub run_hooks: bool,
}

#[derive(Debug, Clone)]
pub struct Report {
    /// Profile name and base URL, for the heading.
    pub(crate) target: String,
    pub lines: Vec<Line>,
    pub findings: Findings,
    pub(crate) elapsed: Duration,
}

impl Report {
    /// True when no check found a problem (doubts and notes allowed).
    pub fn holds(&self) -> bool {
        !self.lines.iter().any(|l| l.status == Status::Problem)
    }

    pub fn exit_code(&self) -> i32 {
        if self.holds() {
            crate::domain::exit::PASSED
        } else {
            crate::domain::exit::USAGE
        }
    }

    pub fn problems(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| l.status == Status::Problem)
    }

    fn count(&self, s: Status) -> usize {
        self.lines.iter().filter(|l| l.status == s).count()
    }

    /// One-line summary, e.g. `26 checks: 24 hold, 1 failed, 1 doubtful (0.04 s)`.
    pub(crate) fn summary(&self) -> String {
        let checks = self.lines.len() - self.count(Status::Info);
        format!(
            "{checks} checks: {} hold, {} failed, {} doubtful ({:.2} s)",
            self.count(Status::Ok),
            self.count(Status::Problem),
            self.count(Status::Doubt),
            self.elapsed.as_secs_f64()
        )
    }

    /// The whole report as printed, redacted.
    pub(crate) fn render(&self, redactor: &Redactor) -> String {
        let mut out = format!("doctor: {}\n", self.target);
        for l in &self.lines {
            out.push_str(&l.render());
            out.push('\n');
        }
        out.push_str(&self.summary());
        out.push('\n');
        redactor.redact(&out)
    }
}

/// The redactor of a profile: every password and token, with the user names they pair with
/// (the run's own, `suite::redactor_for`); tokens obtained later are learnt as they come.
pub(crate) fn redactor(p: &Profile) -> Arc<Redactor> {
    Arc::new(crate::scenario::redactor_for(p))
}

/// Runs every check against the profile's target. Never fails: what goes wrong is a line.
pub async fn check(profile: &Profile, opts: Options) -> Report {
    let started = Instant::now();
    let redactor = redactor(profile);
    let target = format!(
        "profile {} ({})",
        profile.name,
        redactor.redact(&profile.base_url)
    );
    let client = match FinesseClient::for_profile(profile, redactor.clone()) {
        Ok(client) => client,
        Err(e) => {
            let line = Line::problem(
                "base_url",
                redactor.redact(&e.to_string()),
                "correct the tls settings of the profile",
            );
            return Report {
                target,
                findings: Findings::default(),
                lines: vec![line],
                elapsed: started.elapsed(),
            };
        }
    };
    let mut report = check_with(&client, profile, opts).await;
    report.target = target;
    report.elapsed = started.elapsed();
    report
}

/// The checks with a client already built (the preflight reuses the run's).
pub(crate) async fn check_with(client: &FinesseClient, profile: &Profile, opts: Options) -> Report {
    let started = Instant::now();
    // The checks' own exchanges are not part of any scenario's transcript, and the doctor
    // never writes through the Finesse API (hooks go around the client).
    let client = client.with_new_log().read_only(true);
    let client = &client;
    let mut lines = Vec::new();
    let mut findings = Findings::default();

    // Phase 1, all at once: SystemInfo (which also shows whether the base URL answers), every
    // identity's own User, the hook commands.
    let ids = entries(profile);
    let reads = futures::stream::iter(
        ids.iter()
            .filter(|(e, _)| e.pool != Pool::Admin)
            .map(|(e, i)| identities::fetch(client, e.clone(), i)),
    )
    .buffered(IN_FLIGHT)
    .collect::<Vec<_>>();
    let (sys, checked, hook_lines) = futures::join!(
        system::fetch(client, profile),
        reads,
        hooks::check(client, profile)
    );
    lines.extend(sys.lines(profile));
    if let Some(why) = sys.unreachable() {
        lines.push(Line::info(
            "other checks",
            format!("not run: the target does not answer ({why})"),
        ));
        return Report {
            target: String::new(),
            lines,
            findings,
            elapsed: started.elapsed(),
        };
    }
    let deployment = deployment_of(sys.deployment(), &profile.deployment);

    let team_a = identities::team_a(profile, &checked);
    for c in &checked {
        let identity = ids.iter().find(|(e, _)| *e == c.entry).map(|(_, i)| *i);
        let Some(identity) = identity else { continue };
        let line = c.line(identity, team_a.as_deref());
        if line.status == Status::Problem && c.profile_at_fault() {
            findings
                .identities
                .insert(c.entry.clone(), line.text.clone());
        }
        lines.push(line);
    }
    lines.push(Line::info(
        "extensions",
        "set for every identity that signs in; whether Finesse accepts them (the device) shows only at sign-in, which the doctor does not do",
    ));
    lines.push(unknown_extension_line(profile, &ids));

    // Phase 2, all at once, as users that passed: the administrator, reason codes, MRDs, the
    // notification endpoint.
    let usable = |pool: Pool| -> Option<&Identity> {
        ids.iter()
            .filter(|(e, _)| e.pool == pool)
            .find(|(e, _)| {
                checked
                    .iter()
                    .any(|c| c.entry == *e && c.usable() && !findings.identities.contains_key(e))
            })
            .map(|(_, i)| *i)
    };
    let agent = usable(Pool::Agents);
    let other = usable(Pool::OtherTeamAgents);
    let admin = ids
        .iter()
        .find(|(e, _)| e.pool == Pool::Admin)
        .map(|(e, i)| (e.clone(), *i));
    let (admin_line, code_lines, mrd_lines, notify_line) = futures::join!(
        identities::check_admin(client, admin.as_ref().map(|(e, i)| (e, *i)), agent),
        reason_codes::check(client, profile, agent, other),
        media::check(client, profile, deployment, agent),
        notifications::check(client, profile, &sys, agent),
    );
    if let Some((l, profile_at_fault)) = admin_line {
        if l.status == Status::Problem
            && profile_at_fault
            && let Some((e, _)) = &admin
        {
            findings.identities.insert(e.clone(), l.text.clone());
        }
        lines.push(l);
    }
    for (claim, l) in code_lines {
        if l.status == Status::Problem {
            findings.codes.insert(
                (claim.category.to_string(), claim.kind.key().to_string()),
                l.text.clone(),
            );
        }
        lines.push(l);
    }
    for l in mrd_lines {
        if l.status == Status::Problem {
            findings.mrd.get_or_insert_with(|| l.text.clone());
        }
        lines.push(l);
    }
    if let Some(l) = notify_line {
        if l.status == Status::Problem {
            findings.notifications = Some(l.text.clone());
        }
        lines.push(l);
    }
    for (key, l) in hook_lines {
        if l.status == Status::Problem {
            findings.hooks.insert(key, l.text.clone());
        }
        lines.push(l);
    }
    if opts.run_hooks {
        lines.extend(hooks::run(client, profile).await);
    }
    Report {
        target: String::new(),
        lines,
        findings,
        elapsed: started.elapsed(),
    }
}

/// The deployment the doctor works with: SystemInfo's, else the profile's pin.
pub(crate) fn deployment_of(
    info: Option<Deployment>,
    setting: &DeploymentSetting,
) -> Option<Deployment> {
    info.or(match setting {
        DeploymentSetting::Fixed(d) => Some(*d),
        DeploymentSetting::Auto => None,
    })
}

/// `test_data.unknown_extension`: if a test user has it, the Invalid Device scenario signs
/// that user's phone in. Whether a phone on the lab has it shows only at sign-in.
fn unknown_extension_line(p: &Profile, ids: &[(Entry, &Identity)]) -> Line {
    let subject = "test_data.unknown_extension";
    let ext = p.test_data.unknown_extension.trim();
    let owner = ids
        .iter()
        .find(|(_, i)| i.extension.as_deref().map(str::trim) == Some(ext));
    match owner {
        Some((e, _)) => Line::problem(
            subject,
            format!("{ext} is the extension of {e}"),
            "set it to an extension no phone on the lab has",
        ),
        None => Line::info(
            subject,
            format!(
                "{ext}: no test user has it; whether a phone on the lab has it shows only at sign-in, which the doctor does not do"
            ),
        ),
    }
}

/// The `root` document a request answers with 200, or `None` for any other answer: the
/// checks report what they could read, and the suite what a refusal means.
async fn read_document<T: for<'de> serde::Deserialize<'de>>(
    client: &FinesseClient,
    req: Request,
    root: &str,
) -> Option<T> {
    let r = client.send(req).await.ok()?;
    (r.status == 200).then(|| r.parse(root).ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unknown_extension_must_be_no_test_users() {
        let text = "base_url: https://f.example.com:8445/\nusers:\n  agents:\n    - { id: \"1001\", password: \"${PW}\", extension: \"1001001\" }\ntest_data:\n  unknown_extension: \"1001001\"\n";
        let mut p =
            Profile::from_yaml_str(text, "t.yaml", &|_| Some("pw".into())).expect("profile");
        let l = unknown_extension_line(&p, &entries(&p));
        assert_eq!(l.status, Status::Problem, "{l:?}");
        assert!(l.text.contains("users.agents[0]"), "{}", l.text);
        p.test_data.unknown_extension = "99999999".into();
        let l = unknown_extension_line(&p, &entries(&p));
        assert_eq!(l.status, Status::Info, "{l:?}");
    }

    #[test]
    fn lines_render_on_one_line_with_their_fix() {
        let l = Line::problem("users.agents[1]", "no such\nuser", "check the id");
        assert_eq!(
            l.render(),
            "✗ users.agents[1]: no such user (fix: check the id)"
        );
        assert_eq!(Line::ok("a", "b").render(), "✓ a: b");
        assert_eq!(Line::doubt("a", "b").render(), "⚠ a: b");
    }

    #[test]
    fn a_report_holds_unless_a_line_is_a_problem() {
        let mut r = Report {
            target: "t".into(),
            lines: vec![
                Line::ok("a", "b"),
                Line::doubt("c", "d"),
                Line::info("e", "f"),
            ],
            findings: Findings::default(),
            elapsed: Duration::from_millis(40),
        };
        assert!(r.holds());
        assert_eq!(r.exit_code(), 0);
        assert_eq!(
            r.summary(),
            "2 checks: 1 hold, 0 failed, 1 doubtful (0.04 s)"
        );
        r.lines.push(Line::problem("g", "h", "i"));
        assert!(!r.holds());
        assert_eq!(r.exit_code(), 2);
    }

    #[test]
    fn entries_name_their_profile_key() {
        let e = Entry {
            pool: Pool::OtherTeamAgents,
            index: 2,
            id: "3003".into(),
        };
        assert_eq!(e.to_string(), "users.other_team_agents[2] (id 3003)");
        let a = Entry {
            pool: Pool::Admin,
            index: 0,
            id: "admin".into(),
        };
        assert_eq!(a.key(), "users.admin");
    }
}
