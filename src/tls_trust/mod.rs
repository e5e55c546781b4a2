//! Trusting a lab's TLS certificate: the profile's `tls.ca_cert` loaded and checked when the
//! profile is read ([`ca_file`]), and TLS handshake failures told in plain words with advice
//! that fits the profile ([`handshake`]). The REST client, the XMPP client and the profile
//! loader all go through here.

pub(crate) mod ca_file;
pub(crate) mod handshake;

pub(crate) use ca_file::load_ca_bundle;
pub(crate) use handshake::explain;
