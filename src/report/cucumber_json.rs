//! Cucumber JSON: the format cucumber-jvm and cucumber-js emit, read by Allure, Xray and
//! cucumber-html-reporter. One feature object per feature file, one element per scenario
//! or Examples row, with its steps as they ran.
//!
//! The result model does not keep a feature's description, line or own tags, nor where tags
//! were written, so: the description is empty, the feature's line is 1, its tags are those
//! every scenario in it carries (feature tags are inherited by all of them), and every tag's
//! line is its element's line. Scenario tags include the inherited ones, as cucumber-jvm's do.

use std::path::Path;

use serde::Serialize;

use super::{Outcome, RunReport, ScenarioReport, StepStatus};
use crate::redact::Redactor;

#[derive(Serialize)]
struct Feature {
    uri: String,
    id: String,
    keyword: &'static str,
    name: String,
    description: String,
    line: usize,
    tags: Vec<Tag>,
    elements: Vec<Element>,
}

#[derive(Serialize)]
struct Tag {
    name: String,
    line: usize,
}

#[derive(Serialize)]
struct Element {
    id: String,
    keyword: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    name: String,
    description: String,
    line: usize,
    tags: Vec<Tag>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    before: Vec<Hook>,
    steps: Vec<Step>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    after: Vec<Hook>,
}

#[derive(Serialize)]
struct Step {
    keyword: String,
    name: String,
    line: usize,
    result: StepOutcome,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    embeddings: Vec<Embedding>,
}

#[derive(Serialize)]
struct Hook {
    result: StepOutcome,
    #[serde(rename = "match")]
    location: HookMatch,
}

#[derive(Serialize)]
struct HookMatch {
    location: String,
}

#[derive(Serialize)]
struct StepOutcome {
    status: &'static str,
    /// Nanoseconds, as cucumber-jvm writes it.
    duration: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_message: Option<String>,
}

/// An attachment; readers decode `data` as base64.
#[derive(Serialize)]
struct Embedding {
    mime_type: &'static str,
    data: String,
    name: String,
}

/// Cucumber's ids: lower case, spaces as hyphens.
fn slug(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| {
            if c.is_whitespace() || c == '_' {
                '-'
            } else {
                c
            }
        })
        .collect::<String>()
        .to_lowercase()
}

fn nanos(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

fn tags(names: &[&str], line: usize, redactor: &Redactor) -> Vec<Tag> {
    names
        .iter()
        .map(|t| Tag {
            name: format!("@{}", redactor.redact(t.trim_start_matches('@'))),
            line,
        })
        .collect()
}

/// "Scenario Outline" for an Examples row: its steps come before its line (the row), or,
/// with no steps recorded, its name ends in the row's values (`… [UCCE: code=999]`).
fn keyword(s: &ScenarioReport) -> &'static str {
    let row = match s.steps.first() {
        Some(step) => step.line < s.line(),
        None => s.name.ends_with(']') && s.name.rsplit('[').next().is_some_and(|v| v.contains('=')),
    };
    if row { "Scenario Outline" } else { "Scenario" }
}

fn status(s: StepStatus) -> &'static str {
    match s {
        StepStatus::Passed => "passed",
        StepStatus::Failed => "failed",
        StepStatus::Skipped => "skipped",
    }
}

fn element(feature_id: &str, s: &ScenarioReport, redactor: &Redactor) -> Element {
    let r = |t: &str| redactor.redact(t);
    let mut steps: Vec<Step> = s
        .steps
        .iter()
        .map(|st| Step {
            keyword: format!("{} ", st.keyword.trim()),
            name: r(&st.text),
            line: st.line,
            result: StepOutcome {
                status: status(st.status),
                duration: nanos(st.duration),
                error_message: st.error.as_deref().map(r),
            },
            embeddings: Vec::new(),
        })
        .collect();
    let (mut before, mut after) = (Vec::new(), Vec::new());
    let hook = |message: &str| Hook {
        result: StepOutcome {
            status: "failed",
            duration: 0,
            error_message: Some(r(message)),
        },
        location: HookMatch {
            location: "finesse-conformance".into(),
        },
    };
    match &s.outcome {
        // Readers derive a scenario's status from its steps, and most count a scenario with
        // no steps as passed: a not-applicable scenario gets one skipped `*` step that gives
        // the reason, so Allure, Xray and cucumber-html-reporter all show it as skipped.
        Outcome::Skipped { reason } => steps.push(Step {
            keyword: "* ".into(),
            name: format!("not applicable: {}", r(reason)),
            line: s.line(),
            result: StepOutcome {
                status: "skipped",
                duration: 0,
                error_message: None,
            },
            embeddings: Vec::new(),
        }),
        // A failure outside the steps (nothing ran: the target was unreachable; or a hook
        // failed) must still make the scenario fail in readers that only look at steps.
        Outcome::Failed { message, .. }
            if !s.steps.iter().any(|st| st.status == StepStatus::Failed) =>
        {
            if s.steps.is_empty() {
                steps.push(Step {
                    keyword: "* ".into(),
                    name: "the scenario did not run".into(),
                    line: s.line(),
                    result: StepOutcome {
                        status: "failed",
                        duration: 0,
                        error_message: Some(r(message)),
                    },
                    embeddings: Vec::new(),
                });
            } else if s.steps.iter().any(|st| st.status == StepStatus::Passed) {
                after.push(hook(message));
            } else {
                before.push(hook(message));
            }
        }
        _ => {}
    }
    // The HTTP exchanges (the evidence) go with the last step that ran.
    if !s.transcript.is_empty() {
        let last = steps
            .iter()
            .rposition(|st| st.result.status != "skipped")
            .or(steps.len().checked_sub(1));
        if let Some(step) = last.and_then(|i| steps.get_mut(i)) {
            step.embeddings.push(Embedding {
                mime_type: "text/plain",
                data: crate::base64::encode(r(&s.transcript.render()).as_bytes()),
                name: "HTTP exchanges".into(),
            });
        }
    }
    let all: Vec<&str> = s.tags.iter().map(String::as_str).collect();
    Element {
        id: format!("{feature_id};{}", slug(&r(&s.name))),
        keyword: keyword(s),
        kind: "scenario",
        name: r(&s.name),
        description: String::new(),
        line: s.line(),
        tags: tags(&all, s.line(), redactor),
        before,
        steps,
        after,
    }
}

pub fn render(report: &RunReport, redactor: &Redactor) -> Result<String, String> {
    let features: Vec<Feature> = report
        .features
        .iter()
        .map(|f| {
            let name = redactor.redact(&f.name);
            let id = slug(&name);
            let common: Vec<&str> = f
                .scenarios
                .first()
                .map(|first| {
                    first
                        .tags
                        .iter()
                        .map(String::as_str)
                        .filter(|t| f.scenarios.iter().all(|s| s.tags.iter().any(|x| x == t)))
                        .collect()
                })
                .unwrap_or_default();
            Feature {
                uri: redactor.redact(&f.path),
                tags: tags(&common, 1, redactor),
                elements: f
                    .scenarios
                    .iter()
                    .map(|s| element(&id, s, redactor))
                    .collect(),
                id,
                keyword: "Feature",
                name,
                description: String::new(),
                line: 1,
            }
        })
        .collect();
    serde_json::to_string_pretty(&features).map_err(|e| format!("cannot render Cucumber JSON: {e}"))
}

pub fn write(report: &RunReport, redactor: &Redactor, path: &Path) -> Result<(), String> {
    super::junit::write_atomic(path, &render(report, redactor)?)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use serde_json::Value;

    use super::*;
    use crate::report::{Attempt, FeatureReport, StepResult, TargetSummary, Transcript};

    fn step(keyword: &str, text: &str, line: usize, status: StepStatus) -> StepResult {
        StepResult {
            keyword: keyword.into(),
            text: text.into(),
            line,
            status,
            duration: Duration::from_millis(2),
            error: (status == StepStatus::Failed)
                .then(|| "expected 404, got 400 (pw s3cret-pw)".into()),
        }
    }

    fn scenario(
        name: &str,
        line: usize,
        outcome: Outcome,
        steps: Vec<StepResult>,
    ) -> ScenarioReport {
        ScenarioReport {
            key: ("features/media/x.feature".into(), line),
            classname: "media.x".into(),
            name: name.into(),
            tags: vec![
                "guide:12.5:p171".into(),
                "rule:media.a".into(),
                format!("line{line}"),
            ],
            outcome,
            duration: Duration::from_millis(10),
            transcript: Transcript::default(),
            steps,
            earlier: Vec::<Attempt>::new(),
            warnings: Vec::new(),
        }
    }

    fn report() -> RunReport {
        let failed = Outcome::Failed {
            step: Some("Then x".into()),
            message: "expected 404, got 400".into(),
        };
        RunReport {
            target: TargetSummary::default(),
            started: SystemTime::UNIX_EPOCH,
            duration: Duration::from_secs(1),
            features: vec![FeatureReport {
                path: "features/media/x.feature".into(),
                name: "Media — unknown MRD".into(),
                scenarios: vec![
                    scenario(
                        "Passes",
                        5,
                        Outcome::Passed,
                        vec![step("Given", "the agent is READY", 6, StepStatus::Passed)],
                    ),
                    scenario(
                        "Row [UCCE: code=9]",
                        20,
                        failed,
                        vec![
                            step("When", "the agent signs in", 12, StepStatus::Failed),
                            step("Then", "it works", 13, StepStatus::Skipped),
                        ],
                    ),
                    scenario(
                        "Not here",
                        30,
                        Outcome::Skipped {
                            reason: "applies to UCCX only".into(),
                        },
                        Vec::new(),
                    ),
                    scenario(
                        "Unreachable",
                        40,
                        Outcome::Failed {
                            step: None,
                            message: "cannot reach the target".into(),
                        },
                        Vec::new(),
                    ),
                    scenario(
                        "Cleanup failed",
                        50,
                        Outcome::Failed {
                            step: None,
                            message: "cleanup (after the last step) failed: boom".into(),
                        },
                        vec![step("Given", "x", 51, StepStatus::Passed)],
                    ),
                ],
            }],
        }
    }

    fn parsed(redactor: &Redactor) -> Value {
        let json = render(&report(), redactor).expect("renders");
        serde_json::from_str(&json).expect("valid JSON")
    }

    fn str_at<'a>(v: &'a Value, pointer: &str) -> &'a str {
        v.pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no string at {pointer} in {v}"))
    }

    #[test]
    fn features_and_scenarios_have_the_cucumber_fields() {
        let v = parsed(&Redactor::default());
        let f = &v[0];
        assert_eq!(str_at(f, "/uri"), "features/media/x.feature");
        assert_eq!(str_at(f, "/keyword"), "Feature");
        assert_eq!(str_at(f, "/id"), "media-—-unknown-mrd");
        assert_eq!(str_at(f, "/name"), "Media — unknown MRD");
        assert_eq!(f["line"], 1);
        let feature_tags: Vec<&str> = f["tags"]
            .as_array()
            .expect("tags")
            .iter()
            .map(|t| str_at(t, "/name"))
            .collect();
        assert_eq!(
            feature_tags,
            ["@guide:12.5:p171", "@rule:media.a"],
            "only the tags every scenario has"
        );
        let e = &f["elements"][0];
        assert_eq!(str_at(e, "/type"), "scenario");
        assert_eq!(str_at(e, "/keyword"), "Scenario");
        assert_eq!(str_at(e, "/id"), "media-—-unknown-mrd;passes");
        assert_eq!(e["line"], 5);
        assert_eq!(e["tags"][2]["name"], "@line5");
        assert_eq!(e["tags"][2]["line"], 5);
        let s = &e["steps"][0];
        assert_eq!(str_at(s, "/keyword"), "Given ");
        assert_eq!(str_at(s, "/name"), "the agent is READY");
        assert_eq!(s["line"], 6);
        assert_eq!(str_at(s, "/result/status"), "passed");
        assert_eq!(s["result"]["duration"], 2_000_000);
        assert!(s["result"].get("error_message").is_none());
    }

    #[test]
    fn failed_and_skipped_steps_carry_their_status_and_error() {
        let v = parsed(&Redactor::default());
        let e = &v[0]["elements"][1];
        assert_eq!(str_at(e, "/keyword"), "Scenario Outline");
        assert_eq!(str_at(e, "/steps/0/result/status"), "failed");
        assert!(str_at(e, "/steps/0/result/error_message").contains("expected 404, got 400"));
        assert_eq!(str_at(e, "/steps/1/result/status"), "skipped");
    }

    #[test]
    fn scenarios_without_failed_steps_still_read_as_skipped_or_failed() {
        let v = parsed(&Redactor::default());
        let skipped = &v[0]["elements"][2];
        assert_eq!(skipped["steps"].as_array().map(Vec::len), Some(1));
        assert_eq!(str_at(skipped, "/steps/0/keyword"), "* ");
        assert_eq!(str_at(skipped, "/steps/0/result/status"), "skipped");
        assert!(str_at(skipped, "/steps/0/name").contains("applies to UCCX only"));
        let unreachable = &v[0]["elements"][3];
        assert_eq!(str_at(unreachable, "/steps/0/result/status"), "failed");
        assert_eq!(
            str_at(unreachable, "/steps/0/result/error_message"),
            "cannot reach the target"
        );
        let cleanup = &v[0]["elements"][4];
        assert_eq!(str_at(cleanup, "/steps/0/result/status"), "passed");
        assert_eq!(str_at(cleanup, "/after/0/result/status"), "failed");
        assert!(str_at(cleanup, "/after/0/result/error_message").contains("boom"));
        assert!(cleanup.get("before").is_none());
    }

    #[test]
    fn free_text_is_redacted() {
        let redactor = Redactor::new(&["s3cret-pw".into()], &[]);
        let json = render(&report(), &redactor).expect("renders");
        assert!(!json.contains("s3cret-pw"), "{json}");
        assert!(json.contains("(pw ***)"), "{json}");
    }

    #[test]
    fn the_transcript_is_attached_to_the_last_step_that_ran() {
        let mut r = report();
        r.features[0].scenarios[1].transcript = Transcript {
            entries: vec![crate::report::Entry::Note {
                at: SystemTime::UNIX_EPOCH,
                text: "lease agent 1001 s3cret-pw".into(),
            }],
            steps_end: 1,
        };
        let redactor = Redactor::new(&["s3cret-pw".into()], &[]);
        let v: Value =
            serde_json::from_str(&render(&r, &redactor).expect("renders")).expect("json");
        let emb = &v[0]["elements"][1]["steps"][0]["embeddings"][0];
        assert_eq!(str_at(emb, "/mime_type"), "text/plain");
        let text = crate::base64::decode(str_at(emb, "/data")).expect("base64");
        let text = String::from_utf8(text).expect("utf-8");
        assert!(text.contains("lease agent 1001 ***"), "{text}");
        assert!(v[0]["elements"][1]["steps"][1].get("embeddings").is_none());
    }
}
