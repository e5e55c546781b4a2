//! The rustls client configuration for XMPP, with the same trust rules as the REST client
//! (`client::http_client`): the platform's roots plus the profile's `tls.ca_cert`, or no
//! checks at all when the profile says `tls.insecure: true`.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};

use super::error::XmppError;
use crate::profile::Tls;

/// Builds the client configuration; errors name the profile key to fix.
pub(crate) fn client_config(tls: &Tls) -> Result<Arc<ClientConfig>, XmppError> {
    // Explicitly ring, like the REST client; nothing depends on a process-wide default.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config_error = |detail: String| XmppError::Config { detail };
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| config_error(format!("cannot set up TLS: {e}")))?;
    let config = if tls.insecure {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate { provider }))
            .with_no_client_auth()
    } else {
        let verifier = match &tls.ca_cert {
            Some(path) => {
                let roots = crate::tls_trust::load_ca_bundle(path)
                    .map_err(|e| config_error(e.to_string()))?;
                rustls_platform_verifier::Verifier::new_with_extra_roots(roots, provider)
            }
            None => rustls_platform_verifier::Verifier::new(provider),
        }
        .map_err(|e| {
            config_error(format!(
                "cannot load the TLS trust roots: {e} (install the system CA certificates, or set tls.ca_cert to the lab's CA)"
            ))
        })?;
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth()
    };
    Ok(Arc::new(config))
}

/// `tls.insecure: true`: any certificate is accepted, but handshake signatures are still
/// checked, so the session is at least bound to the key the server presented.
#[derive(Debug)]
struct AcceptAnyCertificate {
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_empty_ca_file_names_the_profile_key() {
        let e = client_config(&Tls {
            ca_cert: Some("/nonexistent/lab-ca.pem".into()),
            insecure: false,
        })
        .expect_err("missing file");
        assert!(
            e.to_string()
                .starts_with("tls.ca_cert: cannot read /nonexistent/lab-ca.pem"),
            "{e}"
        );
        let path = std::env::temp_dir().join(format!("xmpp-tls-empty-{}.pem", std::process::id()));
        let written = std::fs::write(&path, "not a certificate\n");
        let result = client_config(&Tls {
            ca_cert: Some(path.clone()),
            insecure: false,
        });
        let _ = std::fs::remove_file(&path);
        assert!(written.is_ok());
        let e = result.expect_err("empty bundle");
        assert!(e.to_string().contains("holds no PEM data"), "{e}");
    }

    #[test]
    fn insecure_needs_no_roots() {
        let config = client_config(&Tls {
            ca_cert: Some("/ignored/when/insecure.pem".into()),
            insecure: true,
        });
        assert!(config.is_ok());
    }
}
