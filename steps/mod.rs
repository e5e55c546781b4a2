//! Step definitions (cucumber-rs). Steps are black-box: they reach the target only through
//! the Finesse API and the profile's fault hook, so the same steps run against a lab or the
//! embedded mock. Compiled into the library through `#[path]` in src/lib.rs.

mod dialog;
pub mod hooks;
mod media;
mod reason_codes;
mod response;
mod system;
mod user;
mod world;

pub use world::{Expect, FinesseWorld, Role, StepError, StepResult};
