//! Matches every step of the loaded features against the step definitions before anything
//! runs, with the same matcher cucumber uses at run time (`Collection::find`): an undefined
//! or ambiguous step is the feature file's fault, so it is refused up front with its file,
//! line, keyword and text, instead of being found one scenario at a time.

use std::collections::HashSet;
use std::sync::LazyLock;

use cucumber::World as _;
use cucumber::gherkin::{self, StepType};
use cucumber::step::Collection;

use super::features::FeatureError;
use super::plan::feature_path;
use crate::steps::FinesseWorld;

/// The step definitions, as cucumber collects them for a run.
static STEPS: LazyLock<Collection<FinesseWorld>> = LazyLock::new(FinesseWorld::collection);

/// Every step of `features` (expanded) that no definition, or more than one, matches.
/// `known` are step texts that do match (the built-in features'), for "did you mean".
pub(super) fn check(features: &[gherkin::Feature], known: &[String]) -> Vec<FeatureError> {
    check_with(&STEPS, features, known)
}

/// All steps of a feature, each once: Backgrounds, and every scenario's (one per Examples row).
fn steps_of(f: &gherkin::Feature) -> impl Iterator<Item = &gherkin::Step> {
    fn bg(b: Option<&gherkin::Background>) -> impl Iterator<Item = &gherkin::Step> {
        b.into_iter().flat_map(|b| &b.steps)
    }
    bg(f.background.as_ref())
        .chain(f.scenarios.iter().flat_map(|s| &s.steps))
        .chain(f.rules.iter().flat_map(move |r| {
            bg(r.background.as_ref()).chain(r.scenarios.iter().flat_map(|s| &s.steps))
        }))
}

pub(crate) fn check_with<W>(
    steps: &Collection<W>,
    features: &[gherkin::Feature],
    known: &[String],
) -> Vec<FeatureError> {
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for f in features {
        let path = feature_path(f);
        for step in steps_of(f) {
            if !seen.insert((path.clone(), step.position.line, step.value.clone())) {
                continue;
            }
            let shown = format!("{} {}", step.keyword.trim(), step.value);
            let message = match steps.find(step) {
                Ok(Some(_)) => continue,
                Ok(None) => format!(
                    "no step definition matches: {shown}; {}",
                    hint(steps, step, known)
                ),
                Err(e) => {
                    let defs: Vec<String> = e
                        .possible_matches
                        .iter()
                        .map(|(re, loc)| match loc {
                            Some(l) => format!("/{re}/ at {}:{}", l.path, l.line),
                            None => format!("/{re}/"),
                        })
                        .collect();
                    format!(
                        "{shown} matches {} step definitions ({}); reword the step so that one matches",
                        defs.len(),
                        defs.join("; ")
                    )
                }
            };
            problems.push(FeatureError {
                file: path.clone(),
                line: Some(step.position.line),
                col: None,
                message,
            });
        }
    }
    problems
}

fn keyword(ty: StepType) -> &'static str {
    match ty {
        StepType::Given => "Given",
        StepType::When => "When",
        StepType::Then => "Then",
    }
}

/// How to fix an undefined step: the keyword that has it, or the nearest built-in text.
fn hint<W>(steps: &Collection<W>, step: &gherkin::Step, known: &[String]) -> String {
    for ty in [StepType::Given, StepType::When, StepType::Then] {
        let other = gherkin::Step { ty, ..step.clone() };
        if ty != step.ty && matches!(steps.find(&other), Ok(Some(_))) {
            let written = step.keyword.trim();
            let counts = if written == keyword(step.ty) {
                String::new()
            } else {
                format!(" (this {written} counts as {})", keyword(step.ty))
            };
            return format!(
                "it is a {} step, not a {} step{counts}; write \"{} {}\"",
                keyword(ty),
                keyword(step.ty),
                keyword(ty),
                step.value
            );
        }
    }
    let nearest = known
        .iter()
        .map(|k| (strsim::normalized_levenshtein(k, &step.value), k))
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match nearest {
        Some((_, k)) => format!("did you mean \"{k}\"?"),
        None => "write it as a built-in step (the project's features/ and examples/features/ use them all)".into(),
    }
}

/// The distinct step texts of `features`.
pub(super) fn texts(features: &[gherkin::Feature]) -> Vec<String> {
    let mut out: Vec<String> = features
        .iter()
        .flat_map(steps_of)
        .map(|s| s.value.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::features;

    fn problems(text: &str) -> Vec<String> {
        let f = features::parse("x.feature", text).expect("parse");
        check(&[f], &["the agent is READY".to_string()])
            .iter()
            .map(|p| p.to_string())
            .collect()
    }

    #[test]
    fn undefined_steps_are_named_with_line_keyword_and_text() {
        let p = problems(
            "Feature: F\n  Scenario: s\n    Given the agent is READY\n    Then the moon is cheese\n    And the agent is Ready\n",
        );
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(
            p[0].starts_with("x.feature:4: no step definition matches: Then the moon is cheese;"),
            "{p:?}"
        );
        assert!(p[1].starts_with("x.feature:5: "), "{p:?}");
        assert!(p[1].contains("And the agent is Ready"), "{p:?}");
        assert!(
            p[1].contains("did you mean \"the agent is READY\"?"),
            "{p:?}"
        );
    }

    #[test]
    fn a_step_under_the_wrong_keyword_says_which_one_has_it() {
        let p = problems(
            "Feature: F\n  Scenario: s\n    When the agent is READY\n    And the agent is READY\n",
        );
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[1].contains("(this And counts as When)"), "{p:?}");
        assert!(
            p[0].contains("it is a Given step, not a When step;")
                && p[0].contains("write \"Given the agent is READY\""),
            "{p:?}"
        );
    }

    #[test]
    fn outline_rows_are_checked_once_each_and_backgrounds_once() {
        let p = problems(
            "Feature: F\n  Background:\n    Given nothing at all\n  Scenario: a\n    Then the agent's state becomes LOGOUT\n  Scenario Outline: o\n    Given the agent is <s>\n    Examples:\n      | s |\n      | READY |\n      | FLYING |\n      | FLYING |\n",
        );
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].starts_with("x.feature:3: "), "{p:?}");
        assert!(p[1].contains("Given the agent is FLYING"), "{p:?}");
    }

    /// Two definitions that both match one text.
    #[derive(Debug, Default)]
    struct Twin;

    impl cucumber::World for Twin {
        type Error = std::convert::Infallible;
        async fn new() -> Result<Self, Self::Error> {
            Ok(Twin)
        }
    }

    #[test]
    fn an_ambiguous_step_names_both_definitions() {
        fn noop<'a>(
            _: &'a mut Twin,
            _: cucumber::step::Context,
        ) -> futures::future::LocalBoxFuture<'a, ()> {
            Box::pin(async {})
        }
        let re = |r: &str| regex::Regex::new(r).expect("regex");
        let c = Collection::<Twin>::new()
            .given(None, re("^the agent is (.*)$"), noop)
            .given(None, re("^the agent is READY$"), noop);
        let f = features::parse(
            "x.feature",
            "Feature: F\n  Scenario: s\n    Given the agent is READY\n",
        )
        .expect("parse");
        let p = check_with(&c, &[f], &[]);
        assert_eq!(p.len(), 1, "{p:?}");
        let m = p[0].to_string();
        assert!(m.contains("matches 2 step definitions"), "{m}");
        assert!(m.contains("/^the agent is READY$/"), "{m}");
    }
}
