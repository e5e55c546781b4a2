//! The profile's `tls.ca_cert`, read and checked when the profile is loaded. PEM is read with
//! rustls-pki-types and every certificate is checked by rustls's own trust store, so a file
//! that loads here is one the REST and XMPP clients accept.

use std::fmt;
use std::path::Path;

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::{self, PemObject, SectionKind};

/// Why `tls.ca_cert` cannot be used, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CaCertError {
    pub(crate) message: String,
    pub(crate) fix: String,
}

impl fmt::Display for CaCertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tls.ca_cert: {} (fix: {})", self.message, self.fix)
    }
}

impl std::error::Error for CaCertError {}

const CA_FIX: &str = "point tls.ca_cert at the certificate of the CA that signed the Finesse certificate: a PEM file with a -----BEGIN CERTIFICATE----- block";

/// Reads `path` and returns its certificates: PEM with at least one CERTIFICATE block, every
/// one of them a certificate rustls can trust.
pub(crate) fn load_ca_bundle(path: &Path) -> Result<Vec<CertificateDer<'static>>, CaCertError> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| CaCertError {
        message: format!("cannot read {shown}: {e}"),
        fix: "correct the path (a relative path is taken from the directory you run in)".into(),
    })?;
    let refuse = |message: String| CaCertError {
        message,
        fix: CA_FIX.into(),
    };
    let sections = <(SectionKind, Vec<u8>)>::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| refuse(format!("{shown} is not valid PEM: {}", pem_problem(&e))))?;
    let certs: Vec<CertificateDer<'static>> = sections
        .iter()
        .filter(|(kind, _)| *kind == SectionKind::Certificate)
        .map(|(_, der)| CertificateDer::from(der.clone()))
        .collect();
    if certs.is_empty() {
        let Some((kind, _)) = sections.first() else {
            return Err(refuse(format!(
                "{shown} holds no PEM data (no -----BEGIN CERTIFICATE----- block)"
            )));
        };
        let mut e = refuse(format!("{shown} holds {}, not a certificate", noun(*kind)));
        if is_private_key(*kind) {
            e.fix = format!(
                "{CA_FIX}; a private key does not belong in a profile, and the server's key is never needed"
            );
        }
        return Err(e);
    }
    let mut store = rustls::RootCertStore::empty();
    for (i, cert) in certs.iter().enumerate() {
        store.add(cert.clone()).map_err(|_| {
            let which = if certs.len() == 1 {
                "the certificate".to_string()
            } else {
                format!("certificate {} of {}", i + 1, certs.len())
            };
            refuse(format!(
                "{which} in {shown} is not a valid X.509 certificate"
            ))
        })?;
    }
    Ok(certs)
}

fn is_private_key(kind: SectionKind) -> bool {
    matches!(
        kind,
        SectionKind::PrivateKey | SectionKind::RsaPrivateKey | SectionKind::EcPrivateKey
    )
}

fn noun(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::PrivateKey | SectionKind::RsaPrivateKey | SectionKind::EcPrivateKey => {
            "a private key"
        }
        SectionKind::PublicKey => "a public key",
        SectionKind::Csr => "a certificate signing request",
        SectionKind::Crl => "a certificate revocation list",
        _ => "something else",
    }
}

fn pem_problem(e: &pem::Error) -> String {
    match e {
        pem::Error::MissingSectionEnd { .. } => "a -----BEGIN line has no matching -----END line",
        pem::Error::IllegalSectionStart { .. } => "a -----BEGIN line is malformed",
        pem::Error::Base64Decode(_) => "the base64 text of a block is damaged",
        pem::Error::SectionTooLarge => "a block is larger than 256 MB",
        _ => "it cannot be read as PEM",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name)
    }

    fn temp(name: &str, text: &str) -> PathBuf {
        let p = std::env::temp_dir().join(format!("tls-trust-{}-{name}", std::process::id()));
        std::fs::write(&p, text).expect("write");
        p
    }

    #[test]
    fn a_ca_bundle_loads_and_anything_else_is_refused_in_one_line() {
        let ok = load_ca_bundle(&fixture("xmpp_tls/ca.pem")).expect("the lab CA");
        assert_eq!(ok.len(), 1);
        let ca = std::fs::read_to_string(fixture("xmpp_tls/ca.pem")).expect("read");
        let other = std::fs::read_to_string(fixture("xmpp_tls/other-ca.pem")).expect("read");
        let two = temp("two.pem", &format!("{ca}\n{other}"));
        assert_eq!(load_ca_bundle(&two).expect("a bundle").len(), 2);

        let broken_block =
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";
        let cases: Vec<(PathBuf, &str)> = vec![
            (
                PathBuf::from("/nonexistent/ca.pem"),
                "cannot read /nonexistent/ca.pem",
            ),
            (temp("garbage.pem", "garbage\n"), "holds no PEM data"),
            (temp("empty.pem", ""), "holds no PEM data"),
            (
                fixture("xmpp_tls/server.key"),
                "holds a private key, not a certificate",
            ),
            (temp("broken.pem", broken_block), "the certificate in"),
            (
                temp("half.pem", &format!("{ca}{broken_block}")),
                "certificate 2 of 2 in",
            ),
            (
                temp("unended.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n"),
                "no matching -----END line",
            ),
            (
                temp(
                    "badb64.pem",
                    "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
                ),
                "base64",
            ),
        ];
        for (path, says) in cases {
            let e = load_ca_bundle(&path).expect_err(says);
            let line = e.to_string();
            assert!(line.contains(says), "{says:?} expected in: {line}");
            assert!(line.contains(&path.display().to_string()), "{line}");
            assert!(!line.contains('\n') && !line.contains("[45"), "{line}");
        }
        let key = load_ca_bundle(&fixture("xmpp_tls/server.key")).expect_err("key");
        assert!(key.fix.contains("private key does not belong"), "{key}");
    }
}
