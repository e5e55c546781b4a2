//! `reproduce.sh`: the failing step's last request as a curl command, so that a vendor can
//! send it to their own server. The credential is never written: the script reads it from
//! `FINESSE_USER` and `FINESSE_PASSWORD`.

use crate::domain::results::{RunReport, ScenarioReport};
use crate::finesse::client::Exchange;
use crate::redact::Redactor;

/// Headers curl sets itself, or that the script replaces (`-u` for Authorization).
const NOT_COPIED: [&str; 4] = ["authorization", "content-length", "host", "connection"];

/// `text` as one single-quoted sh word: nothing inside is expanded.
pub(super) fn sh_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A `#` comment line per line of `text`.
fn comment(text: &str) -> String {
    text.lines().map(|l| format!("# {l}\n")).collect()
}

pub(super) fn script(report: &RunReport, s: &ScenarioReport, redactor: &Redactor) -> String {
    let r = |t: &str| redactor.redact(t);
    let mut out = String::from("#!/bin/sh\n");
    out.push_str(&comment(&format!(
        "Reproduces the request behind a failed finesse-conformance check.\nScenario: {} › {} ({}:{})\nGuide: {}",
        r(&s.classname),
        r(&s.name),
        r(&s.key.0),
        s.line(),
        s.citation()
    )));
    let Some(x) = s.transcript.last_step_exchange() else {
        out.push_str(
            "#\n# No request was recorded before the failure (see transcript.txt and finding.md),\n# so there is nothing to resend.\nexit 1\n",
        );
        return out;
    };
    let sent = humantime::format_rfc3339_millis(x.started);
    let answer = match (x.status, &x.error) {
        (Some(st), _) => format!("it answered {st}"),
        (None, Some(e)) => format!("no response: {}", r(e)),
        (None, None) => "no response".to_string(),
    };
    out.push_str(&comment(&format!(
        "Sent at {sent}; {answer}.\nThe answer may depend on the state of the target then: transcript.txt has the requests before it."
    )));
    out.push_str("#\n# Usage: FINESSE_PASSWORD=... sh reproduce.sh\n");
    out.push_str("#   FINESSE_BASE_URL overrides the server; for a lab CA add --cacert FILE to the curl line.\n");
    out.push_str("set -eu\n\n");
    let base = r(&report.target.base_url);
    let url = r(&x.url);
    let (base, path) = match url.strip_prefix(base.as_str()) {
        Some(path) if !base.is_empty() => (base.clone(), path.to_string()),
        _ => (String::new(), url.clone()),
    };
    if !base.is_empty() {
        out.push_str(&format!(
            "FINESSE_BASE_URL=${{FINESSE_BASE_URL:-{}}}\n",
            sh_quote(&base)
        ));
    }
    let mut curl = vec!["curl -sS -i --max-time 30".to_string()];
    credentials(x, redactor, &mut out, &mut curl);
    curl.push(format!("-X {}", sh_quote(&r(&x.method))));
    for (k, v) in &x.request_headers {
        if !NOT_COPIED.contains(&k.to_ascii_lowercase().as_str()) {
            curl.push(format!("-H {}", sh_quote(&format!("{}: {}", r(k), r(v)))));
        }
    }
    let body = x.request_body.as_deref().map(r);
    if body.is_some() {
        curl.push("--data-binary @-".to_string());
    }
    curl.push(if base.is_empty() {
        sh_quote(&path)
    } else {
        format!("\"$FINESSE_BASE_URL\"{}", sh_quote(&path))
    });
    out.push('\n');
    // printf rather than a here-document: the body is sent byte for byte, with no newline
    // added and no delimiter that the body could contain.
    if let Some(body) = body {
        out.push_str(&format!("printf '%s' {} |\n  ", sh_quote(&body)));
    }
    out.push_str(&curl.join(" \\\n    "));
    out.push('\n');
    out
}

/// The `-u` option and the checks that its variables are set; the user the harness ran as
/// is the default (a user name is not a secret, its password is).
fn credentials(x: &Exchange, redactor: &Redactor, out: &mut String, curl: &mut Vec<String>) {
    let authorized = x
        .request_headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("authorization"));
    match x.user.as_deref().map(|u| redactor.redact(u)) {
        Some(user) => {
            out.push_str(&comment(&format!(
                "The harness sent it as Finesse user {user}."
            )));
            out.push_str(&format!(
                "FINESSE_USER=${{FINESSE_USER:-{}}}\n",
                sh_quote(&user)
            ));
            out.push_str(&format!(
                "if [ -z \"${{FINESSE_PASSWORD:-}}\" ]; then\n  printf '%s\\n' {} >&2\n  exit 2\nfi\n",
                sh_quote(&format!(
                    "reproduce.sh: set FINESSE_PASSWORD to the password of Finesse user {user}"
                ))
            ));
            curl.push("-u \"$FINESSE_USER:$FINESSE_PASSWORD\"".to_string());
        }
        None if authorized => {
            out.push_str(
                "# The harness sent credentials; set FINESSE_USER and FINESSE_PASSWORD.\n",
            );
            out.push_str("if [ -z \"${FINESSE_USER:-}\" ] || [ -z \"${FINESSE_PASSWORD:-}\" ]; then\n  echo 'reproduce.sh: set FINESSE_USER and FINESSE_PASSWORD' >&2\n  exit 2\nfi\n");
            curl.push("-u \"$FINESSE_USER:$FINESSE_PASSWORD\"".to_string());
        }
        None => out.push_str("# The harness sent it without credentials.\n"),
    }
}
