//! Single sign-on against the mock in SSO mode: what the mock takes and refuses (checked on
//! the wire, not through our client), the client renewing tokens (after a 401, early, once
//! for many requests), the whole suite passing with tokens that expire during the run, the
//! bad-credential scenarios still able to fail, no token in anything the binary prints or
//! writes, token commands failing on one line, and the doctor's auth-mode line.

mod common;

use finesse_conformance::mock_profile::MockProfile as _;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;
use std::time::{Duration, Instant};

use finesse_conformance::doctor::{self, Status};
use finesse_conformance::domain::exit;
use finesse_conformance::domain::results::RunReport;
use finesse_conformance::finesse::client::{self, Credentials, Entry, FinesseClient, Request};
use finesse_conformance::profile::{Auth, Deployment, Identity, Profile, Secret, Tls};
use finesse_conformance::suite::{self, RunOptions, Target};
use finesse_mock::{Deviation, MockAuth, MockConfig, MockServer};
use finesse_protocol::base64::encode as b64;

use common::mock::{ProfileYaml, files_under};

async fn sso_mock(deployment: Deployment, lifetime: Duration) -> MockServer {
    MockServer::start(MockConfig {
        deployment: Some(deployment),
        auth: MockAuth::Sso,
        token_lifetime: lifetime,
        ..MockConfig::default()
    })
    .await
    .expect("mock")
}

fn http() -> reqwest::Client {
    client::http_client(&Tls::default(), Duration::from_secs(5)).expect("http client")
}

/// A client as the run builds it: the profile's redactor, one token store.
fn finesse_client(mock: &MockServer, profile: &Profile) -> FinesseClient {
    FinesseClient::new(
        http(),
        &mock.url(),
        Duration::from_secs(5),
        Arc::new(suite::redactor_for(profile)),
    )
}

async fn raw_get(url: String, authorization: Option<String>) -> (u16, String) {
    let mut req = http().get(url);
    if let Some(a) = authorization {
        req = req.header("Authorization", a);
    }
    let r = req.send().await.expect("answer");
    let status = r.status().as_u16();
    (status, r.text().await.expect("body"))
}

/// GET the User `id` as `who`.
async fn get_user(c: &FinesseClient, id: &str, who: &Identity) -> client::Response {
    c.send(Request::get(format!("/finesse/api/User/{id}")).as_user(Credentials::of(who)))
        .await
        .expect("answer")
}

fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", b64(format!("{user}:{password}").as_bytes()))
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

fn http_entries(c: &FinesseClient) -> Vec<(String, String, Option<u16>)> {
    c.log()
        .entries()
        .into_iter()
        .filter_map(|e| match e {
            Entry::Http(x) => Some((x.method, x.url, x.status)),
            Entry::Note { .. } => None,
        })
        .collect()
}

fn notes(c: &FinesseClient) -> Vec<String> {
    c.log()
        .entries()
        .into_iter()
        .filter_map(|e| match e {
            Entry::Note { text, .. } => Some(text),
            Entry::Http(_) => None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mock_in_sso_mode_says_so_takes_its_tokens_and_refuses_basic() {
    let mock = sso_mock(Deployment::Ucce, Duration::from_secs(60)).await;
    let (_, info) = raw_get(format!("{}/finesse/api/SystemInfo", mock.url()), None).await;
    // reference §8: systemAuthMode is SSO, NON_SSO or HYBRID.
    assert!(
        info.contains("<systemAuthMode>SSO</systemAuthMode>"),
        "{info}"
    );
    let user = format!("{}/finesse/api/User/1001", mock.url());
    let grant = mock.issue_token("1001").expect("a token");
    let (status, body) = raw_get(user.clone(), Some(format!("Bearer {}", grant.access))).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("<loginName>agent1001</loginName>"), "{body}");
    // The right password, but an SSO Finesse takes no Basic.
    let password = mock.fixture().users()[0].password.expose().to_string();
    let (status, body) = raw_get(user.clone(), Some(basic("agent1001", &password))).await;
    assert_eq!(status, 401, "{body}");
    assert!(
        body.contains("<ErrorType>Authorization Failure</ErrorType>"),
        "{body}"
    );
    for made_up in ["Bearer made-up-token", "Bearer "] {
        let (status, _) = raw_get(user.clone(), Some(made_up.to_string())).await;
        assert_eq!(status, 401, "{made_up}");
    }
    // A refresh token is no access token.
    let refresh = grant.refresh.as_str();
    let (status, _) = raw_get(user.clone(), Some(format!("Bearer {refresh}"))).await;
    assert_eq!(status, 401);

    // And a Basic mock takes no tokens, and says NON_SSO.
    let plain = MockServer::start(MockConfig::default())
        .await
        .expect("mock");
    let (_, info) = raw_get(format!("{}/finesse/api/SystemInfo", plain.url()), None).await;
    assert!(
        info.contains("<systemAuthMode>NON_SSO</systemAuthMode>"),
        "{info}"
    );
    let (status, _) = raw_get(
        format!("{}/finesse/api/User/1001", plain.url()),
        Some(format!("Bearer {}", grant.access)),
    )
    .await;
    assert_eq!(status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_api_fetches_with_the_password_standing_in_for_the_idp_and_refreshes() {
    let mock = sso_mock(Deployment::Ucce, Duration::from_secs(120)).await;
    let password = mock.fixture().users()[0].password.expose().to_string();
    let fetch = |query: &str| format!("{}/desktop/sso/token?{query}", mock.url());
    let good = basic("agent1001", &password);

    let (status, body) = raw_get(
        fetch("cc_username=agent1001&return_refresh_token=true"),
        Some(good.clone()),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // The IdS JSON as the developer site shows it (REST API with SSO, client integration).
    let g = json(&body);
    let access = g["token"].as_str().expect("token").to_string();
    let refresh = g["refresh_token"]
        .as_str()
        .expect("refresh_token")
        .to_string();
    assert_eq!(g["expires_in"], 120);
    assert_eq!(g["user_id"], "agent1001");
    assert!(
        g["realm"].is_string() && g["user_principal"].is_string(),
        "{body}"
    );

    let (status, body) = raw_get(fetch("cc_username=agent1001"), Some(good.clone())).await;
    assert_eq!(status, 200);
    assert!(
        json(&body).get("refresh_token").is_none(),
        "only when asked: {body}"
    );
    let (status, _) = raw_get(fetch("cc_username=agent1001"), None).await;
    assert_eq!(status, 401, "no sign-in");
    let (status, _) = raw_get(
        fetch("cc_username=agent1001"),
        Some(basic("agent1001", "wrong")),
    )
    .await;
    assert_eq!(status, 401, "a wrong password");
    let (status, _) = raw_get(fetch("cc_username=agent1002"), Some(good.clone())).await;
    assert_eq!(status, 401, "another user's name");

    // Refresh Existing Access Token (G12.5 p193): a form with token and refresh-token.
    let post = |form: Vec<(&'static str, String)>| {
        let url = fetch("").trim_end_matches('?').to_string();
        let body = form
            .iter()
            .map(|(k, v)| format!("{k}={}", form_encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        async move {
            let r = http()
                .post(url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .expect("answer");
            let status = r.status().as_u16();
            (status, r.text().await.expect("body"))
        }
    };
    let (status, _) = post(vec![("refresh-token", refresh.clone())]).await;
    assert_eq!(status, 400, "token missing");
    let (status, _) = post(vec![("token", access.clone())]).await;
    assert_eq!(status, 400, "refresh-token missing");
    let (status, _) = post(vec![
        ("token", access.clone()),
        ("refresh-token", "made-up".into()),
    ])
    .await;
    assert_eq!(status, 401, "an unknown refresh token");
    let (status, body) = post(vec![
        ("token", access.clone()),
        ("refresh-token", refresh.clone()),
    ])
    .await;
    assert_eq!(status, 200, "{body}");
    let renewed = json(&body);
    let new_access = renewed["token"].as_str().expect("token").to_string();
    assert_ne!(new_access, access);
    assert!(renewed["refresh_token"].is_string(), "{body}");

    let user = format!("{}/finesse/api/User/1001", mock.url());
    let (status, _) = raw_get(user.clone(), Some(format!("Bearer {access}"))).await;
    assert_eq!(status, 401, "the old access token stops working");
    let (status, _) = raw_get(user, Some(format!("Bearer {new_access}"))).await;
    assert_eq!(status, 200);
    let (status, _) = post(vec![("token", access), ("refresh-token", refresh)]).await;
    assert_eq!(status, 401, "a spent refresh token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_token_is_refused_by_the_mock_and_renewed_by_the_client() {
    let mock = sso_mock(Deployment::Ucce, Duration::from_secs(600)).await;
    let profile = mock.profile();
    let agent = profile.users.agents[0].clone();
    let Auth::Token(source) = &agent.auth else {
        panic!("the SSO mock's profile holds tokens: {:?}", agent.auth)
    };
    let first = source.initial.clone().expect("an issued token");
    let c = finesse_client(&mock, &profile);
    let read = || Request::get(format!("/finesse/api/User/{}", agent.id));
    let r = c
        .send(read().as_user(Credentials::of(&agent)))
        .await
        .expect("answer");
    assert_eq!(r.status, 200, "{}", r.body);

    mock.expire_tokens();
    // The mock refuses the expired token (on the wire, not through our client)...
    let (status, _) = raw_get(
        format!("{}/finesse/api/User/{}", mock.url(), agent.id),
        Some(format!("Bearer {}", first.access.expose())),
    )
    .await;
    assert_eq!(status, 401);
    // ...and the client renews it with the refresh token and sends again.
    let r = c
        .send(read().as_user(Credentials::of(&agent)))
        .await
        .expect("answer");
    assert_eq!(r.status, 200, "{}", r.body);
    let exchanges = http_entries(&c);
    let tail: Vec<(String, Option<u16>)> = exchanges[1..]
        .iter()
        .map(|(m, u, s)| (format!("{m} {}", u.trim_start_matches(&mock.url())), *s))
        .collect();
    assert_eq!(
        tail,
        [
            ("GET /finesse/api/User/1001".to_string(), Some(401)),
            ("POST /desktop/sso/token".to_string(), Some(200)),
            ("GET /finesse/api/User/1001".to_string(), Some(200)),
        ]
    );
    let transcript = c.log().render();
    assert!(
        transcript.contains("Authorization: Bearer *** (user agent1001)"),
        "{transcript}"
    );
    assert!(transcript.contains("sending the request again with a renewed one"));
    // Neither the old tokens nor the new ones are in the transcript, in any form.
    let issued = mock.issued_tokens();
    assert!(issued.len() >= 2);
    for t in issued
        .iter()
        .chain([first.access.expose().to_string()].iter())
    {
        assert!(
            !transcript.contains(t.as_str()),
            "the transcript leaks a token"
        );
        assert!(!transcript.contains(&b64(t.as_bytes())));
    }

    // A made-up token (the bad-credential scenarios) is not renewed: its 401 stands.
    let r = c
        .send(read().as_user(Credentials::bearer("nobody", Secret::new("made-up-token"))))
        .await
        .expect("answer");
    assert_eq!(r.status, 401);
    // Nor is a 401 that refuses what a known user asked rather than who it is.
    let before = mock.issued_tokens().len();
    let other = &profile.users.agents[1];
    let r = get_user(&c, &other.id, &agent).await;
    assert_eq!(r.status, 401, "{}", r.body);
    assert!(
        r.body.contains("Invalid Authorization User Specified"),
        "{}",
        r.body
    );
    assert_eq!(
        mock.issued_tokens().len(),
        before,
        "no renewal for that 401"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_requests_meeting_an_expired_token_renew_it_once() {
    let mock = sso_mock(Deployment::Ucce, Duration::from_secs(600)).await;
    let profile = mock.profile();
    let agent = profile.users.agents[0].clone();
    let c = finesse_client(&mock, &profile);
    let read =
        || Request::get(format!("/finesse/api/User/{}", agent.id)).as_user(Credentials::of(&agent));
    assert_eq!(c.send(read()).await.expect("answer").status, 200);
    mock.expire_tokens();
    let before = mock.issued_tokens().len();
    let sends = (0..8).map(|_| {
        let (c, req) = (c.clone(), read());
        tokio::spawn(async move { c.send(req).await })
    });
    for s in futures::future::join_all(sends).await {
        assert_eq!(s.expect("joined").expect("answer").status, 200);
    }
    assert_eq!(
        mock.issued_tokens().len(),
        before + 2,
        "one new pair (access and refresh token) for eight refused requests"
    );
    let refreshes = http_entries(&c)
        .iter()
        .filter(|(m, u, _)| m == "POST" && u.ends_with("/desktop/sso/token"))
        .count();
    assert_eq!(refreshes, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_is_renewed_early_once_three_quarters_of_its_lifetime_have_passed() {
    let lifetime = Duration::from_secs(4);
    let mock = sso_mock(Deployment::Ucce, lifetime).await;
    let profile = mock.profile();
    let agent = profile.users.agents[0].clone();
    let c = finesse_client(&mock, &profile);
    let started = Instant::now();
    let renewed_early = |c: &FinesseClient| notes(c).iter().any(|n| n.contains("early"));
    // Keep using the token until the client renews it; a poll, with a deadline.
    while !renewed_early(&c) {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "never renewed early"
        );
        let r = get_user(&c, &agent.id, &agent).await;
        assert_eq!(r.status, 200, "{}", r.body);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Not before 3/4 of the lifetime, counted from when the mock's profile issued it.
    assert!(started.elapsed() >= lifetime * 3 / 4 - Duration::from_millis(200));
    assert!(
        http_entries(&c).iter().all(|(_, _, s)| *s != Some(401)),
        "renewed before the token was ever refused"
    );
}

fn check_clean(report: &RunReport, what: &str) {
    let c = report.counts();
    assert_eq!(
        (c.failed, c.inconclusive, c.errors),
        (0, 0, 0),
        "{what}: {:#?}",
        common::failure_messages(report)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_suite_passes_in_sso_mode_with_tokens_renewed_during_the_run() {
    for deployment in [Deployment::Ucce, Deployment::Uccx] {
        // As many pass as with passwords, plus the Single Sign-On API scenarios that need an
        // access token (skipped with passwords): SSO changes how users sign in, not what else
        // applies.
        let basic = common::run_mock(deployment, Default::default()).await;
        let token_only = basic
            .scenarios()
            .filter(|s| {
                matches!(&s.outcome, finesse_conformance::domain::results::Outcome::Skipped { reason }
                    if reason.contains("SSO access token"))
            })
            .count();
        assert!(
            token_only > 0,
            "{deployment}: no scenario needs an SSO access token"
        );
        let passed = basic.counts().passed + token_only;
        // Short tokens: every user's token is renewed several times during the run.
        let mock = sso_mock(deployment, Duration::from_secs(1)).await;
        let profile = mock.profile();
        let before = mock.issued_tokens().len();
        let opts = RunOptions {
            target: Target::Profile(Box::new(profile)),
            ..RunOptions::embedded(MockConfig::default())
        };
        let report = suite::run(opts).await.expect("runs").report;
        check_clean(&report, &format!("{deployment}"));
        assert_eq!(report.counts().passed, passed, "{deployment}");
        let renewed = (mock.issued_tokens().len() - before) / 2;
        assert!(renewed >= 10, "{deployment}: only {renewed} renewals");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_credential_scenarios_still_fail_in_sso_mode_when_finesse_takes_a_made_up_token() {
    let mock = sso_mock(Deployment::Ucce, Duration::from_secs(600)).await;
    for d in [
        Deviation::UnknownCredentialsAccepted,
        Deviation::MediaUnknownCredentialsAccepted,
        Deviation::DialogUnknownCredentialsAccepted,
    ] {
        mock.set_deviation(d, true);
    }
    let opts = RunOptions {
        target: Target::Profile(Box::new(mock.profile())),
        ..RunOptions::embedded(MockConfig::default())
    };
    let report = suite::run(opts).await.expect("runs").report;
    let failing = common::failing(&report);
    for rule in [
        "user.bad-credentials-401",
        "media.bad-credentials-401",
        "dialog.bad-credentials-401",
    ] {
        let tagged = common::tagged(&report, rule);
        assert!(!tagged.is_empty(), "{rule}: no scenario ran");
        assert!(
            tagged.is_subset(&failing),
            "{rule}: {tagged:?} should fail; failing: {failing:?}"
        );
    }
    assert!(
        common::unchecked(&report).is_empty(),
        "{:#?}",
        common::failure_messages(&report)
    );
}

// ---------------------------------------------------------------------------------------
// The binary.

fn temp_dir(name: &str) -> common::TempDir {
    common::temp_dir("fc-sso", name)
}

async fn run(args: &[&str], envs: &[(String, String)]) -> Output {
    let envs: Vec<(&str, &str)> = envs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    common::run_bin(args, &envs).await
}

use common::text;

/// The IdS JSON for a pair.
fn ids_json(access: &str, refresh: &str, expires_in: u64) -> String {
    serde_json::json!({
        "token": access,
        "refresh_token": refresh,
        "expires_in": expires_in,
        "user_id": "x",
    })
    .to_string()
}

/// A profile file for the mock's users, each with the auth entry `auth(n, identity)` gives
/// (e.g. `token: "${FC_TOKEN_3}"`, n counting from 1); `timeouts` is added to the timeouts.
fn write_profile(
    dir: &Path,
    mock: &MockServer,
    p: &Profile,
    auth: &mut dyn FnMut(usize, &Identity) -> String,
    timeouts: &str,
    extra: &str,
) -> PathBuf {
    p.test_data.mrd.as_ref().expect("mrd");
    ProfileYaml {
        name: "sso-profile",
        base_url: &mock.url(),
        timeouts: &format!("request: 3s, async_outcome: 2s, settle: 60ms, poll_interval: 10ms{timeouts}"),
        max_concurrency: 16,
        agents: 6,
        mrd: true,
        extra: &format!(
            "capabilities:\n  nonvoice_media: true\n  notifications: {{ url: \"{}\", domain: \"{}\" }}\n{extra}",
            mock.ws_url(),
            mock.xmpp_domain(),
        ),
    }
    .write_with(dir, p, auth)
}

/// `application/x-www-form-urlencoded` (WHATWG URL), by the `url` crate rather than the
/// harness's own encoder, so the two are not checked against each other.
fn form_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Every form a token takes on the wire or in a file.
fn forms(token: &str, names: &[String]) -> Vec<String> {
    // RFC 3986 percent-encoding: unreserved characters stay.
    let percent: String = token
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    let mut out = vec![
        token.to_string(),
        percent,
        form_encode(token),
        token.replace('&', "&amp;"),
        b64(token.as_bytes()),
    ];
    for n in names {
        out.push(b64(format!("\0{n}\0{token}").as_bytes()));
        out.push(b64(format!("{n}:{token}").as_bytes()));
    }
    out
}

const CANARY_AT: &str = "CanaryAT-5e1f+x/y=z&w.9d2b";
const CANARY_RT: &str = "CanaryRT-71c4+q/r=s&t.0a6e";
const CANARY_CMD_AT: &str = "CanaryCmdAT-3b8d+k/l=m";
const CANARY_CMD_RT: &str = "CanaryCmdRT-c2f9+u/v=w";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_token_appears_in_output_reports_or_evidence_even_after_renewals() {
    // Short tokens, so that every user's token is renewed, some more than once.
    let mock = sso_mock(Deployment::Ucce, Duration::from_secs(2)).await;
    // Some findings, so that failure messages, evidence and transcripts are written too.
    mock.set_deviation(Deviation::SupervisorAnyTeam, true);
    mock.set_deviation(Deviation::MediaOwnershipNotChecked, true);
    let p = mock.profile();
    let (canary_user, command_user) = (p.users.agents[0].clone(), p.users.agents[1].clone());
    assert!(mock.adopt_token(&canary_user.id, CANARY_AT, CANARY_RT));
    assert!(mock.adopt_token(&command_user.id, CANARY_CMD_AT, CANARY_CMD_RT));
    let dir = temp_dir("canary");
    let mut env: Vec<(String, String)> = vec![(
        "FC_CMD_TOKEN".into(),
        ids_json(CANARY_CMD_AT, CANARY_CMD_RT, 2),
    )];
    let extra = format!(
        "  fault_injection:\n    control_url: {}\n",
        mock.control_url()
    );
    let profile = write_profile(
        &dir,
        &mock,
        &p,
        &mut |n, i| {
            if i.id == command_user.id {
                // The shell expands the variable when it runs the command.
                return "token_command: 'printf \"%s\\n\" \"$FC_CMD_TOKEN\"'".into();
            }
            let json = if i.id == canary_user.id {
                ids_json(CANARY_AT, CANARY_RT, 2)
            } else {
                let g = mock.issue_token(&i.id).expect("a token");
                ids_json(&g.access, &g.refresh, 2)
            };
            env.push((format!("FC_TOKEN_{n}"), json));
            format!("token: \"${{FC_TOKEN_{n}}}\"")
        },
        "",
        &extra,
    );
    let out_dir = dir.join("out");
    let path = |f: &str| out_dir.join(f).to_string_lossy().into_owned();
    let p_arg = profile.to_string_lossy().into_owned();
    let outs = [
        run(
            &[
                "run",
                "--profile",
                &p_arg,
                "--junit",
                &path("junit.xml"),
                "--json",
                &path("cucumber.json"),
                "--html",
                &path("report.html"),
                "--evidence",
                &path("evidence"),
                "-v",
            ],
            &env,
        )
        .await,
        run(&["doctor", "--profile", &p_arg], &env).await,
        run(&["list", "--profile", &p_arg], &env).await,
    ];
    let (stdout, stderr) = text(&outs[0]);
    assert_eq!(
        outs[0].status.code(),
        Some(exit::FAILED),
        "{stdout}\n{stderr}"
    );
    assert!(stdout.contains("FAILED"), "findings were made");
    // What the redaction has to hold back was really there: Bearer headers, renewals through
    // the refresh API (whose form carries both tokens), XMPP logins with tokens.
    assert!(
        stdout.contains("Authorization: Bearer *** (user agent1001)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("/desktop/sso/token"),
        "no renewal in the transcripts"
    );
    assert!(
        stdout.contains("token=***&refresh-token=***"),
        "the refresh form, redacted"
    );
    assert!(stdout.contains("<auth"), "no XMPP login in the transcripts");
    let issued = mock.issued_tokens();
    assert!(issued.len() > 2 * 12, "renewals happened: {}", issued.len());

    let names: Vec<String> = [&canary_user, &command_user]
        .iter()
        .flat_map(|i| [i.id.clone(), i.auth_name().to_string()])
        .collect();
    let mut needles: Vec<String> = Vec::new();
    for t in [CANARY_AT, CANARY_RT, CANARY_CMD_AT, CANARY_CMD_RT] {
        needles.extend(forms(t, &names));
    }
    needles.extend(["CanaryAT", "CanaryRT", "CanaryCmd"].map(String::from));
    let all_names: Vec<String> = p
        .users
        .agents
        .iter()
        .chain(&p.users.supervisors)
        .chain(&p.users.other_team_agents)
        .flat_map(|i| [i.id.clone(), i.auth_name().to_string()])
        .collect();
    for t in &issued {
        needles.extend(forms(t, &all_names));
    }
    let search = aho_corasick::AhoCorasick::new(&needles).expect("automaton");
    let leak = |what: &str, hay: &str| {
        if let Some(m) = search.find(hay) {
            panic!(
                "{what} leaks a token (needle {}) near {:?}",
                m.pattern().as_usize(),
                hay.get(m.start().saturating_sub(40)..m.start())
                    .unwrap_or("?")
            );
        }
    };
    for (i, o) in outs.iter().enumerate() {
        let (stdout, stderr) = text(o);
        leak(&format!("stdout of command {i}"), &stdout);
        leak(&format!("stderr of command {i}"), &stderr);
    }
    let files = files_under(&out_dir);
    assert!(files.len() >= 6, "{files:?}");
    assert!(
        files.iter().any(|f| f.ends_with("transcript.txt")),
        "{files:?}"
    );
    for f in files {
        let body = String::from_utf8_lossy(&std::fs::read(&f).expect("read")).into_owned();
        leak(&f.display().to_string(), &body);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_command_that_fails_stops_the_run_on_one_line_naming_its_key() {
    let mock = sso_mock(Deployment::Ucce, Duration::from_secs(600)).await;
    let p = mock.profile();
    let dir = temp_dir("command");
    let secret = "S3cret-on-stderr";
    let mut env = Vec::new();
    for (case, command, want) in [
        (
            "fails",
            format!("echo {secret} >&2; exit 7"),
            "exited with status 7, and wrote 1 line to stderr (not shown",
        ),
        ("empty", "true".to_string(), "its output is empty"),
        ("slow", "sleep 20".to_string(), "did not finish within 1s"),
    ] {
        let path = write_profile(
            &dir,
            &mock,
            &p,
            &mut |n, i| {
                if n == 3 {
                    format!("token_command: \"{command}\"")
                } else {
                    let g = mock.issue_token(&i.id).expect("a token");
                    env.push((format!("FC_TOKEN_{n}"), g.access.clone()));
                    format!("token: \"${{FC_TOKEN_{n}}}\"")
                }
            },
            ", token_command: 1s",
            "",
        );
        let started = Instant::now();
        let out = run(&["run", "--profile", &path.to_string_lossy()], &env).await;
        let (stdout, stderr) = text(&out);
        assert_eq!(
            out.status.code(),
            Some(exit::USAGE),
            "{case}: {stdout}\n{stderr}"
        );
        let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
        assert_eq!(errors.len(), 1, "{case}: {stderr}");
        assert!(
            errors[0].contains("users.agents[2].token_command") && errors[0].contains(want),
            "{case}: {}",
            errors[0]
        );
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "{case}"
        );
        assert!(started.elapsed() < Duration::from_secs(15), "{case}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_auth_options_are_for_the_embedded_mock_only() {
    let dir = temp_dir("options");
    let mock = sso_mock(Deployment::Ucce, Duration::from_secs(600)).await;
    let p = mock.profile();
    let path = write_profile(
        &dir,
        &mock,
        &p,
        &mut |_, _| "password: \"${FC_PW}\"".into(),
        "",
        "",
    );
    let env = [("FC_PW".to_string(), "pw".to_string())];
    let out = run(
        &["run", "--auth", "sso", "--profile", &path.to_string_lossy()],
        &env,
    )
    .await;
    let (_, stderr) = common::exited(&out, exit::USAGE);
    assert!(
        stderr.contains("--auth and --token-lifetime apply to the embedded mock only"),
        "{stderr}"
    );
    let out = run(
        &[
            "run",
            "--token-lifetime",
            "5s",
            "--profile",
            &path.to_string_lossy(),
        ],
        &env,
    )
    .await;
    assert_eq!(out.status.code(), Some(exit::USAGE), "{}", text(&out).1);
    for bad in ["0s", "500ms", "soon"] {
        let out = run(&["run", "--auth", "sso", "--token-lifetime", bad], &[]).await;
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(exit::USAGE), "{bad}: {stderr}");
        assert!(stderr.contains("--token-lifetime"), "{bad}: {stderr}");
    }
    let banner = finesse_mock::banner(&mock);
    assert!(banner.contains("auth:      SSO"), "{banner}");
    assert!(banner.contains("/desktop/sso/token"), "{banner}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_doctor_reports_the_auth_mode_and_whether_the_profile_matches_it() {
    let mock = sso_mock(Deployment::Ucce, Duration::from_secs(600)).await;
    let r = doctor::check(&mock.profile(), doctor::Options::default()).await;
    assert!(r.holds(), "{:#?}", r.problems().collect::<Vec<_>>());
    let line = common::doctor_line(&r, "systemAuthMode");
    assert_eq!(line.status, Status::Ok, "{line:?}");
    assert!(
        line.text.contains("SSO") && line.text.contains("token"),
        "{line:?}"
    );

    // A profile with passwords against an SSO Finesse: named, with the fix.
    let mut basic = mock.profile();
    for i in basic.users.agents.iter_mut() {
        i.auth = Auth::Password(Secret::new("pw"));
    }
    let r = doctor::check(&basic, doctor::Options::default()).await;
    let line = common::doctor_line(&r, "systemAuthMode");
    assert_eq!(line.status, Status::Problem, "{line:?}");
    assert!(line.text.contains("SSO mode"), "{line:?}");
    assert!(
        line.fix.as_deref().is_some_and(|f| f.contains("token")),
        "{line:?}"
    );

    // And an SSO profile against a Basic Finesse.
    let plain = MockServer::start(MockConfig::default())
        .await
        .expect("mock");
    let mut sso = plain.profile();
    sso.base_url = plain.url();
    let tokens = mock.profile();
    sso.users = tokens.users;
    let r = doctor::check(&sso, doctor::Options::default()).await;
    let line = common::doctor_line(&r, "systemAuthMode");
    assert_eq!(line.status, Status::Problem, "{line:?}");
    assert!(line.text.contains("NON_SSO"), "{line:?}");
}
