//! What every scenario of one run shares: the profile, the client, the identity pools, the
//! lock that lets fault scenarios run alone, and the plan.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::RwLock;

use super::lease::Pool;
use super::planned::PlannedScenario;
use crate::domain::key::ScenarioKey;
use crate::domain::results::{Transcripts, Warnings};
use crate::finesse::FinesseClient;
use crate::profile::{Deployment, Profile};

pub(crate) struct RunContext {
    pub(crate) profile: Profile,
    pub(crate) deployment: Deployment,
    /// From the profile or SystemInfo, when known.
    pub(crate) version: Option<String>,
    /// Template client; each scenario clones it with its own log.
    pub(crate) client: FinesseClient,
    pub(crate) agents: Arc<Pool>,
    pub(crate) supervisors: Arc<Pool>,
    pub(crate) other_team_agents: Arc<Pool>,
    pub(crate) wrap_up_agents: Arc<Pool>,
    pub(crate) mobile_agents: Arc<Pool>,
    pub(crate) transcripts: Transcripts,
    /// Lab warnings of each scenario's cleanup, for its testcase.
    pub(crate) warnings: Warnings,
    /// Held shared by ordinary scenarios and exclusively by those that switch faults.
    pub(crate) exclusive: Arc<RwLock<()>>,
    pub(crate) plan: HashMap<ScenarioKey, PlannedScenario>,
    /// Set when the run is interrupted: scenarios not yet started do not start, the running
    /// ones finish and restore what they changed.
    pub(crate) stop: Arc<AtomicBool>,
    /// Hand each scenario's transcript to the report (the self-check matrix does not need
    /// them, and 234 runs' worth of transcripts cost hundreds of MB).
    pub(crate) keep_transcripts: bool,
    /// The users' notification connections, kept for the run.
    pub(crate) notifiers: super::notifiers::Notifiers,
}

/// Why a scenario did not run when the run was interrupted (the report shows it skipped).
pub(crate) use crate::domain::results::INTERRUPTED;

impl RunContext {
    pub(crate) fn new(
        profile: Profile,
        (deployment, version): (Deployment, Option<String>),
        client: FinesseClient,
        plan: HashMap<ScenarioKey, PlannedScenario>,
        (transcripts, warnings): (Transcripts, Warnings),
    ) -> Self {
        let u = &profile.users;
        RunContext {
            notifiers: super::notifiers::Notifiers::new(&profile),
            agents: Pool::new("agents", u.agents.clone()),
            supervisors: Pool::new("supervisors", u.supervisors.clone()),
            other_team_agents: Pool::new("other-team agents", u.other_team_agents.clone()),
            wrap_up_agents: Pool::new("wrap-up agents", u.wrap_up_agents.clone()),
            mobile_agents: Pool::new("mobile agents", u.mobile_agents.clone()),
            profile,
            deployment,
            version,
            client,
            transcripts,
            warnings,
            exclusive: Arc::new(RwLock::new(())),
            plan,
            stop: Arc::new(AtomicBool::new(false)),
            keep_transcripts: true,
        }
    }

    /// Shares the stop flag of the run (the twin mock's context uses the same one).
    pub(crate) fn with_stop(mut self, stop: Arc<AtomicBool>) -> Self {
        self.stop = stop;
        self
    }

    pub(crate) fn keeping_transcripts(mut self, on: bool) -> Self {
        self.keep_transcripts = on;
        self
    }

    pub(crate) fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Takes user `id` out of every pool for the rest of the run (see lease::Pool::quarantine).
    pub(crate) fn quarantine(&self, id: &str, why: &str) {
        for pool in [
            &self.agents,
            &self.supervisors,
            &self.other_team_agents,
            &self.wrap_up_agents,
            &self.mobile_agents,
        ] {
            pool.quarantine(id, why);
        }
    }
}

impl fmt::Debug for RunContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunContext")
            .field("profile", &self.profile.name)
            .field("deployment", &self.deployment)
            .finish()
    }
}
