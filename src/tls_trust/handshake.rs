//! TLS handshake failures in plain words (never rustls's Debug names), with advice that fits
//! what the profile already says: no "set tls.ca_cert" when it is set.

use std::error::Error as StdError;
use std::path::Path;
use std::time::{Duration, SystemTime};

use rustls::{CertificateError, Error as TlsError};

/// A failed TLS handshake: what went wrong in plain words, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HandshakeFailure {
    pub(crate) what: String,
    pub(crate) advice: String,
}

/// Explains a failed handshake. `ca_cert` is the profile's `tls.ca_cert`; `url_key` names the
/// profile key holding the URL (`base_url`, or the notification URL). Errors without a rustls
/// error in their chain get `fallback` as their description.
pub(crate) fn explain(
    err: &(dyn StdError + 'static),
    ca_cert: Option<&Path>,
    url_key: &str,
    fallback: &str,
) -> HandshakeFailure {
    match find_rustls_error(err) {
        Some(e) => explain_rustls(e, ca_cert, url_key),
        None => HandshakeFailure {
            what: fallback.to_string(),
            advice: untrusted(ca_cert),
        },
    }
}

/// The rustls error in `err`'s chain. It is often wrapped where `source()` does not reach
/// it: inside an I/O error (whose `source()` skips its payload) or a boxed error.
pub(crate) fn find_rustls_error<'a>(err: &'a (dyn StdError + 'static)) -> Option<&'a TlsError> {
    let mut cur: Option<&'a (dyn StdError + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(tls) = unwrap_rustls(e, 0) {
            return Some(tls);
        }
        cur = e.source();
    }
    None
}

/// `e` itself as a rustls error, looking through I/O errors and boxes (a few levels deep).
fn unwrap_rustls<'a>(e: &'a (dyn StdError + 'static), depth: usize) -> Option<&'a TlsError> {
    if depth > 8 {
        return None;
    }
    if let Some(tls) = e.downcast_ref::<TlsError>() {
        return Some(tls);
    }
    if let Some(inner) = e
        .downcast_ref::<std::io::Error>()
        .and_then(|io| io.get_ref())
    {
        return find_rustls_error_at(inner, depth + 1);
    }
    None
}

fn find_rustls_error_at<'a>(
    e: &'a (dyn StdError + Send + Sync + 'static),
    depth: usize,
) -> Option<&'a TlsError> {
    let mut cur: Option<&'a (dyn StdError + 'static)> = Some(e);
    while let Some(e) = cur {
        if let Some(tls) = unwrap_rustls(e, depth) {
            return Some(tls);
        }
        cur = e.source();
    }
    None
}

/// The advice for a certificate that does not lead to a trusted CA.
fn untrusted(ca_cert: Option<&Path>) -> String {
    match ca_cert {
        None => "set tls.ca_cert to the lab's CA certificate (PEM), or tls.insecure: true for a lab you trust".into(),
        Some(p) => format!(
            "check that tls.ca_cert ({}) is the CA that issued the server's certificate, or the root of its chain, and that the server sends its intermediate certificates",
            p.display()
        ),
    }
}

pub(crate) fn explain_rustls(
    e: &TlsError,
    ca_cert: Option<&Path>,
    url_key: &str,
) -> HandshakeFailure {
    let failure = |what: &str, advice: String| HandshakeFailure {
        what: what.to_string(),
        advice,
    };
    let not_tls =
        format!("check the scheme and port in {url_key}: the server speaks no TLS on that port");
    let server_settings = "check the server's TLS settings: the harness speaks TLS 1.2 and 1.3";
    match e {
        TlsError::InvalidCertificate(ce) => explain_certificate(ce, ca_cert, url_key),
        TlsError::InvalidMessage(_)
        | TlsError::InappropriateMessage { .. }
        | TlsError::InappropriateHandshakeMessage { .. } => {
            failure("the server did not answer in TLS", not_tls)
        }
        TlsError::PeerIncompatible(_) => failure(
            "the server offers no TLS version or cipher suite the harness accepts",
            server_settings.into(),
        ),
        TlsError::AlertReceived(alert) => HandshakeFailure {
            what: format!(
                "the server ended the handshake ({})",
                words(&format!("{alert:?}"))
            ),
            advice: server_settings.into(),
        },
        TlsError::NoCertificatesPresented => failure(
            "the server presented no certificate",
            "install a certificate on the server".into(),
        ),
        other => HandshakeFailure {
            what: format!("the handshake failed ({})", words(&format!("{other:?}"))),
            advice: untrusted(ca_cert),
        },
    }
}

fn explain_certificate(
    ce: &CertificateError,
    ca_cert: Option<&Path>,
    url_key: &str,
) -> HandshakeFailure {
    let failure = |what: String, advice: String| HandshakeFailure { what, advice };
    let reissue = "have the server's certificate reissued".to_string();
    match ce {
        CertificateError::UnknownIssuer => failure(
            "the server's certificate does not lead to a trusted CA".into(),
            untrusted(ca_cert),
        ),
        CertificateError::BadSignature => failure(
            "a signature in the server's certificate chain does not verify".into(),
            untrusted(ca_cert),
        ),
        CertificateError::NotValidForName => failure(
            "the server's certificate does not name this host".into(),
            name_advice(url_key),
        ),
        CertificateError::NotValidForNameContext {
            expected,
            presented,
        } => {
            let names = if presented.is_empty() {
                "no host names".to_string()
            } else {
                let names: Vec<String> = presented.iter().map(|n| plain_name(n)).collect();
                names.join(", ")
            };
            failure(
                format!(
                    "the server's certificate is not valid for {}; it names {names}",
                    expected.to_str()
                ),
                name_advice(url_key),
            )
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            let when = match ce {
                CertificateError::ExpiredContext { not_after, .. } => {
                    format!(" on {}", date(not_after.as_secs()))
                }
                _ => String::new(),
            };
            failure(
                format!("the server's certificate expired{when}"),
                "renew the server's certificate, or check this machine's clock".into(),
            )
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            let when = match ce {
                CertificateError::NotValidYetContext { not_before, .. } => {
                    format!(" (valid from {})", date(not_before.as_secs()))
                }
                _ => String::new(),
            };
            failure(
                format!("the server's certificate is not valid yet{when}"),
                "check this machine's clock and the server's".into(),
            )
        }
        CertificateError::Revoked => failure(
            "the server's certificate has been revoked".into(),
            "install a new certificate on the server".into(),
        ),
        CertificateError::BadEncoding => failure(
            "the server's certificate is not a valid X.509 certificate".into(),
            reissue,
        ),
        #[allow(deprecated)]
        CertificateError::UnsupportedSignatureAlgorithm
        | CertificateError::UnsupportedSignatureAlgorithmContext { .. }
        | CertificateError::UnsupportedSignatureAlgorithmForPublicKeyContext { .. } => failure(
            "the server's certificate is signed with an algorithm the harness does not accept"
                .into(),
            "have it reissued with RSA or ECDSA and SHA-256 or stronger".into(),
        ),
        CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => {
            failure(
                "the server's certificate is not meant for TLS servers (its extended key usage)"
                    .into(),
                "have it reissued with the serverAuth extended key usage".into(),
            )
        }
        CertificateError::Other(other) => explain_other(&other.to_string(), ca_cert),
        other => failure(
            format!(
                "the server's certificate was refused ({})",
                words(&format!("{other:?}"))
            ),
            untrusted(ca_cert),
        ),
    }
}

/// Certificate errors rustls passes on from its verifier without a kind of its own; the
/// verifier (webpki) names them by their variant name.
fn explain_other(name: &str, ca_cert: Option<&Path>) -> HandshakeFailure {
    let failure = |what: &str, advice: &str| HandshakeFailure {
        what: what.to_string(),
        advice: advice.to_string(),
    };
    match name {
        "CaUsedAsEndEntity" => failure(
            "the server presented a CA certificate as its own certificate",
            "install on the server a certificate issued by that CA for the server's host name; a CA certificate cannot identify a server",
        ),
        "EndEntityUsedAsCa" => failure(
            "the server's chain has a certificate signed by one that is not a CA",
            "have the server send its own certificate followed by the CA certificates that issued it",
        ),
        "CertDistrusted" => failure(
            "the server's certificate is signed by a CA that is no longer trusted",
            "have the server's certificate reissued by a trusted CA",
        ),
        _ => HandshakeFailure {
            what: format!("the server's certificate was refused ({})", words(name)),
            advice: untrusted(ca_cert),
        },
    }
}

/// A name the verifier found in a certificate, given in Debug form (`DnsName("host")`,
/// `IpAddress(10.0.0.1)`), as the bare name.
fn plain_name(debug: &str) -> String {
    match debug.split_once('(') {
        Some((_, inner)) => inner.trim_end_matches(')').trim_matches('"').to_string(),
        None => words(debug),
    }
}

fn name_advice(url_key: &str) -> String {
    format!(
        "use in {url_key} a host name the certificate names, or have the certificate reissued for this name"
    )
}

/// `secs` since the epoch as an RFC 3339 date and time (UTC).
fn date(secs: u64) -> String {
    let t = SystemTime::UNIX_EPOCH + Duration::from_secs(secs);
    humantime::format_rfc3339_seconds(t).to_string()
}

/// A Rust identifier such as `MaximumPathDepthExceeded`, or the Debug text of a value that
/// starts with one, as lower-case words: "maximum path depth exceeded". Anything after the
/// identifier (fields in Debug syntax) is left out; text that already has spaces is kept.
pub(crate) fn words(debug: &str) -> String {
    let ident: String = debug
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if ident.is_empty() || debug.contains(' ') && !debug.contains(['(', '{']) {
        return debug.replace(['\n', '\r'], " ");
    }
    let mut out = String::new();
    let mut prev_lower = false;
    for c in ident.chars() {
        if c == '_' {
            out.push(' ');
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower {
            out.push(' ');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn identifiers_become_words() {
        assert_eq!(words("CaUsedAsEndEntity"), "ca used as end entity");
        assert_eq!(
            words("MaximumPathDepthExceeded"),
            "maximum path depth exceeded"
        );
        assert_eq!(words("Other(OtherError(X))"), "other");
        assert_eq!(words("HandshakeFailure"), "handshake failure");
        assert_eq!(
            words("certificate had invalid extensions"),
            "certificate had invalid extensions"
        );
    }

    fn advice_for(e: TlsError, ca: Option<&Path>) -> HandshakeFailure {
        explain_rustls(&e, ca, "base_url")
    }

    #[test]
    fn handshake_failures_are_plain_words_with_advice_that_fits_the_profile() {
        let ca = Path::new("/etc/lab-ca.pem");
        let unknown = || TlsError::InvalidCertificate(CertificateError::UnknownIssuer);
        let without = advice_for(unknown(), None);
        assert!(without.advice.contains("set tls.ca_cert"), "{without:?}");
        let with = advice_for(unknown(), Some(ca));
        assert!(!with.advice.contains("set tls.ca_cert"), "{with:?}");
        assert!(with.advice.contains("/etc/lab-ca.pem"), "{with:?}");

        let ca_as_server = TlsError::InvalidCertificate(CertificateError::Other(
            rustls::OtherError(Arc::new(std::io::Error::other("CaUsedAsEndEntity"))),
        ));
        let f = advice_for(ca_as_server, Some(ca));
        assert!(f.what.contains("CA certificate as its own"), "{f:?}");

        let name = TlsError::InvalidCertificate(CertificateError::NotValidForNameContext {
            expected: rustls::pki_types::ServerName::try_from("finesse.lab").expect("name"),
            presented: vec![
                "DnsName(\"other.lab\")".into(),
                "IpAddress(10.0.0.1)".into(),
            ],
        });
        let f = advice_for(name, Some(ca));
        assert_eq!(
            f.what,
            "the server's certificate is not valid for finesse.lab; it names other.lab, 10.0.0.1"
        );
        assert!(f.advice.contains("base_url"), "{f:?}");

        let expired = TlsError::InvalidCertificate(CertificateError::ExpiredContext {
            time: rustls::pki_types::UnixTime::since_unix_epoch(Duration::from_secs(2_000_000_000)),
            not_after: rustls::pki_types::UnixTime::since_unix_epoch(Duration::from_secs(
                1_700_000_000,
            )),
        });
        let f = advice_for(expired, None);
        assert!(f.what.contains("expired on 2023-11-14"), "{f:?}");

        let plain = TlsError::InvalidMessage(rustls::InvalidMessage::InvalidContentType);
        let f = advice_for(plain, None);
        assert!(
            f.what.contains("did not answer in TLS") && f.advice.contains("base_url"),
            "{f:?}"
        );

        let alert = TlsError::AlertReceived(rustls::AlertDescription::HandshakeFailure);
        let f = advice_for(alert, None);
        assert!(f.what.contains("(handshake failure)"), "{f:?}");

        for e in [
            TlsError::InvalidCertificate(CertificateError::Revoked),
            TlsError::InvalidCertificate(CertificateError::UnhandledCriticalExtension),
            TlsError::InvalidCertificate(CertificateError::Other(rustls::OtherError(Arc::new(
                std::io::Error::other("MaximumPathDepthExceeded"),
            )))),
            TlsError::PeerIncompatible(rustls::PeerIncompatible::NoCipherSuitesInCommon),
            TlsError::DecryptError,
        ] {
            let f = advice_for(e, Some(ca));
            let line = format!("{} ({})", f.what, f.advice);
            assert!(
                !line.contains("Error(") && !line.contains("Other"),
                "{line}"
            );
            assert!(!line.chars().any(|c| c == '{' || c == '"'), "{line}");
            assert!(!line.contains("set tls.ca_cert"), "{line}");
        }
    }

    #[test]
    fn the_rustls_error_is_found_inside_an_io_error() {
        let io = std::io::Error::other(TlsError::InvalidCertificate(
            CertificateError::UnknownIssuer,
        ));
        let f = explain(&io, None, "base_url", "fallback");
        assert!(f.what.contains("trusted CA"), "{f:?}");
        // An I/O error inside an I/O error, as connectors hand it on.
        let outer = std::io::Error::other(std::io::Error::other(TlsError::InvalidCertificate(
            CertificateError::Revoked,
        )));
        let f = explain(&outer, None, "base_url", "fallback");
        assert!(f.what.contains("revoked"), "{f:?}");
        let plain = std::io::Error::other("connection reset");
        let f = explain(&plain, None, "base_url", "connection reset");
        assert_eq!(f.what, "connection reset");
    }
}
