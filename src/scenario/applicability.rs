//! Whether a scenario applies to the target, from its tags (design §3): `@deployment:`,
//! `@requires:`, `@since:` and `@until:`. A scenario that does not apply is skipped with
//! the reason this module gives.

use std::cmp::Ordering;

use crate::profile::{Capabilities, Deployment};

/// What is known about the target when the plan is made.
#[derive(Debug, Clone, Default)]
pub(crate) struct TargetFacts {
    /// None when it could not be read (the target is unreachable).
    pub(crate) deployment: Option<Deployment>,
    pub(crate) version: Option<String>,
    pub(crate) capabilities: Capabilities,
}

fn value<'t>(tags: &'t [String], key: &str) -> Vec<&'t str> {
    tags.iter().filter_map(|t| t.strip_prefix(key)).collect()
}

/// Numeric parts of a version such as "12.5(1)" → [12, 5, 1].
fn parts(v: &str) -> Vec<u64> {
    v.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect()
}

/// Compares on the parts both sides have, so "12.5(1)" is within "12.5".
pub(crate) fn compare_versions(a: &str, b: &str) -> Ordering {
    let (a, b) = (parts(a), parts(b));
    a.iter()
        .zip(&b)
        .map(|(x, y)| x.cmp(y))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

pub(crate) fn check(tags: &[String], facts: &TargetFacts) -> Result<(), String> {
    let deployments = value(tags, "deployment:");
    if let Some(target) = facts.deployment
        && !deployments.is_empty()
        && !deployments
            .iter()
            .any(|d| d.eq_ignore_ascii_case(&target.to_string()))
    {
        return Err(format!(
            "applies to {} only; the target is {target}",
            deployments.join(" or ")
        ));
    }
    for cap in value(tags, "requires:") {
        match facts.capabilities.has(cap) {
            Some(true) => {}
            Some(false) => {
                return Err(format!(
                    "needs capability {cap}, which the profile does not grant (capabilities.{cap})"
                ));
            }
            None => {
                return Err(format!(
                    "needs capability {cap}, which this harness does not know"
                ));
            }
        }
    }
    if let Some(v) = &facts.version {
        for since in value(tags, "since:") {
            if compare_versions(v, since) == Ordering::Less {
                return Err(format!("applies from Finesse {since}; the target is {v}"));
            }
        }
        for until in value(tags, "until:") {
            if compare_versions(v, until) == Ordering::Greater {
                return Err(format!("applies up to Finesse {until}; the target is {v}"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::FaultInjection;

    fn tags(t: &[&str]) -> Vec<String> {
        t.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn deployment_tags_skip_the_other_platform_with_a_reason() {
        let facts = TargetFacts {
            deployment: Some(Deployment::Uccx),
            ..Default::default()
        };
        let err = check(&tags(&["deployment:UCCE"]), &facts).expect_err("UCCE only");
        assert_eq!(err, "applies to UCCE only; the target is UCCX");
        assert!(check(&tags(&["deployment:UCCX"]), &facts).is_ok());
        assert!(check(&tags(&["guide:12.5:p47"]), &facts).is_ok());
        let unknown = TargetFacts::default();
        assert!(
            check(&tags(&["deployment:UCCE"]), &unknown).is_ok(),
            "unknown deployment: run"
        );
    }

    #[test]
    fn requires_tags_follow_the_profile_capabilities() {
        let mut facts = TargetFacts::default();
        let err = check(&tags(&["requires:fault_injection"]), &facts).expect_err("no faults");
        assert!(err.contains("capabilities.fault_injection"), "{err}");
        facts.capabilities.fault_injection = Some(FaultInjection::MockControl {
            url: "http://x".into(),
        });
        assert!(check(&tags(&["requires:fault_injection"]), &facts).is_ok());
        assert!(
            check(&tags(&["requires:teleportation"]), &facts)
                .expect_err("unknown")
                .contains("does not know")
        );
    }

    #[test]
    fn since_and_until_compare_versions() {
        let facts = TargetFacts {
            version: Some("12.5(1)".into()),
            ..Default::default()
        };
        assert!(check(&tags(&["since:12.5"]), &facts).is_ok());
        assert!(check(&tags(&["since:12.6"]), &facts).is_err());
        assert!(check(&tags(&["until:12.0"]), &facts).is_err());
        assert!(check(&tags(&["until:12.5"]), &facts).is_ok());
        assert_eq!(compare_versions("11.6(1)", "12.0"), Ordering::Less);
    }
}
