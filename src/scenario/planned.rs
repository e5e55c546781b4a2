//! One scenario of the run plan, as the steps and the runner see it.

use super::needs::Needs;
use crate::domain::key::ScenarioKey;

#[derive(Debug, Clone)]
pub(crate) struct PlannedScenario {
    pub(crate) key: ScenarioKey,
    pub(crate) feature: String,
    /// JUnit classname, e.g. `user.change_agent_state`.
    pub(crate) classname: String,
    /// Unique within its feature and stable across runs.
    pub(crate) name: String,
    /// Feature, rule, scenario and Examples tags, without `@`.
    pub(crate) tags: Vec<String>,
    pub(crate) needs: Needs,
    /// Why it does not apply, if it does not.
    pub(crate) skip: Option<String>,
    /// Why it cannot reach its situation on this target, found before running (the
    /// preflight, `doctor::preflight`): reported inconclusive and not run.
    pub(crate) inconclusive: Option<String>,
    /// Changes something global (a fault), so it runs alone.
    pub(crate) exclusive: bool,
    /// Tagged `@mutates`: it changes state on the target. Untagged scenarios may only read
    /// (the client refuses their writes), so `--readonly` is safe on a shared lab.
    pub(crate) mutates: bool,
}
