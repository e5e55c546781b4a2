//! The embedded mock as the binary's target: a mock whose users share one password, and a
//! profile file that points the binary at it.

use std::path::{Path, PathBuf};

use finesse_conformance::profile::{CodeSet, Identity, Profile};
use finesse_mock::{MockConfig, MockServer};

/// `cfg` with every user's password set to `password`.
pub fn with_password(mut cfg: MockConfig, password: &str) -> MockConfig {
    cfg.fixture.set_passwords(password);
    cfg
}

/// A default mock on 127.0.0.1 whose users all have `password`.
pub async fn mock_with_password(password: &str) -> MockServer {
    MockServer::start(with_password(MockConfig::default(), password))
        .await
        .expect("mock")
}

/// One HTTP/1.1 request to `mock`, written by hand (not with the harness's client), with
/// Basic credentials `(user, password)` and a requestId header; the status code (0 when the
/// answer has none).
pub async fn raw_request(
    mock: &MockServer,
    method: &str,
    path: &str,
    (user, password): (&str, &str),
    body: &str,
    request_id: &str,
) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(mock.addr())
        .await
        .expect("connect REST");
    let basic = finesse_protocol::base64::encode(format!("{user}:{password}").as_bytes());
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Basic {basic}\r\nrequestId: {request_id}\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        mock.addr(),
        body.len()
    );
    s.write_all(req.as_bytes()).await.expect("write");
    let mut resp = String::new();
    tokio::time::timeout(
        std::time::Duration::from_secs(30),
        s.read_to_string(&mut resp),
    )
    .await
    .expect("REST answers in time")
    .expect("read");
    resp.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

/// A port on 127.0.0.1 that nothing listens on (bound, then released).
pub fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    drop(l);
    port
}

/// A flow map of the code set's keys that are set.
pub fn codes(c: &CodeSet) -> String {
    let keys = [
        ("team", &c.team),
        ("global", &c.global),
        ("system", &c.system),
        ("other_team", &c.other_team),
    ];
    let parts: Vec<String> = keys
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}: \"{v}\"")))
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

/// A profile file for the mock's users; what differs between the tests is in the fields.
pub struct ProfileYaml<'a> {
    pub name: &'a str,
    pub base_url: &'a str,
    /// The inside of `timeouts: { … }`.
    pub timeouts: &'a str,
    pub max_concurrency: u32,
    /// How many of the profile's agents are listed.
    pub agents: usize,
    /// Whether `test_data.mrd` is written (when the profile has one).
    pub mrd: bool,
    /// Top-level YAML after `test_data`.
    pub extra: &'a str,
}

impl ProfileYaml<'_> {
    /// The YAML for `p`, each user with the auth entry `auth(n, identity)` gives (e.g.
    /// `password: "${FC_PW}"`, n counting from 1).
    pub fn render(&self, p: &Profile, auth: &mut dyn FnMut(usize, &Identity) -> String) -> String {
        let mut n = 0;
        let mut list = |ids: &[Identity]| {
            ids.iter()
                .map(|i| {
                    n += 1;
                    format!(
                        "    - {{ id: \"{}\", login_id: \"{}\", {}, extension: \"{}\", team_id: \"{}\" }}\n",
                        i.id,
                        i.auth_name(),
                        auth(n, i),
                        i.extension.clone().unwrap_or_default(),
                        i.team_id.clone().unwrap_or_default()
                    )
                })
                .collect::<String>()
        };
        let users = format!(
            "users:\n  agents:\n{}  supervisors:\n{}  other_team_agents:\n{}",
            list(&p.users.agents[..self.agents]),
            list(&p.users.supervisors[..2]),
            list(&p.users.other_team_agents[..2]),
        );
        let mrd = match (&p.test_data.mrd, self.mrd) {
            (Some(m), true) => format!(
                "  mrd: {{ valid: \"{}\", unknown: \"{}\" }}\n",
                m.valid, m.unknown
            ),
            _ => String::new(),
        };
        format!(
            "name: {}\nbase_url: {}\ntimeouts: {{ {} }}\nmax_concurrency: {}\ndeployment: UCCE\n{users}\
             test_data:\n{mrd}  reason_codes:\n    NOT_READY: {}\n    LOGOUT: {}\n{}",
            self.name,
            self.base_url,
            self.timeouts,
            self.max_concurrency,
            codes(&p.test_data.reason_codes.not_ready),
            codes(&p.test_data.reason_codes.logout),
            self.extra,
        )
    }

    /// Writes `dir/profile.yaml` with every password `${password_var}`.
    pub fn write(&self, dir: &Path, p: &Profile, password_var: &str) -> PathBuf {
        self.write_with(dir, p, &mut |_, _| {
            format!("password: \"${{{password_var}}}\"")
        })
    }

    /// Writes `dir/profile.yaml` with the auth entries `auth` gives.
    pub fn write_with(
        &self,
        dir: &Path,
        p: &Profile,
        auth: &mut dyn FnMut(usize, &Identity) -> String,
    ) -> PathBuf {
        let path = dir.join("profile.yaml");
        std::fs::write(&path, self.render(p, auth)).expect("write profile");
        path
    }
}

/// Every file below `dir`, depth first (folders not listed).
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out
}
