//! How a profile's identities authenticate: `password`, `token` or `token_command`, exactly
//! one; the secrets they hold; and the auth mode the doctor compares with SystemInfo.

use std::time::Duration;

use crate::profile::{Auth, AuthMode, Profile, ProfileError, Secret, TokenSource};

const PASSWORD: &str = "canary-pw-51c0";
const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.canary-at-8e2d.sig";
const REFRESH: &str = "eyJhbGciOiJSUzI1NiJ9.canary-rt-2b7a.sig";

fn env(name: &str) -> Option<String> {
    match name {
        "FC_PW" => Some(PASSWORD.into()),
        "FC_TOKEN" => Some(format!("  {TOKEN}\n")),
        "FC_TOKEN_JSON" => Some(format!(
            r#"{{"token":"{TOKEN}","refresh_token":"{REFRESH}","expires_in":300,"user_id":"agent1"}}"#
        )),
        "FC_TWO_WORDS" => Some(format!("{TOKEN} {TOKEN}")),
        "FC_EMPTY" => Some(String::new()),
        _ => None,
    }
}

/// A profile whose agents[0] authenticates with `auth` (a YAML flow-map entry) and whose
/// agents[1] with a password.
fn parse(auth: &str) -> Result<Profile, ProfileError> {
    let text = format!(
        "base_url: https://finesse.example.com:8445\nusers:\n  agents:\n    - {{ id: \"1001\", login_id: agent1, {auth} }}\n    - {{ id: \"1002\", password: \"${{FC_PW}}\" }}\n"
    );
    Profile::from_yaml_str(&text, "lab.yaml", &env)
}

fn parse_err(auth: &str) -> ProfileError {
    match parse(auth) {
        Ok(p) => panic!("{auth}: expected an error, got {p:?}"),
        Err(e) => e,
    }
}

fn source(p: &Profile) -> &TokenSource {
    match &p.users.agents[0].auth {
        Auth::Token(t) => t,
        other => panic!("not a token: {other:?}"),
    }
}

#[test]
fn a_token_from_the_environment_is_a_bearer_token_bare_or_as_the_ids_json() {
    let p = parse(r#"token: "${FC_TOKEN}""#).expect("bare token");
    let t = source(&p);
    assert_eq!(t.key, "users.agents[0].token");
    assert_eq!(t.command, None);
    let g = t.initial.as_ref().expect("a token");
    assert_eq!(g.access.expose(), TOKEN, "trimmed");
    assert!(!format!("{p:?}").contains("canary"), "Debug shows no token");
    assert_eq!((g.refresh.as_ref(), g.expires_in), (None, None));
    assert_eq!(super::password(&p.users.agents[0]), None);

    let p = parse(r#"token: "${FC_TOKEN_JSON}""#).expect("IdS JSON");
    let g = source(&p).initial.as_ref().expect("a token");
    assert_eq!(g.access.expose(), TOKEN);
    assert_eq!(g.refresh.as_ref().map(Secret::expose), Some(REFRESH));
    assert_eq!(g.expires_in, Some(Duration::from_secs(300)));
    // Both tokens are secrets of the profile, paired with the user's names.
    let secrets = p.secrets();
    assert!(secrets.iter().any(|s| s == TOKEN) && secrets.iter().any(|s| s == REFRESH));
    let (passwords, tokens) = p.redaction();
    assert_eq!(passwords, [PASSWORD]);
    let names = vec!["agent1".to_string(), "1001".to_string()];
    assert_eq!(
        tokens,
        [
            (TOKEN.to_string(), names.clone()),
            (REFRESH.to_string(), names)
        ]
    );
}

#[test]
fn a_token_command_is_kept_verbatim_for_the_shell() {
    // `${FC_UNSET}` is the shell's to expand when the command runs, not the profile's.
    let p =
        parse(r#"token_command: "get-token --user agent1 --secret ${FC_UNSET}""#).expect("command");
    let t = source(&p);
    assert_eq!(t.key, "users.agents[0].token_command");
    assert_eq!(
        t.command.as_deref(),
        Some("get-token --user agent1 --secret ${FC_UNSET}")
    );
    assert_eq!(t.initial, None);
    // A command might hold a literal credential: Debug does not show it.
    assert!(!format!("{p:?}").contains("get-token"), "{p:?}");
    assert_eq!(p.timeouts.token_command, Duration::from_secs(30), "default");
    let e = parse_err(r#"token_command: "  ""#);
    assert_eq!(e.key.as_deref(), Some("users.agents[0].token_command"));
    assert!(e.message.contains("is empty"), "{e}");
}

#[test]
fn tokens_must_be_one_environment_reference_and_are_never_echoed() {
    let cases = [
        (
            format!("token: \"{TOKEN}\""),
            "literal tokens are not allowed",
        ),
        ("token: \"x${FC_TOKEN}\"".to_string(), "exactly one ${NAME}"),
        (
            "token: \"${FC_EMPTY}\"".to_string(),
            "FC_EMPTY is set but empty",
        ),
        ("token: \"${FC_NOPE}\"".to_string(), "FC_NOPE is not set"),
        (
            "token: \"${FC_TWO_WORDS}\"".to_string(),
            "an access token (one word of printable ASCII) or the IdS JSON",
        ),
    ];
    for (auth, want) in cases {
        let e = parse_err(&auth);
        assert_eq!(e.key.as_deref(), Some("users.agents[0].token"), "{auth}");
        let shown = e.to_string();
        assert!(shown.contains(want), "{auth}: {shown}");
        assert!(!shown.contains("canary-at"), "{auth}: {shown}");
        assert!(!shown.contains('\n'), "{shown}");
    }
}

#[test]
fn an_identity_takes_exactly_one_way_to_authenticate() {
    let e = parse_err(r#"password: "${FC_PW}", token: "${FC_TOKEN}""#);
    assert_eq!(e.key.as_deref(), Some("users.agents[0]"));
    assert!(
        e.message.contains("password and token") && e.message.contains("exactly one"),
        "{e}"
    );
    let e = parse_err(r#"token: "${FC_TOKEN}", token_command: "true""#);
    assert!(e.message.contains("token and token_command"), "{e}");
    assert!(!e.to_string().contains("canary"), "{e}");
    let e = parse_err(r#"extension: "1""#);
    assert_eq!(e.key.as_deref(), Some("users.agents[0].password"));
    assert!(
        e.message.contains("token_command"),
        "names the SSO keys too: {e}"
    );
}

#[test]
fn the_auth_mode_follows_the_identities() {
    let mixed = parse(r#"token: "${FC_TOKEN}""#).expect("parses");
    assert_eq!(mixed.auth_mode(), AuthMode::Mixed);
    let basic = parse(r#"password: "${FC_PW}""#).expect("parses");
    assert_eq!(basic.auth_mode(), AuthMode::Basic);
    let mut sso = mixed.clone();
    sso.users.agents[1].auth = sso.users.agents[0].auth.clone();
    assert_eq!(sso.auth_mode(), AuthMode::Sso);
    // The administrator counts too.
    let mut with_admin = sso.clone();
    with_admin.users.admin = Some(basic.users.agents[0].clone());
    assert_eq!(with_admin.auth_mode(), AuthMode::Mixed);
}

#[test]
fn the_token_command_deadline_is_a_timeout() {
    let text = "base_url: https://f:8445\ntimeouts: { token_command: 5s }\nusers:\n  agents:\n    - { id: \"1\", token_command: \"true\" }\n";
    let p = Profile::from_yaml_str(text, "lab.yaml", &env).expect("parses");
    assert_eq!(p.timeouts.token_command, Duration::from_secs(5));
}
