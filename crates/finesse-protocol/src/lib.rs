//! The vocabulary that the harness and the mock Finesse share, and nothing that reads or
//! writes a Finesse document: each side keeps its own, so that they cannot agree by
//! construction (the golden documents in `tests/golden/` check both against the guide).

pub mod base64;
mod deployment;
mod secret;

pub use deployment::Deployment;
pub use secret::Secret;
