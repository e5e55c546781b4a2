//! Scenario keys: how the plan, the runner and the reports name one scenario.

use cucumber::gherkin;

/// Identifies a scenario across the plan, the runner and the report: (feature path, line of
/// the scenario or of its Examples row).
pub(crate) type ScenarioKey = (String, usize);

pub(crate) fn key_of(feature: &gherkin::Feature, scenario: &gherkin::Scenario) -> ScenarioKey {
    (feature_path(feature), scenario.position.line)
}

pub(crate) fn feature_path(feature: &gherkin::Feature) -> String {
    feature
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| feature.name.clone())
}
