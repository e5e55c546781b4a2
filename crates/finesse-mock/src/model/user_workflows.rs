//! User—Get List of Workflows, `GET /User/{id}/Workflows` (developer.cisco.com, "User—Get
//! List of Workflows"; deprecated from 12.5(1) for TeamResource, still documented): a user
//! reads the workflows assigned to it. "Any user can get their own workflows."
//!
//! Workflows are assigned to teams (Team—Update List of Workflows), so the mock lists the
//! workflows of the user's own team; the page does not say how "assigned to that user" is
//! worked out (README, mock fidelity). Each workflow is served as the page's example prints
//! it: name, description and the TriggerSet with its triggers. The stored page's example
//! is cut after the triggers, so the mock serves no ConditionSet or workflowActions.

use std::collections::HashSet;
use std::time::Instant;

use serde::Deserialize;

use super::{ApiFailure, Credential, Finesse};
use crate::deviations::Deviation;
use crate::documents as doc;

/// A workflow of the fixture, assigned to one or more teams.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkflowDef {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub teams: Vec<String>,
    /// The TriggerSet's type and name, e.g. SYSTEM and CALL_ARRIVES.
    pub trigger_type: String,
    pub trigger_name: String,
    #[serde(default)]
    pub triggers: Vec<TriggerDef>,
}

/// One Trigger: a Variable (name, node, type), a comparator and a value.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerDef {
    pub variable: String,
    pub node: String,
    pub variable_type: String,
    pub comparator: String,
    pub value: String,
}

impl WorkflowDef {
    fn render(&self, with_trigger_set: bool) -> doc::Workflow {
        doc::Workflow {
            name: self.name.clone(),
            description: self.description.clone(),
            trigger_set: with_trigger_set.then(|| doc::TriggerSet {
                kind: self.trigger_type.clone(),
                name: self.trigger_name.clone(),
                triggers: self
                    .triggers
                    .iter()
                    .map(|t| doc::Trigger {
                        variable: t.variable.clone(),
                        node: t.node.clone(),
                        variable_type: t.variable_type.clone(),
                        comparator: t.comparator.clone(),
                        value: t.value.clone(),
                    })
                    .collect(),
            }),
        }
    }
}

/// Fixture check: unique workflow ids and names, known teams. The error names the entry.
pub(crate) fn check_workflows(
    workflows: &[WorkflowDef],
    team_ids: &HashSet<&str>,
) -> Result<(), (String, String)> {
    let mut ids = HashSet::new();
    let mut names = HashSet::new();
    for (i, w) in workflows.iter().enumerate() {
        if !ids.insert(w.id.as_str()) {
            return Err((
                format!("workflows[{i}].id"),
                format!("duplicate workflow id {}", w.id),
            ));
        }
        // Workflow API Parameters: the name must be unique.
        if !names.insert(w.name.as_str()) {
            return Err((
                format!("workflows[{i}].name"),
                format!("duplicate workflow name {}", w.name),
            ));
        }
        if let Some(t) = w.teams.iter().find(|t| !team_ids.contains(t.as_str())) {
            return Err((
                format!("workflows[{i}].teams"),
                format!("team {t} is not in teams"),
            ));
        }
    }
    Ok(())
}

impl Finesse {
    /// `GET /User/{id}/Workflows`: the user's own, or any user's for an administrator (the
    /// page is silent on administrators; the mock treats them as the other User lists do).
    pub(crate) fn user_workflows(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        now: Instant,
    ) -> Result<doc::Workflows, ApiFailure> {
        let (caller, target) = self.begin(creds, id, now)?;
        let own_or_admin = caller.id == target.id || caller.admin;
        // The page lists 401 Authorization Failure without its trigger; the mock answers
        // another user's list as the other User APIs do.
        if !own_or_admin && !self.dev(Deviation::OtherUsersWorkflowsReadable) {
            return Err(ApiFailure::not_this_user(&target.id));
        }
        let with_trigger_set = !self.dev(Deviation::UserWorkflowsWithoutTriggerSet);
        let teams = target.teams();
        Ok(doc::Workflows {
            workflows: self
                .workflows
                .iter()
                .filter(|w| w.teams.iter().any(|t| teams.contains(t)))
                .map(|w| w.render(with_trigger_set))
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(id: &str, name: &str, teams: &[&str]) -> WorkflowDef {
        WorkflowDef {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            teams: teams.iter().map(|t| t.to_string()).collect(),
            trigger_type: "SYSTEM".into(),
            trigger_name: "CALL_ARRIVES".into(),
            triggers: Vec::new(),
        }
    }

    #[test]
    fn the_fixture_check_names_duplicates_and_unknown_teams() {
        let teams: HashSet<&str> = ["5000"].into_iter().collect();
        assert!(check_workflows(&[def("1", "a", &["5000"])], &teams).is_ok());
        let dup = [def("1", "a", &["5000"]), def("1", "b", &["5000"])];
        assert_eq!(
            check_workflows(&dup, &teams).map_err(|e| e.0),
            Err("workflows[1].id".into())
        );
        let same_name = [def("1", "a", &["5000"]), def("2", "a", &["5000"])];
        assert_eq!(
            check_workflows(&same_name, &teams).map_err(|e| e.0),
            Err("workflows[1].name".into())
        );
        let unknown = [def("1", "a", &["9"])];
        assert_eq!(
            check_workflows(&unknown, &teams).map_err(|e| e.0),
            Err("workflows[0].teams".into())
        );
    }
}
