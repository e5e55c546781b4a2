//! What the mock prints when it starts on its own: where it listens and who can sign in.

use crate::{MockAuth, MockServer, NotificationRequestIds};

/// What `finesse-conformance mock` prints: where it listens and who can sign in.
pub fn banner(server: &MockServer) -> String {
    let f = server.fixture();
    let mut out = format!(
        "mock Finesse ({}) listening on {}\n  REST API:  {}/finesse/api/\n  XMPP:      {} (plain TCP, SASL PLAIN, {})\n  XMPP/WS:   {} (subprotocol xmpp)\n  control:   {} (POST /faults?notification_service=down|up&out_of_service=on|off, POST /deviations?enable=NAME)\n  processing delay for accepted writes: {} ms\n{}",
        server.deployment(),
        server.url(),
        server.url(),
        server.xmpp_tcp_addr(),
        if server.xmpp_domain_follows_host() {
            "domain: the host name a client connects by".to_string()
        } else {
            format!("domain {}", server.xmpp_domain())
        },
        server.ws_url(),
        server.control_url(),
        server.processing_delay().as_millis(),
        match server.notification_request_ids() {
            NotificationRequestIds::Echo => "",
            NotificationRequestIds::Empty => {
                "  notification requestIds: empty, as a 12.5 lab sends them (only a Media request's asynchronous error keeps its own)\n"
            }
        }
    );
    if server.auth() == MockAuth::Sso {
        let login = f
            .directory
            .users
            .first()
            .map(|u| u.login_id.as_str())
            .unwrap_or("LOGIN");
        out.push_str(&format!(
            "  auth:      SSO (Bearer access tokens, good for {life}). Get one with\n             curl -u {login}:<password> '{url}/desktop/sso/token?cc_username={login}&return_refresh_token=true'\n             (Basic stands in for the identity provider); refresh with POST /desktop/sso/token;\n             POST /mock/tokens/expire expires every access token\n",
            life = humantime::format_duration(server.token_lifetime()),
            url = server.url()
        ));
    }
    out.push_str("users:\n");
    for u in &f.directory.users {
        let roles = u.roles().join("+");
        let team = u.team.as_deref().unwrap_or("-");
        let ext = u.extension.as_deref().unwrap_or("-");
        // The embedded fixture's passwords are public test values; a custom fixture's are not
        // printed.
        let pw = if f.embedded {
            u.password.expose()
        } else {
            "(from the fixture file)"
        };
        out.push_str(&format!(
            "  {:<8} login {:<16} password {:<10} extension {:<9} team {:<6} {roles}\n",
            u.id, u.login_id, pw, ext, team
        ));
    }
    out.push_str("Press Ctrl-C to stop.\n");
    out
}
