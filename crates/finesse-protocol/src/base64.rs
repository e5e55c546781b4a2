//! Standard base64 (RFC 4648) through the `base64` crate, configured once: padded output (HTTP
//! Basic, SASL PLAIN, Cucumber JSON embeddings), and input accepted with or without padding,
//! since clients differ.

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

const ENGINE: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_encode_padding(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

pub fn encode(bytes: &[u8]) -> String {
    ENGINE.encode(bytes)
}

/// Decodes padded or unpadded base64 (surrounding white space ignored); None when invalid.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    ENGINE.decode(text.trim()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_rfc4648_vectors() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(i.as_bytes()), o);
            assert_eq!(decode(o).as_deref(), Some(i.as_bytes()));
        }
        assert_eq!(decode("Zg").as_deref(), Some(&b"f"[..]), "unpadded");
        assert_eq!(
            decode(" Zm8=\n").as_deref(),
            Some(&b"fo"[..]),
            "white space"
        );
        assert_eq!(decode("not base64!"), None);
    }
}
