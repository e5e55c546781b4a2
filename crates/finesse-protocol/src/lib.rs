//! The vocabulary that the harness and the mock Finesse share, and nothing that reads or
//! writes a Finesse document: each side keeps its own, so that they cannot agree by
//! construction (the golden documents in `tests/golden/` check both against the guide).
//! The XML tree and the XMPP framing are generic: they know no Finesse element.

pub mod base64;
mod deployment;
mod secret;
pub mod xml;
pub mod xmpp_frame;

pub use deployment::Deployment;
pub use secret::Secret;
