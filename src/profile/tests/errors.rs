//! Refused profiles: each error names its key, says how to fix it, fits on one line
//! and echoes no secret.

use super::*;
use crate::profile::yaml::suggest;

#[test]
fn missing_env_var_names_file_key_variable_and_fix() {
    let e = parse_err(&minimal("").replace("FINESSE_AGENT1_PASSWORD", "FINESSE_NOPE"));
    assert_eq!(e.file, "lab.yaml");
    assert_eq!(e.key.as_deref(), Some("users.agents[0].password"));
    assert_eq!(
        e.to_string(),
        "profile lab.yaml: users.agents[0].password: environment variable FINESSE_NOPE is not set (fix: export FINESSE_NOPE=... before running)"
    );
    let e = parse_err(&minimal("name: ${UNSET_NAME}\n"));
    assert_eq!(e.key.as_deref(), Some("name"));
    assert!(e.message.contains("UNSET_NAME"));
}

#[test]
fn bad_references_rejected() {
    let e = parse_err(&minimal("name: lab-${UNCLOSED\n"));
    assert_eq!(e.key.as_deref(), Some("name"));
    assert!(e.message.contains("no closing"), "{e}");
    let e = parse_err(&minimal("name: lab-${1BAD}\n"));
    assert!(
        e.message.contains("not a valid environment variable"),
        "{e}"
    );
}

#[test]
fn literal_password_rejected_without_echo() {
    let e = parse_err(&minimal("").replace("${FINESSE_AGENT1_PASSWORD}", "hunter2-literal"));
    assert_eq!(e.key.as_deref(), Some("users.agents[0].password"));
    assert!(e.message.contains("literal"), "{e}");
    assert!(
        e.to_string()
            .contains("put it in an environment variable and write ${NAME}")
    );
    assert!(!e.to_string().contains("hunter2"));
    // Text around a reference is also rejected.
    let e = parse_err(
        &minimal("").replace("${FINESSE_AGENT1_PASSWORD}", "x${FINESSE_AGENT1_PASSWORD}"),
    );
    assert!(e.message.contains("exactly one"), "{e}");
    // An empty variable is rejected too.
    let e = parse_err(&minimal("").replace("FINESSE_AGENT1_PASSWORD", "EMPTY_PASSWORD"));
    assert!(e.message.contains("EMPTY_PASSWORD is set but empty"), "{e}");
    let e = parse_err("base_url: http://x\nusers:\n  agents:\n    - id: a\n");
    assert_eq!(e.key.as_deref(), Some("users.agents[0].password"));
}

#[test]
fn unknown_keys_get_path_and_suggestion() {
    let e = parse_err(&minimal("").replace("base_url", "base_ur"));
    assert_eq!(e.key.as_deref(), Some("base_ur"));
    assert!(e.to_string().contains("did you mean `base_url`?"), "{e}");
    let e = parse_err(&minimal("").replace("password:", "pasword:"));
    assert_eq!(e.key.as_deref(), Some("users.agents[0].pasword"));
    assert!(e.message.contains("lab.yaml:5:7"), "{e}");
    assert!(
        e.fix
            .as_deref()
            .unwrap_or_default()
            .contains("did you mean `password`?")
    );
    let e = parse_err(&minimal(
        "test_data:\n  reason_codes:\n    NOT_READY: { team: 1, teem: 2 }\n",
    ));
    assert_eq!(
        e.key.as_deref(),
        Some("test_data.reason_codes.NOT_READY.teem")
    );
    assert!(e.to_string().contains("did you mean `team`?"), "{e}");
    // Nothing close: no suggestion, but the valid keys are listed.
    let e = parse_err(&minimal("tls:\n  zzzzzzzz: 1\n"));
    assert_eq!(e.key.as_deref(), Some("tls.zzzzzzzz"));
    assert!(!e.to_string().contains("did you mean"), "{e}");
    assert!(e.to_string().contains("ca_cert, insecure"), "{e}");
}

#[test]
fn key_paths_name_the_list_item_and_the_flow_map_entry() {
    let agents = |second: &str| {
        format!(
            "base_url: https://h\nusers:\n  agents:\n    - id: a\n      password: ${{A_PASSWORD}}\n{second}"
        )
    };
    let e = parse_err(&agents("    - id: b\n      extension: [1]\n"));
    assert_eq!(
        e.to_string(),
        "profile lab.yaml: users.agents[1].extension: expected a single value, not a list or mapping at lab.yaml:7:18 (fix: correct the value; see docs/profile-schema.md)"
    );
    let e = parse_err(&agents("    - { id: b, tokn: x }\n"));
    assert_eq!(e.key.as_deref(), Some("users.agents[1].tokn"), "{e}");
    assert!(e.to_string().contains("did you mean `token`?"), "{e}");
}

#[test]
fn other_documents_get_the_same_key_paths() {
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        a: String,
        b: String,
    }
    // A missing field is the item's fault, not that of the key before it.
    let e = parse_yaml::<Vec<Item>>("- a: x\n  b: y\n- a: x\n", "f.yaml").expect_err("no b");
    assert_eq!(
        e,
        "f.yaml: [1]: missing field `b` at f.yaml:3:3 (fix: correct the value; see docs/profile-schema.md)"
    );
    let e = parse_yaml::<Vec<Item>>("- a: x\n  c: y\n", "f.yaml").expect_err("c");
    assert!(
        e.starts_with("f.yaml: [0].c: unknown key `c` at f.yaml:2:3 (fix: "),
        "{e}"
    );
}

#[test]
fn bad_values_rejected_with_key() {
    let cases = [
        (
            "timeouts:\n  request: 10 parsecs\n",
            "timeouts.request",
            "invalid duration",
        ),
        (
            "timeouts:\n  settle: 0s\n",
            "timeouts.settle",
            "greater than zero",
        ),
        ("deployment: PCCE\n", "deployment", "unknown deployment"),
        ("version: latest\n", "version", "not a version"),
        ("max_concurrency: 0\n", "max_concurrency", "at least 1"),
        ("max_concurrency: many\n", "max_concurrency", "whole number"),
        ("tls:\n  insecure: maybe\n", "tls.insecure", "true or false"),
        ("tls: [a]\n", "tls", "mapping"),
        (
            "limits:\n  max_body_bytes: 4 parsecs\n",
            "limits.max_body_bytes",
            "not a size",
        ),
        (
            "limits:\n  max_body_bytes: 0\n",
            "limits.max_body_bytes",
            "between 1 KiB and 1 GiB",
        ),
    ];
    for (extra, key, msg) in cases {
        let e = parse_err(&minimal(extra));
        assert_eq!(e.key.as_deref(), Some(key), "{e}");
        assert!(e.message.contains(msg), "{e}");
    }
    let e = parse_err(&minimal("deployment: PCCE\n"));
    assert_eq!(e.fix.as_deref(), Some("use auto, UCCE or UCCX"));
}

#[test]
fn booleans_are_only_true_or_false() {
    for value in ["yes", "\"yes\"", "no", "on", "off", "y", "n", "1", "\"on\""] {
        for key in ["tls.insecure", "capabilities.calls"] {
            let (section, field) = key.split_once('.').expect("dotted");
            let e = parse_err(&minimal(&format!("{section}:\n  {field}: {value}\n")));
            assert_eq!(e.key.as_deref(), Some(key), "{value}: {e}");
            assert!(e.message.contains("true or false"), "{value}: {e}");
            assert!(
                e.fix
                    .as_deref()
                    .is_some_and(|f| f.contains("write true or false"))
            );
        }
    }
    for (value, on) in [
        ("true", true),
        ("True", true),
        ("FALSE", false),
        ("\"true\"", true),
    ] {
        let p = parse(&minimal(&format!("tls:\n  insecure: {value}\n"))).expect(value);
        assert_eq!(p.tls.insecure, on, "{value}");
    }
}

#[test]
fn concurrency_and_version_rules_are_shared_with_the_command_line() {
    assert_eq!(check_concurrency(3), Ok(3));
    let r = check_concurrency(0).expect_err("zero");
    let e = parse_err(&minimal("max_concurrency: 0\n"));
    assert_eq!(
        (e.message.as_str(), e.fix.as_deref()),
        (r.message.as_str(), Some(r.fix))
    );
    assert!(
        r.for_flag("--concurrency")
            .starts_with("--concurrency: must be at least 1 (fix: ")
    );
    assert_eq!(
        parse_version(" 12.6(1) "),
        Ok(VersionSetting::Pinned("12.6(1)".into()))
    );
    assert_eq!(parse_version("AUTO"), Ok(VersionSetting::Auto));
    let r = parse_version("banana").expect_err("banana");
    let e = parse_err(&minimal("version: banana\n"));
    assert_eq!(
        (e.message.as_str(), e.fix.as_deref()),
        (r.message.as_str(), Some(r.fix))
    );
}

#[test]
fn agents_required() {
    let empty = "base_url: https://h\nusers:\n  agents: []\n";
    assert_eq!(parse_err(empty).key.as_deref(), Some("users.agents"));
    let missing = "base_url: https://h\nusers:\n  supervisors: []\n";
    assert_eq!(parse_err(missing).key.as_deref(), Some("users.agents"));
    assert_eq!(
        parse_err("base_url: https://h\n").key.as_deref(),
        Some("users")
    );
    let not_a_list = "base_url: https://h\nusers:\n  agents:\n    id: a\n";
    let e = parse_err(not_a_list);
    assert_eq!(e.key.as_deref(), Some("users.agents"));
    assert!(e.message.contains("expected a list"), "{e}");
}

#[test]
fn yaml_syntax_error_has_line_and_column() {
    let e = parse_err("base_url: https://h\nusers:\n  agents:\n    - id: a\n   bad: indent\n");
    assert_eq!(e.key, None);
    assert!(e.message.starts_with("invalid YAML at lab.yaml:5:"), "{e}");
    // Typed parsing stops at the unknown key `a`; the syntax error wins.
    let e = parse_err("a: b: c\n");
    assert!(e.message.starts_with("invalid YAML at lab.yaml:1:5"), "{e}");
    let e = parse_err("base_url: [x\n");
    assert!(e.message.contains("lab.yaml:1:"), "{e}");
}

/// Every error case used for the one-line and no-leak checks.
fn error_cases() -> Vec<String> {
    let mut v: Vec<String> = [
        "timeouts:\n  request: \"10\\nparsecs\"\n",
        "deployment: \"bad\\nvalue\"\n",
        "base_ur: x\n",
        "max_concurrency: 0\n",
        "name: ${NOT_SET}\n",
        "test_data:\n  mrd: { valid: 1 }\n",
        "capabilities:\n  fault_injection: {}\n",
        "tls:\n  insecure: maybe\n",
        "  : [\n",
    ]
    .iter()
    .map(|extra| minimal(extra))
    .collect();
    v.push(minimal("").replace("${FINESSE_AGENT1_PASSWORD}", CANARY));
    v.push(minimal("").replace("${FINESSE_AGENT1_PASSWORD}", &format!("\"{CANARY}\\nx\"")));
    v.push(minimal("").replace(
        "base_url: https://finesse.example.com:8445/",
        "base_url: \"ftp://a\\nb\"",
    ));
    v
}

#[test]
fn every_error_display_is_one_line_and_leaks_nothing() {
    for text in error_cases() {
        let e = parse(&text)
            .err()
            .unwrap_or_else(|| panic!("no error for {text:?}"));
        let shown = e.to_string();
        assert!(
            !shown.contains('\n') && !shown.contains('\r'),
            "multi-line: {shown:?}"
        );
        assert!(shown.starts_with("profile lab.yaml: "), "{shown}");
        assert!(shown.contains("(fix: "), "{shown}");
        assert!(!shown.contains(CANARY), "leaked: {shown}");
        assert!(!format!("{e:?}").contains(CANARY), "leaked in Debug: {e:?}");
    }
    let e = ProfileError {
        file: "f".into(),
        key: None,
        message: "a\nb".into(),
        fix: None,
    };
    assert_eq!(e.to_string(), "profile f: a b");
}

#[test]
fn suggestions_are_close_keys_only() {
    assert_eq!(suggest("Base_URL", &["name", "base_url"]), Some("base_url"));
    assert_eq!(
        suggest("tokn_comand", &["token", "token_command"]),
        Some("token_command")
    );
    // Three edits are too many for a six-letter key, not for a nine-letter one.
    assert_eq!(suggest("abcdef", &["abcxyz"]), None);
    assert_eq!(suggest("abcdefghi", &["abcdefxyz"]), Some("abcdefxyz"));
    // Case is ignored both ways: the reason-code keys are upper case.
    assert_eq!(
        suggest("not_ready", &["NOT_READY", "LOGOUT"]),
        Some("NOT_READY")
    );
    assert_eq!(suggest("x", &["id"]), None);
    assert_eq!(suggest("zzzzzzzz", &["ca_cert", "insecure"]), None);
}
