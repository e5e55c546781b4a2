//! finesse-conformance: a contract-test and conformance harness for the Cisco Finesse
//! REST API, with a mock Finesse that follows the guide.

// A small, deliberate public surface: what the binary, the tests and the benches use is
// `pub`; everything else is `pub(crate)` at most.
#![warn(unreachable_pub)]

pub(crate) mod auth;
pub mod cli;
pub mod doctor;
pub mod domain;
pub mod finesse;
pub mod mock_profile;
pub mod notify_bench;
pub mod profile;
pub mod redact;
pub mod report;
pub(crate) mod scenario;
pub mod selfcheck;
pub(crate) mod stdout;
pub(crate) mod steps;
pub mod suite;
pub(crate) mod tls_trust;

/// `print!` and `println!` that tolerate a closed stdout (see [`stdout`]).
pub(crate) use stdout::{out, outln};
