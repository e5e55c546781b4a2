//! What a request carries (credentials, method, body, requestId) and what comes back.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use serde::Deserialize;

use super::*;
use crate::finesse::models::{self, ApiErrors};
use crate::profile::{Auth, Identity, Secret, TokenSource};

/// How one Finesse user's requests authenticate.
#[derive(Clone, Debug)]
pub(crate) enum AuthSecret {
    /// HTTP Basic with a password.
    Password(Secret),
    /// A fixed Bearer token, never renewed (e.g. a made-up one for an unknown user).
    Bearer(Secret),
    /// A Bearer token from the run's token store: obtained when first needed, refreshed when
    /// due or when the target refuses it.
    Token(TokenSource),
}

/// The credentials of one Finesse user. Debug never shows a secret.
#[derive(Clone, Debug)]
pub struct Credentials {
    /// The name the target knows the user by (login name or id).
    pub(crate) user: String,
    pub(crate) auth: AuthSecret,
}

impl Credentials {
    pub fn basic(user: impl Into<String>, password: Secret) -> Self {
        Credentials {
            user: user.into(),
            auth: AuthSecret::Password(password),
        }
    }

    pub fn bearer(user: impl Into<String>, token: Secret) -> Self {
        Credentials {
            user: user.into(),
            auth: AuthSecret::Bearer(token),
        }
    }

    /// A profile identity's credentials: its password, or its token source.
    pub fn of(id: &Identity) -> Self {
        Credentials {
            user: id.auth_name().to_string(),
            auth: match &id.auth {
                Auth::Password(p) => AuthSecret::Password(p.clone()),
                Auth::Token(t) => AuthSecret::Token(t.clone()),
            },
        }
    }
}

/// The password or access token for a login outside HTTP (XMPP), and which generation of
/// the user's token it is (store tokens only).
#[derive(Clone, Debug)]
pub(crate) struct LoginSecret {
    pub(crate) secret: Secret,
    pub(in crate::finesse) generation: Option<u64>,
}

impl LoginSecret {
    /// Which generation of the user's store token this is; None for a password.
    pub(crate) fn generation(&self) -> Option<u64> {
        self.generation
    }
}

/// The Authorization header of one attempt: its value, how a transcript shows it, and the
/// token generation it carries (store tokens only).
pub(in crate::finesse) struct Authz {
    pub(in crate::finesse) value: Secret,
    pub(in crate::finesse) shown: String,
    pub(in crate::finesse) generation: Option<u64>,
}

impl Authz {
    pub(in crate::finesse) fn bearer(user: &str, token: &Secret, generation: Option<u64>) -> Authz {
        Authz {
            value: Secret::new(format!("Bearer {}", token.expose())),
            // The value is never recorded: only the scheme and the user name.
            shown: format!("Bearer {} (user {user})", crate::redact::MASK),
            generation,
        }
    }
}

/// One HTTP request to the target, relative to its base URL.
#[derive(Clone, Debug)]
pub struct Request {
    pub(crate) method: reqwest::Method,
    pub(crate) path: String,
    pub(crate) auth: Option<Credentials>,
    pub(crate) body: Option<String>,
    /// Sent as the `requestId` header (reference §1.5).
    pub(crate) request_id: Option<String>,
    /// The body's media type; `application/xml` when None.
    pub(crate) content_type: Option<&'static str>,
    /// Sent as the `Range` header (TeamResource phone books: `objects=1-6000`).
    pub(crate) range: Option<String>,
}

impl Request {
    pub fn get(path: impl Into<String>) -> Self {
        Request {
            method: reqwest::Method::GET,
            path: path.into(),
            auth: None,
            body: None,
            request_id: None,
            content_type: None,
            range: None,
        }
    }

    /// A PUT with an XML body and a fresh `requestId`, as the Finesse JS library sends.
    pub(crate) fn put(path: impl Into<String>, body: impl Into<String>) -> Self {
        Request {
            method: reqwest::Method::PUT,
            path: path.into(),
            auth: None,
            body: Some(body.into()),
            request_id: Some(new_request_id()),
            content_type: None,
            range: None,
        }
    }

    /// A POST with an XML body and a fresh `requestId`.
    pub(crate) fn post(path: impl Into<String>, body: impl Into<String>) -> Self {
        Request {
            method: reqwest::Method::POST,
            ..Request::put(path, body)
        }
    }

    /// With a `Range` header such as `objects=1-6000`.
    pub(crate) fn with_range(mut self, range: impl Into<String>) -> Self {
        self.range = Some(range.into());
        self
    }

    pub fn as_user(mut self, creds: Credentials) -> Self {
        self.auth = Some(creds);
        self
    }

    /// As `who` when there is one, else without credentials.
    pub(crate) fn maybe_as_user(self, who: Option<&crate::profile::Identity>) -> Self {
        match who {
            Some(i) => self.as_user(Credentials::of(i)),
            None => self,
        }
    }
}

/// A process-unique request id: unique enough to correlate, readable in transcripts.
pub(crate) fn new_request_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let epoch = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    format!("fc-{epoch:x}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A response as received.
#[derive(Clone, Debug)]
pub struct Response {
    pub(crate) method: String,
    /// The URL that answered: the last one when the request was redirected.
    pub url: String,
    pub status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub body: String,
    /// The body's start on one line, redacted before it was cut (for messages).
    pub(in crate::finesse) snippet: String,
}

impl Response {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Parses the body as the XML resource `what` (used in the error message).
    pub fn parse<T: for<'de> Deserialize<'de>>(&self, what: &str) -> Result<T, ClientError> {
        models::from_xml_root(&self.body, what).map_err(|e| ClientError::NotXml {
            method: self.method.clone(),
            url: self.url.clone(),
            status: self.status,
            expected: what.to_string(),
            detail: format!("{e}; body starts {:?}", self.snippet),
        })
    }

    /// The `<ApiErrors>` body, if the body is one.
    pub(crate) fn api_errors(&self) -> Option<ApiErrors> {
        models::from_xml_root::<ApiErrors>(&self.body, "ApiErrors")
            .ok()
            .filter(|e| !e.errors.is_empty())
    }

    /// The ErrorType of each error in an `<ApiErrors>` body (none for any other body).
    pub(crate) fn error_types(&self) -> Vec<String> {
        self.api_errors()
            .map(|e| {
                e.errors
                    .into_iter()
                    .map(|x| x.error_type.trim().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `401 (Invalid Input (state): …)` style one-line description.
    pub fn describe(&self) -> String {
        match self.api_errors() {
            Some(e) => format!("{} with {}", self.status, e.summary()),
            None if self.body.trim().is_empty() => format!("{} with an empty body", self.status),
            None => format!("{} with body {:?}", self.status, self.snippet),
        }
    }
}
