//! The harness's shared vocabulary, below the suite, the steps, the report writers and the
//! self-check: scenario keys, the rule catalogue, the result model with its verdicts, and
//! the exit codes. Nothing here runs anything.

pub mod catalogue;
mod embedded;
pub mod exit;
pub(crate) mod key;
pub mod operations;
pub mod results;
pub(crate) mod verdict;

pub(crate) use embedded::embedded_files;
