//! Cucumber JSON: the format cucumber-jvm and cucumber-js emit, read by Allure, Xray and
//! cucumber-html-reporter. One feature object per feature file, one element per scenario
//! or Examples row, with its steps as they ran.
//!
//! The result model does not keep a feature's description, line or own tags, nor where tags
//! were written, so: the description is empty, the feature's line is 1, its tags are those
//! every scenario in it carries (feature tags are inherited by all of them), and every tag's
//! line is its element's line. Scenario tags include the inherited ones, as cucumber-jvm's do.
//!
//! Verdicts. The format knows step statuses only (passed, failed, skipped, pending,
//! undefined, ambiguous), and readers judge a scenario by them, so each verdict is mapped to
//! the status of the step it happened at (see [`problem_status`]):
//! - fail: `failed`, the one status every reader counts as a test failure.
//! - inconclusive: `skipped`. The scenario did not get to what it checks because a
//!   precondition did not hold, which is what JUnit 5 and TestNG report as skipped (an
//!   assumption that failed); readers count it apart from failures.
//! - error: `undefined` or `ambiguous` when that is what happened (a step no definition, or
//!   more than one, matches); otherwise `pending`, which readers count as neither passed nor
//!   failed, and which makes Cucumber's own strict mode exit non-zero without a failure, as
//!   exit code 4 does.
//!
//! So that the four can still be told apart and counted, every scenario that ran carries a
//! `@verdict:pass|fail|inconclusive|error` tag, and the failing step's error_message starts
//! with the verdict. Lab warnings are attached (and written as `output`) to the last step
//! that ran, and the scenario is tagged `@lab-warning`.

use serde::Serialize;

use super::incomplete;
use crate::domain::results::{Outcome, RunReport, ScenarioReport, StepStatus};
use crate::domain::verdict::Verdict;
use crate::redact::Redactor;

/// The tag that names a scenario's verdict (`@verdict:fail`, …).
pub(crate) const VERDICT_TAG: &str = "verdict:";
/// The tag of a scenario with lab warnings.
pub(crate) const WARNING_TAG: &str = "lab-warning";

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
    /// Text the step logged (cucumber-jvm's `scenario.log`): the lab warnings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    output: Vec<String>,
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

/// The status of the step a scenario's verdict happened at (see the module comment).
fn problem_status(verdict: Verdict, step: StepStatus) -> &'static str {
    match (verdict, step) {
        (Verdict::Fail, _) => "failed",
        (Verdict::Inconclusive, _) => "skipped",
        (Verdict::Error, StepStatus::Undefined) => "undefined",
        (Verdict::Error, StepStatus::Ambiguous) => "ambiguous",
        (Verdict::Error, _) => "pending",
    }
}

/// An error message as readers show it: the verdict first, and whether it is a finding.
fn with_verdict(verdict: Verdict, message: &str) -> String {
    match verdict {
        Verdict::Fail => format!("fail: {message}"),
        other => format!("{other} (not a Finesse finding): {message}"),
    }
}

fn step_status(verdict: Option<Verdict>, s: StepStatus) -> &'static str {
    match (s, verdict) {
        (StepStatus::Passed, _) => "passed",
        (StepStatus::Skipped, _) => "skipped",
        (_, Some(v)) => problem_status(v, s),
        // A step that did not pass in a scenario that did (cannot happen): as it was.
        (StepStatus::Failed, None) => "failed",
        (StepStatus::Undefined, None) => "undefined",
        (StepStatus::Ambiguous, None) => "ambiguous",
    }
}

fn bare_step(name: String, line: usize, status: &'static str, error: Option<String>) -> Step {
    Step {
        keyword: "* ".into(),
        name,
        line,
        result: StepOutcome {
            status,
            duration: 0,
            error_message: error,
        },
        embeddings: Vec::new(),
        output: Vec::new(),
    }
}

fn element(feature_id: &str, s: &ScenarioReport, redactor: &Redactor) -> Element {
    let r = |t: &str| redactor.redact(t);
    let verdict = s.outcome.verdict();
    let mut steps: Vec<Step> = s
        .steps
        .iter()
        .map(|st| Step {
            keyword: format!("{} ", st.keyword.trim()),
            name: r(&st.text),
            line: st.line,
            result: StepOutcome {
                status: step_status(verdict, st.status),
                duration: nanos(st.duration),
                error_message: st.error.as_deref().map(|e| match verdict {
                    Some(v) if st.status != StepStatus::Passed => with_verdict(v, &r(e)),
                    _ => r(e),
                }),
            },
            embeddings: Vec::new(),
            output: Vec::new(),
        })
        .collect();
    let (mut before, mut after) = (Vec::new(), Vec::new());
    match (&s.outcome, verdict) {
        // Readers derive a scenario's status from its steps, and most count a scenario with
        // no steps as passed: a not-applicable scenario gets one skipped `*` step that gives
        // the reason, so Allure, Xray and cucumber-html-reporter all show it as skipped.
        (Outcome::Skipped { reason }, _) => steps.push(bare_step(
            format!("not applicable: {}", r(reason)),
            s.line(),
            "skipped",
            None,
        )),
        // A verdict reached outside the steps (nothing ran: the target was unreachable; or
        // the setup hook failed) must still show in readers that only look at steps.
        (o, Some(v))
            if !s
                .steps
                .iter()
                .any(|st| !matches!(st.status, StepStatus::Passed | StepStatus::Skipped)) =>
        {
            let message = o.problem().map(|(_, m)| r(m)).unwrap_or_default();
            let status = problem_status(v, StepStatus::Failed);
            let message = with_verdict(v, &message);
            let hook = Hook {
                result: StepOutcome {
                    status,
                    duration: 0,
                    error_message: Some(message.clone()),
                },
                location: HookMatch {
                    location: "finesse-conformance".into(),
                },
            };
            if s.steps.is_empty() {
                steps.push(bare_step(
                    "the scenario did not run".into(),
                    s.line(),
                    status,
                    Some(message),
                ));
            } else if s.steps.iter().any(|st| st.status == StepStatus::Passed) {
                after.push(hook);
            } else {
                before.push(hook);
            }
        }
        _ => {}
    }
    // The HTTP exchanges (the evidence) and the lab warnings go with the last step that ran.
    let last = steps
        .iter()
        .rposition(|st| st.result.status != "skipped" || st.result.error_message.is_some())
        .or(steps.len().checked_sub(1));
    if let Some(step) = last.and_then(|i| steps.get_mut(i)) {
        if !s.transcript.is_empty() {
            step.embeddings.push(Embedding {
                mime_type: "text/plain",
                data: finesse_protocol::base64::encode(r(&s.transcript.render()).as_bytes()),
                name: "HTTP exchanges".into(),
            });
        }
        if !s.warnings.is_empty() {
            let lines: Vec<String> = s
                .warnings
                .iter()
                .map(|w| format!("lab warning (the verdict stands): {}", r(w)))
                .collect();
            step.embeddings.push(Embedding {
                mime_type: "text/plain",
                data: finesse_protocol::base64::encode(lines.join("\n").as_bytes()),
                name: "Lab warnings".into(),
            });
            step.output = lines;
        }
    }
    let mut all: Vec<String> = s.tags.clone();
    match (&s.outcome, verdict) {
        (_, Some(v)) => all.push(format!("{VERDICT_TAG}{v}")),
        (Outcome::Passed, None) => all.push(format!("{VERDICT_TAG}pass")),
        _ => {}
    }
    if !s.warnings.is_empty() {
        all.push(WARNING_TAG.into());
    }
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
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
    render_marked(report, redactor, None)
}

/// The "run did not complete" marker (see report::incomplete): a feature with one scenario
/// whose one step failed, the status every reader counts as a failure.
fn incomplete_feature(why: &str, redactor: &Redactor) -> Feature {
    let id = slug(incomplete::NAME);
    let why = redactor.redact(why);
    Feature {
        uri: incomplete::CLASSNAME.into(),
        id: id.clone(),
        keyword: "Feature",
        name: incomplete::NAME.into(),
        description: String::new(),
        line: 1,
        tags: Vec::new(),
        elements: vec![Element {
            id: format!("{id};{id}"),
            keyword: "Scenario",
            kind: "scenario",
            name: incomplete::NAME.into(),
            description: String::new(),
            line: 1,
            tags: tags(&[&format!("{VERDICT_TAG}error")], 1, redactor),
            before: Vec::new(),
            steps: vec![bare_step(
                "the run completes".into(),
                1,
                "failed",
                Some(format!("{}: {why}", incomplete::NAME)),
            )],
            after: Vec::new(),
        }],
    }
}

/// The report; with `incomplete`, the reason the run did not complete, as a first feature.
pub(crate) fn render_marked(
    report: &RunReport,
    redactor: &Redactor,
    incomplete: Option<&str>,
) -> Result<String, String> {
    let marker = incomplete.map(|why| incomplete_feature(why, redactor));
    let features: Vec<Feature> = marker
        .into_iter()
        .chain(report.features.iter().map(|f| {
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
        }))
        .collect();
    serde_json::to_string_pretty(&features).map_err(|e| format!("cannot render Cucumber JSON: {e}"))
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use serde_json::Value;

    use super::*;
    use crate::domain::results::{Attempt, FeatureReport, StepResult, TargetSummary, Transcript};

    fn step(keyword: &str, text: &str, line: usize, status: StepStatus) -> StepResult {
        StepResult {
            keyword: keyword.into(),
            text: text.into(),
            line,
            status,
            duration: Duration::from_millis(2),
            error: (!matches!(status, StepStatus::Passed | StepStatus::Skipped))
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

    fn error(step: Option<&str>, message: &str) -> Outcome {
        Outcome::Error {
            step: step.map(str::to_string),
            message: message.into(),
        }
    }

    fn report() -> RunReport {
        let failed = Outcome::Failed {
            step: Some("Then x".into()),
            message: "expected 404, got 400".into(),
        };
        let unreachable = error(None, "not run: cannot reach the target");
        let mut no_phone = scenario(
            "No phone",
            60,
            Outcome::Inconclusive {
                step: Some("Given the agent is on a call".into()),
                reason: "1002 never rang".into(),
            },
            vec![
                step("Given", "the agent is on a call", 61, StepStatus::Failed),
                step("Then", "it holds", 62, StepStatus::Skipped),
            ],
        );
        no_phone.warnings = vec!["cleanup could not restore 1001 (pw s3cret-pw)".into()];
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
                    scenario("Unreachable", 40, unreachable, Vec::new()),
                    scenario(
                        "Cleanup panicked",
                        50,
                        error(None, "cleanup (after the last step) failed: boom"),
                        vec![step("Given", "x", 51, StepStatus::Passed)],
                    ),
                    no_phone,
                    scenario(
                        "Undefined",
                        70,
                        error(
                            Some("Then the moon is cheese"),
                            "no step definition matches",
                        ),
                        vec![
                            step("Given", "x", 71, StepStatus::Passed),
                            step("Then", "the moon is cheese", 72, StepStatus::Undefined),
                        ],
                    ),
                    scenario(
                        "No free agent",
                        80,
                        Outcome::Inconclusive {
                            step: None,
                            reason: "setup (before the first step) failed: no free agent".into(),
                        },
                        vec![step("Given", "x", 81, StepStatus::Skipped)],
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
    fn scenarios_without_failed_steps_still_read_as_skipped_or_not_passed() {
        let v = parsed(&Redactor::default());
        let skipped = &v[0]["elements"][2];
        assert_eq!(skipped["steps"].as_array().map(Vec::len), Some(1));
        assert_eq!(str_at(skipped, "/steps/0/keyword"), "* ");
        assert_eq!(str_at(skipped, "/steps/0/result/status"), "skipped");
        assert!(str_at(skipped, "/steps/0/name").contains("applies to UCCX only"));
        let unreachable = &v[0]["elements"][3];
        assert_eq!(str_at(unreachable, "/steps/0/result/status"), "pending");
        assert_eq!(
            str_at(unreachable, "/steps/0/result/error_message"),
            "error (not a Finesse finding): not run: cannot reach the target"
        );
        let cleanup = &v[0]["elements"][4];
        assert_eq!(str_at(cleanup, "/steps/0/result/status"), "passed");
        assert_eq!(str_at(cleanup, "/after/0/result/status"), "pending");
        assert!(str_at(cleanup, "/after/0/result/error_message").contains("boom"));
        assert!(cleanup.get("before").is_none());
        let setup = &v[0]["elements"][7];
        assert_eq!(str_at(setup, "/before/0/result/status"), "skipped");
        assert!(
            str_at(setup, "/before/0/result/error_message")
                .starts_with("inconclusive (not a Finesse finding): setup")
        );
        assert_eq!(str_at(setup, "/steps/0/result/status"), "skipped");
    }

    fn tag_names(e: &Value) -> Vec<&str> {
        e["tags"]
            .as_array()
            .expect("tags")
            .iter()
            .map(|t| str_at(t, "/name"))
            .collect()
    }

    #[test]
    fn each_verdict_has_its_step_status_tag_and_message_prefix() {
        let v = parsed(&Redactor::default());
        let e = &v[0]["elements"];
        let verdicts: Vec<Vec<&str>> = (0..8)
            .map(|i| {
                tag_names(&e[i])
                    .into_iter()
                    .filter(|t| t.starts_with("@verdict:"))
                    .collect()
            })
            .collect();
        assert_eq!(
            verdicts,
            [
                vec!["@verdict:pass"],
                vec!["@verdict:fail"],
                vec![],
                vec!["@verdict:error"],
                vec!["@verdict:error"],
                vec!["@verdict:inconclusive"],
                vec!["@verdict:error"],
                vec!["@verdict:inconclusive"],
            ]
        );
        assert!(str_at(&e[1], "/steps/0/result/error_message").starts_with("fail: expected 404"));
        // Inconclusive: the precondition's step is skipped, with the reason, not failed.
        let no_phone = &e[5];
        assert_eq!(str_at(no_phone, "/steps/0/result/status"), "skipped");
        assert!(
            str_at(no_phone, "/steps/0/result/error_message")
                .starts_with("inconclusive (not a Finesse finding): expected 404")
        );
        assert_eq!(str_at(no_phone, "/steps/1/result/status"), "skipped");
        // An undefined step stays undefined.
        let undefined = &e[6];
        assert_eq!(str_at(undefined, "/steps/1/result/status"), "undefined");
        assert!(
            str_at(undefined, "/steps/1/result/error_message")
                .starts_with("error (not a Finesse finding): ")
        );
        // Verdict tags are the scenario's own: the feature's tags are unchanged.
        let feature_tags: Vec<&str> = tag_names(&v[0]);
        assert!(feature_tags.iter().all(|t| !t.starts_with("@verdict")));
    }

    #[test]
    fn lab_warnings_are_attached_to_the_last_step_that_ran_and_tagged() {
        let redactor = Redactor::new(&["s3cret-pw".into()], &[]);
        let v = parsed(&redactor);
        let no_phone = &v[0]["elements"][5];
        assert!(tag_names(no_phone).contains(&"@lab-warning"));
        let step = &no_phone["steps"][0];
        assert_eq!(
            step["output"][0],
            "lab warning (the verdict stands): cleanup could not restore 1001 (pw ***)"
        );
        let emb = step["embeddings"]
            .as_array()
            .expect("embeddings")
            .iter()
            .find(|e| e["name"] == "Lab warnings")
            .expect("a Lab warnings embedding");
        let text = finesse_protocol::base64::decode(str_at(emb, "/data")).expect("base64");
        assert_eq!(
            String::from_utf8(text).expect("utf-8"),
            "lab warning (the verdict stands): cleanup could not restore 1001 (pw ***)"
        );
        assert!(no_phone["steps"][1].get("output").is_none());
        assert!(!tag_names(&v[0]["elements"][0]).contains(&"@lab-warning"));
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
            entries: vec![crate::domain::results::Entry::Note {
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
        let text = finesse_protocol::base64::decode(str_at(emb, "/data")).expect("base64");
        let text = String::from_utf8(text).expect("utf-8");
        assert!(text.contains("lease agent 1001 ***"), "{text}");
        assert!(v[0]["elements"][1]["steps"][1].get("embeddings").is_none());
    }
}
