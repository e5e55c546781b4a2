//! Valid profiles: what each key becomes, and the defaults.

use std::{path::PathBuf, time::Duration};

use super::*;
use crate::profile::types::DEFAULT_UNKNOWN_EXTENSION;

#[test]
fn full_example_parses() {
    let p = parse(FULL).expect("full example");
    assert_eq!(p.name, "ucce-lab-1");
    assert_eq!(p.base_url, "https://finesse1.lab.example.com:8445");
    assert_eq!(p.tls.ca_cert, Some(PathBuf::from("/etc/ssl/lab-ca.pem")));
    assert!(p.tls.insecure);
    assert_eq!(p.timeouts.request, Duration::from_secs(11));
    assert_eq!(p.timeouts.async_outcome, Duration::from_secs(6));
    assert_eq!(p.timeouts.settle, Duration::from_secs(3));
    assert_eq!(p.timeouts.poll_interval, Duration::from_millis(100));
    assert_eq!(p.max_concurrency, 3);
    assert_eq!(p.limits.max_body_bytes, 16 << 20);
    assert_eq!(p.deployment, DeploymentSetting::Fixed(Deployment::Ucce));
    assert_eq!(p.version, VersionSetting::Pinned("12.6(1)".into()));
    let a = &p.users.agents[0];
    assert_eq!((a.id.as_str(), a.auth_name()), ("1001", "agent1"));
    assert_eq!(
        password(a).map(|s| s.expose().to_string()),
        Some(format!("{CANARY}-FINESSE_AGENT1_PASSWORD"))
    );
    assert_eq!(a.extension.as_deref(), Some("1001001"));
    assert_eq!(a.team_id.as_deref(), Some("5000"));
    assert_eq!(p.users.supervisors[0].auth_name(), "2001");
    assert!(p.users.other_team_agents.is_empty());
    assert_eq!(p.users.admin.as_ref().map(|a| a.id.as_str()), Some("admin"));
    assert_eq!(p.test_data.unknown_user_id, "no-such-user-424242");
    let mrd = p.test_data.mrd.as_ref().expect("mrd");
    assert_eq!((mrd.valid.as_str(), mrd.unknown.as_str()), ("5001", "9999"));
    let nr = &p.test_data.reason_codes.not_ready;
    assert_eq!(nr.team.as_deref(), Some("12"));
    assert_eq!(nr.global.as_deref(), Some("10"));
    assert_eq!(nr.system.as_deref(), Some("33"));
    assert_eq!(nr.other_team.as_deref(), Some("14"));
    assert_eq!(p.test_data.reason_codes.logout.team.as_deref(), Some("22"));
    assert_eq!(p.test_data.reason_codes.logout.global, None);
    let c = &p.capabilities;
    assert_eq!(c.has("nonvoice_media"), Some(true));
    assert_eq!(c.has("calls"), Some(true));
    assert_eq!(c.has("outbound_preview"), Some(false));
    assert_eq!(c.has("fault_injection"), Some(true));
    assert_eq!(c.has("teleportation"), None);
    match &c.fault_injection {
        Some(FaultInjection::Commands(cmds)) => {
            let down = cmds
                .notification_service_down
                .as_deref()
                .unwrap_or_default();
            assert!(down.starts_with("ssh admin@lab"));
            assert_eq!(cmds.in_service.as_deref(), Some("echo in"));
            assert_eq!(cmds.out_of_service, None);
        }
        other => panic!("unexpected fault injection {other:?}"),
    }
}

#[test]
fn defaults_apply() {
    let p = parse(&minimal("")).expect("minimal");
    assert_eq!(p.name, "lab");
    assert_eq!(p.base_url, "https://finesse.example.com:8445");
    assert!(p.tls.ca_cert.is_none() && !p.tls.insecure);
    assert_eq!(p.timeouts.request, Duration::from_secs(10));
    assert_eq!(p.timeouts.async_outcome, Duration::from_secs(5));
    assert_eq!(p.timeouts.settle, Duration::from_secs(2));
    assert_eq!(p.timeouts.poll_interval, Duration::from_millis(250));
    assert_eq!(p.max_concurrency, 1);
    assert_eq!(p.limits.max_body_bytes, 4 * 1024 * 1024);
    assert_eq!(p.deployment, DeploymentSetting::Auto);
    assert_eq!(p.version, VersionSetting::Auto);
    assert_eq!(p.users.agents[0].auth_name(), "1001");
    assert!(p.users.supervisors.is_empty() && p.users.admin.is_none());
    assert_eq!(
        p.test_data.unknown_user_id,
        "finesse-conformance-no-such-user"
    );
    assert_eq!(p.test_data.unknown_reason_code_id, "987654321");
    assert!(p.test_data.mrd.is_none());
    assert!(p.test_data.reason_codes.not_ready.team.is_none());
    assert_eq!(p.capabilities.has("calls"), Some(false));
    assert_eq!(p.capabilities.has("fault_injection"), Some(false));
    // A partial timeouts section keeps the other defaults.
    let p = parse(&minimal("timeouts:\n  settle: 1m 30s\n")).expect("timeouts");
    assert_eq!(p.timeouts.settle, Duration::from_secs(90));
    assert_eq!(p.timeouts.request, Duration::from_secs(10));
}

#[test]
fn env_references_expand_mid_string() {
    let text = minimal("").replace(
        "https://finesse.example.com:8445/",
        "https://${LAB_HOST}:8445/",
    );
    let p = parse(&format!("{text}name: lab-${{LAB_HOST}}-x\n")).expect("expanded");
    assert_eq!(p.base_url, "https://finesse1.lab.example.com:8445");
    assert_eq!(p.name, "lab-finesse1.lab.example.com-x");
}

#[test]
fn deployment_and_version_settings() {
    let p = parse(&minimal("deployment: Uccx\nversion: 12.5\n")).expect("uccx");
    assert_eq!(p.deployment, DeploymentSetting::Fixed(Deployment::Uccx));
    assert_eq!(p.version, VersionSetting::Pinned("12.5".into()));
    let p = parse(&minimal("deployment: AUTO\nversion: Auto\n")).expect("auto");
    assert_eq!(
        (p.deployment, p.version),
        (DeploymentSetting::Auto, VersionSetting::Auto)
    );
    assert_eq!("ucce".parse::<Deployment>(), Ok(Deployment::Ucce));
    assert!("pcce".parse::<Deployment>().is_err());
    assert_eq!(Deployment::Uccx.to_string(), "UCCX");
}

#[test]
fn fault_injection_variants() {
    let both = "capabilities:\n  fault_injection:\n    control_url: http://127.0.0.1:9000/mock\n    commands: {}\n";
    let e = parse_err(&minimal(both));
    assert_eq!(e.key.as_deref(), Some("capabilities.fault_injection"));
    assert!(e.message.contains("both"), "{e}");
    let neither = "capabilities:\n  fault_injection: {}\n";
    assert!(parse_err(&minimal(neither)).message.contains("needs"));
    let mock = "capabilities:\n  fault_injection:\n    control_url: http://127.0.0.1:9000/mock/\n";
    match parse(&minimal(mock)).map(|p| p.capabilities.fault_injection) {
        Ok(Some(FaultInjection::MockControl { url })) => {
            assert_eq!(url, "http://127.0.0.1:9000/mock")
        }
        other => panic!("unexpected {other:?}"),
    }
    let bad = "capabilities:\n  fault_injection:\n    control_url: 127.0.0.1:9000\n";
    let e = parse_err(&minimal(bad));
    assert_eq!(
        e.key.as_deref(),
        Some("capabilities.fault_injection.control_url")
    );
}

#[test]
fn integer_and_string_reason_codes_accepted() {
    let extra = "test_data:\n  unknown_reason_code_id: 42\n  reason_codes:\n    LOGOUT:\n      team: 22\n      global: \"20\"\n      system: 035\n";
    let p = parse(&minimal(extra)).expect("codes");
    let l = &p.test_data.reason_codes.logout;
    assert_eq!(l.team.as_deref(), Some("22"));
    assert_eq!(l.global.as_deref(), Some("20"));
    // Ids are kept verbatim, not re-formatted as numbers.
    assert_eq!(l.system.as_deref(), Some("035"));
    assert_eq!(p.test_data.unknown_reason_code_id, "42");
}

#[test]
fn unknown_extension_has_a_default_and_may_be_a_number() {
    let p = parse(&minimal("")).expect("default");
    assert_eq!(p.test_data.unknown_extension, DEFAULT_UNKNOWN_EXTENSION);
    let p = parse(&minimal("test_data:\n  unknown_extension: 4999123\n")).expect("number");
    assert_eq!(p.test_data.unknown_extension, "4999123");
}

#[test]
fn passwords_never_in_debug_and_listed_by_secrets() {
    let p = parse(FULL).expect("full");
    let debug = format!("{p:?}");
    assert!(!debug.contains(CANARY), "{debug}");
    assert!(debug.contains("***"));
    let mut secrets = p.secrets();
    secrets.sort();
    let names = ["ADMIN", "AGENT1", "SUPERVISOR1"];
    let want: Vec<String> = names
        .iter()
        .map(|n| format!("{CANARY}-FINESSE_{n}_PASSWORD"))
        .collect();
    assert_eq!(secrets, want);
    let s = Secret::new("x");
    assert_eq!(
        (format!("{s}"), format!("{s:?}"), s.expose()),
        ("***".into(), "***".into(), "x")
    );
}

#[test]
fn load_reports_file_errors() {
    let e = match Profile::load(Path::new("/nonexistent/dir/lab.yaml")) {
        Ok(p) => panic!("{p:?}"),
        Err(e) => e,
    };
    assert_eq!(e.file, "/nonexistent/dir/lab.yaml");
    assert!(e.message.contains("cannot read"), "{e}");
    // A real file: the password variable is (almost certainly) unset in the test process.
    let path = std::env::temp_dir().join(format!("profile-test-{}.yaml", std::process::id()));
    let text = minimal("").replace("FINESSE_AGENT1_PASSWORD", "PROFILE_TEST_UNSET_7E1C_VAR");
    std::fs::write(&path, text).expect("write temp profile");
    let result = Profile::load(&path);
    let _ = std::fs::remove_file(&path);
    let e = result.expect_err("unset variable error");
    assert_eq!(e.file, path.display().to_string());
    assert!(
        e.message.contains("PROFILE_TEST_UNSET_7E1C_VAR is not set"),
        "{e}"
    );
}

#[test]
fn shipped_example_profiles_parse() {
    let ucce = include_str!("../../../profiles/ucce-lab.example.yaml");
    let p = Profile::from_yaml_str(ucce, "profiles/ucce-lab.example.yaml", &env).expect("ucce");
    assert_eq!(p.deployment, DeploymentSetting::Fixed(Deployment::Ucce));
    assert_eq!(p.base_url, "https://lab.example.com:8445");
    assert!(p.capabilities.nonvoice_media);
    assert!(p.test_data.mrd.is_some());
    assert_eq!(p.secrets().len(), 6);
    assert_eq!(p.users.wrap_up_agents.len(), 1);
    assert_eq!(p.test_data.wrap_up_timer, Some(Duration::from_secs(30)));
    assert_eq!(p.test_data.wrap_up_reason.as_deref(), Some("31"));
    let uccx = include_str!("../../../profiles/uccx-lab.example.yaml");
    let p = Profile::from_yaml_str(uccx, "profiles/uccx-lab.example.yaml", &env).expect("uccx");
    assert_eq!(p.deployment, DeploymentSetting::Fixed(Deployment::Uccx));
    assert_eq!(p.version, VersionSetting::Pinned("12.5".into()));
    assert!(!p.capabilities.nonvoice_media);
    assert_eq!(p.timeouts.request, Duration::from_secs(15));
}
