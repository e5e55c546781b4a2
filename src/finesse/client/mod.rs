//! HTTP client for the Finesse REST API. Every exchange is recorded (redacted) in an
//! [`ExchangeLog`] so that reports can show exactly what was sent and received.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use super::body;

mod error;
mod exchange;
mod request;

pub(crate) use error::ClientError;
use error::{error_chain, is_tls_error};
pub(crate) use exchange::Exchange;
pub use exchange::{Entry, ExchangeLog};
use request::Authz;
pub(crate) use request::{AuthSecret, LoginSecret, new_request_id};
pub use request::{Credentials, Request, Response};

use super::health::TargetHealth;
use super::tokens::TokenStore;
use crate::profile::{Profile, Secret, Tls};
use crate::redact::Redactor;

/// Builds the shared reqwest client: rustls, optional lab CA, explicit `insecure` switch.
pub fn http_client(tls: &Tls, request_timeout: Duration) -> Result<reqwest::Client, ClientError> {
    // reqwest is built without a bundled provider; ring is ours. A second install fails
    // harmlessly, which is why the result is ignored.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut builder = reqwest::Client::builder()
        // Redirects are followed by FinesseClient::exchange, which records every hop.
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(request_timeout.min(Duration::from_secs(10)))
        .timeout(request_timeout)
        .user_agent(concat!("finesse-conformance/", env!("CARGO_PKG_VERSION")));
    if let Some(path) = &tls.ca_cert {
        // The same checks as when the profile is read (and as the XMPP client's).
        let certs = crate::tls_trust::load_ca_bundle(path)
            .map_err(|e| ClientError::Config {
                detail: e.to_string(),
            })?
            .iter()
            .map(|der| reqwest::Certificate::from_der(der))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| ClientError::Config {
                detail: format!("tls.ca_cert: {} cannot be used: {e}", path.display()),
            })?;
        builder = builder.tls_certs_merge(certs);
    }
    if tls.insecure {
        builder = builder.tls_danger_accept_invalid_certs(true);
    }
    builder.build().map_err(|e| ClientError::Config {
        detail: format!("cannot build the HTTP client: {e}"),
    })
}

/// A Finesse client bound to one target and one scenario's exchange log.
#[derive(Clone)]
pub struct FinesseClient {
    http: reqwest::Client,
    base_url: String,
    timeout: Duration,
    log: ExchangeLog,
    redactor: Arc<Redactor>,
    /// Refuse anything but GET (a scenario without `@mutates`).
    read_only: bool,
    /// The run's SSO tokens, one per user, shared by every clone of this client.
    tokens: Arc<TokenStore>,
    /// Whether the target still answers, shared by every clone (see health.rs).
    health: Arc<TargetHealth>,
    /// The longest body read (the profile's `limits.max_body_bytes`).
    max_body: u64,
    /// The profile's `tls.ca_cert`, so that a failed handshake gets advice that fits.
    ca_cert: Option<std::path::PathBuf>,
}

impl fmt::Debug for FinesseClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FinesseClient")
            .field("base_url", &self.base_url)
            .finish()
    }
}

impl FinesseClient {
    pub fn new(
        http: reqwest::Client,
        base_url: &str,
        timeout: Duration,
        redactor: Arc<Redactor>,
    ) -> Self {
        FinesseClient {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            timeout,
            log: ExchangeLog::default(),
            redactor,
            read_only: false,
            tokens: Arc::new(TokenStore::new(TokenStore::DEFAULT_COMMAND_DEADLINE)),
            health: Arc::new(TargetHealth::default()),
            max_body: crate::profile::DEFAULT_MAX_BODY_BYTES,
            ca_cert: None,
        }
    }

    /// The client for a profile's target: its TLS settings, request timeout, token-command
    /// deadline and body limit.
    pub(crate) fn for_profile(
        profile: &Profile,
        redactor: Arc<Redactor>,
    ) -> Result<Self, ClientError> {
        let http = http_client(&profile.tls, profile.timeouts.request)?;
        let client =
            FinesseClient::new(http, &profile.base_url, profile.timeouts.request, redactor);
        Ok(client
            .with_token_command_deadline(profile.timeouts.token_command)
            .with_max_body(profile.limits.max_body_bytes)
            .trusting(&profile.tls))
    }

    /// The same client reading bodies of at most `bytes` (the profile's
    /// `limits.max_body_bytes`); a longer one is refused with [`ClientError::TooLarge`].
    pub(crate) fn with_max_body(self, bytes: u64) -> Self {
        FinesseClient {
            max_body: bytes,
            ..self
        }
    }

    /// The same client, told the TLS settings its `reqwest::Client` was built with (see
    /// [`http_client`]), for the advice on a failed handshake.
    pub(crate) fn trusting(self, tls: &Tls) -> Self {
        FinesseClient {
            ca_cert: tls.ca_cert.clone(),
            ..self
        }
    }

    /// The same client with `deadline` for token commands (the profile's
    /// `timeouts.token_command`), and a fresh token store.
    pub(crate) fn with_token_command_deadline(self, deadline: Duration) -> Self {
        FinesseClient {
            tokens: Arc::new(TokenStore::new(deadline)),
            ..self
        }
    }

    /// The same client, refusing writes (or not).
    pub(crate) fn read_only(&self, on: bool) -> Self {
        FinesseClient {
            read_only: on,
            ..self.clone()
        }
    }

    /// The same client writing to a fresh log (one per scenario).
    pub(crate) fn with_new_log(&self) -> Self {
        FinesseClient {
            log: ExchangeLog::default(),
            ..self.clone()
        }
    }

    /// Whether the target still answers (once it stops, requests fail without being sent).
    pub(crate) fn health(&self) -> &TargetHealth {
        &self.health
    }

    pub fn log(&self) -> &ExchangeLog {
        &self.log
    }

    pub(crate) fn redactor(&self) -> &Arc<Redactor> {
        &self.redactor
    }

    /// The shared reqwest client (for calls outside the Finesse API, e.g. a fault hook).
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// The password or current access token of `creds` (a token is obtained or refreshed
    /// first if need be), e.g. for an XMPP login. The token is known to the redactor.
    pub(crate) async fn secret_for(&self, creds: &Credentials) -> Result<Secret, ClientError> {
        self.login_secret(creds).await.map(|l| l.secret)
    }

    /// [`FinesseClient::secret_for`], remembering which token it was, for
    /// [`FinesseClient::renewed_login_secret`].
    pub(crate) async fn login_secret(
        &self,
        creds: &Credentials,
    ) -> Result<LoginSecret, ClientError> {
        match &creds.auth {
            AuthSecret::Password(p) | AuthSecret::Bearer(p) => Ok(LoginSecret {
                secret: p.clone(),
                generation: None,
            }),
            AuthSecret::Token(source) => {
                self.tokens
                    .current(self, &creds.user, source)
                    .await
                    .map(|(secret, generation)| LoginSecret {
                        secret,
                        generation: Some(generation),
                    })
            }
        }
    }

    /// Sends `req` (a token API request: "Fetch Access Token", G12.5 p190) once, without the
    /// retry after a 401, and teaches the redactor the tokens of a JSON answer before the
    /// exchange is recorded, so that no transcript holds them.
    pub(crate) async fn send_for_tokens(&self, req: Request) -> Result<Response, ClientError> {
        let authz = self.authorization(req.auth.as_ref()).await?;
        let user = req
            .auth
            .as_ref()
            .map(|c| c.user.clone())
            .unwrap_or_default();
        let inspect = |r: &Response| {
            if let Ok(g) = crate::auth::grant::parse_json(&r.body) {
                for s in g.secrets() {
                    self.redactor.learn(s, std::slice::from_ref(&user));
                }
            }
        };
        self.exchange(&req, authz.as_ref(), &inspect).await
    }

    /// Renews the user's store token now through "Refresh Existing Access Token" (G12.5
    /// p193): the new access token; Ok(None) when the user has no refresh token (or signs in
    /// with a password or a fixed token); Err with why the refresh failed, redacted.
    pub(crate) async fn refresh_token_now(
        &self,
        creds: &Credentials,
    ) -> Result<Option<Secret>, String> {
        let AuthSecret::Token(source) = &creds.auth else {
            return Ok(None);
        };
        self.tokens
            .refresh_now(self, &creds.user, source)
            .await
            .map_err(|e| self.redactor.redact(&e))
    }

    /// After a login outside HTTP refused `sent` (an XMPP `not-authorized`): the token to try
    /// once more, renewed as after a 401; None for a password or a fixed token.
    pub(crate) async fn renewed_login_secret(
        &self,
        creds: &Credentials,
        sent: &LoginSecret,
    ) -> Result<Option<Secret>, ClientError> {
        let (AuthSecret::Token(source), Some(generation)) = (&creds.auth, sent.generation) else {
            return Ok(None);
        };
        match self
            .tokens
            .after_401(self, &creds.user, source, generation)
            .await
        {
            Ok(renewed) => Ok(renewed.map(|(token, _)| token)),
            Err(e) => Err(ClientError::Token {
                user: creds.user.clone(),
                detail: self
                    .redactor
                    .redact(&format!("the login refused it and renewing it failed: {e}")),
            }),
        }
    }

    /// Sends `req`; records the exchange whatever happens. A request with a store token
    /// that the target refuses with 401 (the token itself, see `auth::token_refused`) is sent
    /// once more with a renewed token. When the token cannot be renewed, the answer is an
    /// error rather than the 401: nobody can tell what the request would have met.
    pub async fn send(&self, req: Request) -> Result<Response, ClientError> {
        if self.read_only && req.method != reqwest::Method::GET {
            let e = ClientError::ReadOnly {
                method: req.method.to_string(),
                url: self.url(&req.path),
            };
            self.log.note(e.to_string());
            return Err(e);
        }
        let authz = self.authorization(req.auth.as_ref()).await?;
        let first = self.exchange(&req, authz.as_ref(), &|_| {}).await;
        let (Some(creds), Some(sent)) = (&req.auth, &authz) else {
            return first;
        };
        let (AuthSecret::Token(source), Some(generation)) = (&creds.auth, sent.generation) else {
            return first;
        };
        let refused = |r: &Response| {
            let errors = r.api_errors().map(|e| e.errors).unwrap_or_default();
            r.status == 401
                && crate::auth::token_refused(errors.iter().map(|e| e.error_type.as_str()))
        };
        if !matches!(&first, Ok(r) if refused(r)) {
            return first;
        }
        let user = &creds.user;
        let detail = match self.tokens.after_401(self, user, source, generation).await {
            Ok(Some((token, generation))) => {
                self.log.note(format!(
                    "the target refused {user}'s access token (401): sending the request again with a renewed one"
                ));
                let again = Authz::bearer(user, &token, Some(generation));
                return self.exchange(&req, Some(&again), &|_| {}).await;
            }
            Ok(None) => format!(
                "the target refused it (401) and it cannot be renewed: {} gives neither a refresh token (the IdS JSON) nor a token_command",
                source.key
            ),
            Err(e) => format!("the target refused it (401) and renewing it failed: {e}"),
        };
        let e = ClientError::Token {
            user: user.clone(),
            detail: self.redactor.redact(&detail),
        };
        self.log.note(e.to_string());
        Err(e)
    }

    /// The Authorization header for `creds`, obtaining or refreshing a store token first.
    async fn authorization(
        &self,
        creds: Option<&Credentials>,
    ) -> Result<Option<Authz>, ClientError> {
        let Some(c) = creds else { return Ok(None) };
        Ok(Some(match &c.auth {
            AuthSecret::Password(p) => {
                let pair = finesse_protocol::base64::encode(
                    format!("{}:{}", c.user, p.expose()).as_bytes(),
                );
                Authz {
                    value: Secret::new(format!("Basic {pair}")),
                    shown: format!("Basic {} (user {})", crate::redact::MASK, c.user),
                    generation: None,
                }
            }
            AuthSecret::Bearer(t) => Authz::bearer(&c.user, t, None),
            AuthSecret::Token(source) => {
                let (token, generation) = self.tokens.current(self, &c.user, source).await?;
                Authz::bearer(&c.user, &token, Some(generation))
            }
        }))
    }

    /// One attempt: sends, follows redirects, reads the answer, lets `inspect` see it before
    /// it is recorded (to learn secrets it carries), and records every hop whatever happens.
    ///
    /// Redirects are followed here rather than by reqwest, so that each hop is in the
    /// transcript (its status and Location) and an error names the URL that failed. The
    /// credentials go only to the request's own origin (scheme, host and port): once a
    /// redirect leaves it, no later hop carries them, as browsers and reqwest do.
    pub(super) async fn exchange(
        &self,
        req: &Request,
        authz: Option<&Authz>,
        inspect: &(dyn Fn(&Response) + Sync),
    ) -> Result<Response, ClientError> {
        let first = self.url(&req.path);
        if let Some(why) = self.health.down() {
            let e = ClientError::TargetDown {
                url: self.redactor.redact(&first),
                why: why.to_string(),
            };
            self.log.note(e.to_string());
            return Err(e);
        }
        let authorization = match authz {
            None => None,
            Some(a) => match reqwest::header::HeaderValue::from_str(a.value.expose()) {
                Ok(mut value) => {
                    // Kept out of reqwest's and hyper's own debug output.
                    value.set_sensitive(true);
                    Some((value, a.shown.clone()))
                }
                Err(_) => {
                    let e = ClientError::Config {
                        detail: format!(
                            "the credentials of {} cannot go into an HTTP header (they hold characters it cannot carry)",
                            req.auth.as_ref().map(|c| c.user.as_str()).unwrap_or("?")
                        ),
                    };
                    self.log.note(e.to_string());
                    return Err(e);
                }
            },
        };
        let origin = reqwest::Url::parse(&first).ok().map(|u| u.origin());
        let mut hop = Hop {
            url: first.clone(),
            method: req.method.clone(),
            body: req.body.as_deref(),
            authorization: authorization.as_ref(),
        };
        let mut redirects = 0;
        loop {
            let mut sent = self.attempt(req, &hop, &first).await;
            let next = match &sent.outcome {
                Ok(r) => redirect_target(r),
                Err(_) => None,
            };
            let Some(location) = next else {
                if let Ok(r) = &sent.outcome {
                    inspect(r);
                }
                self.record(req, &hop, &mut sent);
                return sent.outcome;
            };
            self.record(req, &hop, &mut sent);
            let status = sent.outcome.as_ref().map(|r| r.status).unwrap_or_default();
            let r = &self.redactor;
            let Some(next) = reqwest::Url::parse(&hop.url)
                .and_then(|base| base.join(&location))
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
            else {
                self.log.note(format!(
                    "not following the {status} redirect to {}: not an http or https URL",
                    r.redact(&location)
                ));
                return sent.outcome;
            };
            if redirects == MAX_REDIRECTS {
                let e = ClientError::Http {
                    url: r.redact(&first),
                    detail: format!(
                        "more than {MAX_REDIRECTS} redirects, the last to {} (check base_url; a redirect loop is the server's doing)",
                        r.redact(next.as_str())
                    ),
                };
                self.log.note(e.to_string());
                return Err(e);
            }
            redirects += 1;
            if hop.authorization.is_some() && origin.as_ref() != Some(&next.origin()) {
                self.log.note(format!(
                    "the {status} redirect leads to another origin ({}): the credentials are not sent there",
                    r.redact(&next.origin().ascii_serialization())
                ));
                hop.authorization = None;
            }
            // 301, 302 and 303 turn a write into a GET without its body; 307 and 308 keep
            // both (RFC 9110 §15.4).
            let keeps = [reqwest::Method::GET, reqwest::Method::HEAD];
            if matches!(status, 301..=303) && !keeps.contains(&hop.method) {
                self.log.note(format!(
                    "the {status} redirect turns the {} into a GET without a body",
                    hop.method
                ));
                hop.method = reqwest::Method::GET;
                hop.body = None;
            }
            hop.url = next.to_string();
        }
    }

    /// Sends one hop and reads its answer (at most the profile's `limits.max_body_bytes`).
    async fn attempt(&self, req: &Request, hop: &Hop<'_>, first: &str) -> Sent {
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut builder = self
            .http
            .request(hop.method.clone(), &hop.url)
            .timeout(self.timeout);
        if let Some((value, shown)) = hop.authorization {
            builder = builder.header(reqwest::header::AUTHORIZATION, value.clone());
            headers.push(("Authorization".into(), shown.clone()));
        }
        if let Some(id) = &req.request_id {
            builder = builder.header("requestId", id);
            headers.push(("requestId".into(), id.clone()));
        }
        if let Some(range) = &req.range {
            builder = builder.header(reqwest::header::RANGE, range);
            headers.push(("Range".into(), range.clone()));
        }
        if let Some(body) = hop.body {
            let ct = req.content_type.unwrap_or("application/xml");
            builder = builder.header("Content-Type", ct).body(body.to_string());
            headers.push(("Content-Type".into(), ct.into()));
        }
        // An error names the URL that failed, and the one the request was for.
        let shown = if hop.url == first {
            hop.url.clone()
        } else {
            format!("{} (redirected from {first})", hop.url)
        };
        let started = SystemTime::now();
        let clock = Instant::now();
        let outcome = match builder.send().await {
            Ok(resp) => {
                let status = resp.status().as_u16();
                let resp_headers: Vec<(String, String)> = resp
                    .headers()
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.to_string(),
                            String::from_utf8_lossy(v.as_bytes()).into_owned(),
                        )
                    })
                    .collect();
                match body::read_capped(resp, self.max_body).await {
                    Ok(bytes) => Ok(Response {
                        method: hop.method.to_string(),
                        url: hop.url.clone(),
                        status,
                        headers: resp_headers,
                        body: String::from_utf8_lossy(&bytes).into_owned(),
                        snippet: String::new(),
                    }),
                    Err(body::ReadError::TooLarge { announced }) => Err(ClientError::TooLarge {
                        method: hop.method.to_string(),
                        url: self.redactor.redact(&shown),
                        status,
                        announced,
                        limit: self.max_body,
                    }),
                    Err(body::ReadError::Transport(e)) => Err(self.classify(&shown, &e)),
                }
            }
            Err(e) => Err(self.classify(&shown, &e)),
        };
        match &outcome {
            Ok(_) | Err(ClientError::TooLarge { .. }) => self.health.answered(),
            Err(e @ (ClientError::Timeout { .. } | ClientError::Connect { .. })) => {
                self.health.unanswered(&e.to_string());
            }
            Err(_) => {}
        }
        Sent {
            started,
            duration: clock.elapsed(),
            headers,
            outcome,
        }
    }

    /// Records one hop, redacted; gives its response the snippet messages quote, taken
    /// from the redacted body.
    fn record(&self, req: &Request, hop: &Hop<'_>, sent: &mut Sent) {
        let r = &self.redactor;
        let recorded = sent.outcome.as_ref().ok().map(|o| body::record(r, &o.body));
        if let (Ok(o), Some(rec)) = (&mut sent.outcome, &recorded) {
            o.snippet = rec.snippet.clone();
        }
        self.log.push(Exchange {
            started: sent.started,
            duration: sent.duration,
            user: req.auth.as_ref().map(|c| c.user.clone()),
            method: hop.method.to_string(),
            url: r.redact(&hop.url),
            request_headers: sent
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), r.redact(v)))
                .collect(),
            request_body: hop.body.map(|b| body::record(r, b).text),
            status: sent.outcome.as_ref().ok().map(|o| o.status),
            response_headers: sent
                .outcome
                .as_ref()
                .map(|o| {
                    interesting_headers(&o.headers)
                        .into_iter()
                        .map(|(k, v)| (k, r.redact(&v)))
                        .collect()
                })
                .unwrap_or_default(),
            response_body: recorded.map(|rec| rec.text),
            error: sent
                .outcome
                .as_ref()
                .err()
                .map(|e| r.redact(&e.to_string())),
        });
    }

    fn classify(&self, url: &str, e: &reqwest::Error) -> ClientError {
        let url = self.redactor.redact(url);
        if e.is_timeout() {
            return ClientError::Timeout {
                url,
                after: self.timeout,
            };
        }
        let chain = error_chain(e);
        if is_tls_error(e) {
            let f = crate::tls_trust::explain(e, self.ca_cert.as_deref(), "base_url", &chain);
            return ClientError::Tls {
                url,
                detail: f.what,
                advice: f.advice,
            };
        }
        if e.is_connect() {
            return ClientError::Connect { url, detail: chain };
        }
        ClientError::Http { url, detail: chain }
    }
}

/// At most this many redirects are followed for one request (as browsers and reqwest).
const MAX_REDIRECTS: usize = 10;

/// Where one hop of a request goes and what it carries.
struct Hop<'a> {
    url: String,
    method: reqwest::Method,
    body: Option<&'a str>,
    /// The Authorization header and how a transcript shows it; None once a redirect has
    /// left the request's origin.
    authorization: Option<&'a (reqwest::header::HeaderValue, String)>,
}

/// One hop as sent and answered.
struct Sent {
    started: SystemTime,
    duration: Duration,
    headers: Vec<(String, String)>,
    outcome: Result<Response, ClientError>,
}

/// The Location of a redirect (301, 302, 303, 307, 308); None for any other answer, and for
/// a redirect without one (then it is the answer).
fn redirect_target(r: &Response) -> Option<String> {
    if !matches!(r.status, 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    r.header("location")
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
}

/// Headers worth keeping in a transcript (the rest is transport noise).
fn interesting_headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    headers
        .iter()
        .filter(|(k, _)| {
            let k = k.to_ascii_lowercase();
            k == "content-type" || k == "requestid" || k == "location" || k == "www-authenticate"
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_over_the_cap_is_one_line_with_the_url_the_sizes_and_the_key() {
        let e = |announced| ClientError::TooLarge {
            method: "GET".into(),
            url: "http://h/finesse/api/Team/1".into(),
            status: 200,
            announced,
            limit: 4 << 20,
        };
        assert_eq!(
            e(Some(7_340_032)).to_string(),
            "GET http://h/finesse/api/Team/1 answered 200 with a body of 7340032 bytes (7 MiB) by its Content-Length, over the limits.max_body_bytes of 4194304 bytes (4 MiB): the harness refused to read it (raise limits.max_body_bytes in the profile if the target really sends bodies this big)"
        );
        let streamed = e(None).to_string();
        assert!(
            streamed.contains("a body of more than 4194304 bytes (4 MiB)")
                && streamed.contains("stopped reading it there")
                && !streamed.contains('\n'),
            "{streamed}"
        );
    }

    #[test]
    fn only_a_redirect_with_a_location_is_followed() {
        let r = |status, location: Option<&str>| Response {
            method: "GET".into(),
            url: "http://h/a".into(),
            status,
            headers: location
                .map(|l| vec![("location".to_string(), l.to_string())])
                .unwrap_or_default(),
            body: String::new(),
            snippet: String::new(),
        };
        for s in [301, 302, 303, 307, 308] {
            assert_eq!(redirect_target(&r(s, Some(" /b "))).as_deref(), Some("/b"));
            assert_eq!(redirect_target(&r(s, None)), None);
            assert_eq!(redirect_target(&r(s, Some(""))), None);
        }
        for s in [200, 202, 300, 304, 305, 401] {
            assert_eq!(redirect_target(&r(s, Some("/b"))), None, "{s}");
        }
    }
}
