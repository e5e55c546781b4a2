//! finesse-conformance: a contract-test and conformance harness for the Cisco Finesse
//! REST API, with a mock Finesse that follows the guide.

pub mod auth;
pub mod cli;
pub mod doctor;
pub mod domain;
pub mod finesse;
pub mod mock_profile;
pub mod notify_bench;
pub mod profile;
pub mod redact;
pub mod report;
pub mod scenario;
pub mod selfcheck;
pub mod stdout;
pub mod steps;
pub mod suite;
pub mod tls_trust;
