//! Checks the tags the harness reads (design §3, README "Features and tags") before anything
//! runs: a typo in one of them would silently change what runs (`@since:banana` was ignored,
//! an empty `@deployment:` skipped everything). Tags outside these namespaces are free.

use std::sync::LazyLock;

use regex::Regex;

/// The capabilities `@requires:` may name: the keys of the profile's `capabilities:`
/// (`Capabilities::has` knows exactly these; a unit test keeps the two together).
pub(crate) const CAPABILITIES: &[&str] = &[
    "nonvoice_media",
    "calls",
    "outbound_preview",
    "fault_injection",
    "notifications",
];

/// Namespaces whose value the harness reads.
const KEYED: &[&str] = &["deployment", "requires", "since", "until", "rule", "guide"];

/// Tags the harness reads that take no value.
const BARE: &[&str] = &["mutates", "exclusive"];

/// Words a user may reach for instead of a version tag.
const VERSION_SYNONYMS: &[&str] = &[
    "before",
    "after",
    "from",
    "to",
    "upto",
    "up_to",
    "min_version",
    "max_version",
    "version",
];

/// A Finesse version as the guide and SystemInfo write them: 12.5, 12.5(1), 11.6.1.
static VERSION: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^\d+(\.\d+)*(\(\d+\))?$").ok());

fn is_version(v: &str) -> bool {
    VERSION.as_ref().is_some_and(|re| re.is_match(v))
}

/// Whether `word` is a near miss of `known`: another case, a plural, or one edit away (two
/// for long words). Short free tags (`@role:`, `@run`) are not taken for ours.
fn near(word: &str, known: &str) -> bool {
    let (w, k) = (word.to_ascii_lowercase(), known.to_ascii_lowercase());
    if w == k || w == format!("{k}s") {
        return true;
    }
    let d = strsim::levenshtein(&w, &k);
    match k.chars().count() {
        0..=4 => false,
        5..=7 => d <= 1,
        _ => d <= 2,
    }
}

fn suggestion(tag: &str) -> Option<String> {
    let (key, value) = match tag.split_once(':') {
        Some((k, v)) => (k, Some(v)),
        None => (tag, None),
    };
    if VERSION_SYNONYMS.iter().any(|s| key.eq_ignore_ascii_case(s)) && value.is_some() {
        return Some(
            "the version tags are @since:V and @until:V (both inclusive, e.g. @since:12.5)".into(),
        );
    }
    if let Some(k) = KEYED.iter().find(|k| near(key, k)) {
        return Some(format!("did you mean @{k}:{}?", value.unwrap_or("…")));
    }
    BARE.iter()
        .find(|b| near(key, b))
        .map(|b| format!("did you mean @{b}?"))
}

/// Why `tag` (without its `@`) is not usable, or Ok for a tag the harness reads correctly
/// or does not read at all.
pub(crate) fn check(tag: &str) -> Result<(), String> {
    let bad = |what: String| Err(format!("tag @{tag} {what}"));
    if let Some((key, value)) = tag.split_once(':')
        && KEYED.contains(&key)
    {
        return match key {
            "deployment" if ["UCCE", "UCCX"].iter().any(|d| value.eq_ignore_ascii_case(d)) => {
                Ok(())
            }
            "deployment" => bad(
                "wants UCCE or UCCX (one per tag; with no @deployment: tag a scenario applies to both)"
                    .into(),
            ),
            "requires" if CAPABILITIES.contains(&value) => Ok(()),
            "requires" => bad(format!(
                "names no capability the harness knows; use one of {}",
                CAPABILITIES.join(", ")
            )),
            "since" | "until" if is_version(value) => Ok(()),
            "since" | "until" => bad(
                "wants a Finesse version such as 12.5 or 12.5(1) (digits, dots and an optional (n))"
                    .into(),
            ),
            _ if value.is_empty() => bad(format!(
                "has no value; write @{key}:<value>, e.g. {}",
                if key == "rule" {
                    "@rule:user.state-change-202"
                } else {
                    "@guide:12.5:p47"
                }
            )),
            _ => Ok(()),
        };
    }
    if BARE.contains(&tag) {
        return Ok(());
    }
    if let Some((key, _)) = tag.split_once(':')
        && BARE.contains(&key)
    {
        return bad(format!("takes no value; write @{key}"));
    }
    match suggestion(tag) {
        Some(hint) => bad(format!("is not a tag the harness knows; {hint}")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Capabilities;

    #[test]
    fn every_listed_capability_is_one_the_profile_knows() {
        let caps = Capabilities::default();
        for c in CAPABILITIES {
            assert!(caps.has(c).is_some(), "{c}");
        }
    }

    #[test]
    fn interpreted_tags_need_valid_values() {
        for ok in [
            "deployment:UCCE",
            "deployment:uccx",
            "requires:calls",
            "since:12.5",
            "until:12.5(1)",
            "since:11.6.1",
            "rule:user.x",
            "guide:12.5:p47",
            "guide:community:3920309",
            "mutates",
            "exclusive",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
        let err = |t: &str| check(t).expect_err(t);
        assert!(err("deployment:").contains("UCCE or UCCX"));
        assert!(err("deployment:PCCE").starts_with("tag @deployment:PCCE "));
        assert!(err("deployment:UCCE,UCCX").contains("one per tag"));
        assert!(err("requires:teleportation").contains("fault_injection"));
        assert!(err("since:banana").contains("12.5(1)"));
        assert!(err("until:").contains("version"));
        assert!(err("since:12.5 (1)").contains("version"));
        assert!(err("rule:").contains("no value"));
        assert!(err("guide:").contains("no value"));
        assert!(err("mutates:yes").contains("takes no value"));
    }

    #[test]
    fn near_misses_of_our_tags_are_caught_and_free_tags_pass() {
        let err = |t: &str| check(t).expect_err(t);
        assert!(err("deploymnet:UCCE").contains("did you mean @deployment:UCCE?"));
        assert!(err("Deployment:UCCE").contains("@deployment:"));
        assert!(err("require:calls").contains("@requires:calls"));
        assert!(err("sinc:12.5").contains("@since:"));
        assert!(err("rules:a").contains("@rule:"));
        assert!(err("mutate").contains("did you mean @mutates?"));
        assert!(err("Mutates").contains("@mutates"));
        assert!(err("exclusiv").contains("@exclusive"));
        assert!(err("before:12.6").contains("@until:"));
        assert!(err("after:12.6").contains("@since:"));
        for free in [
            "smoke",
            "wip",
            "jira:FIN-12",
            "role:supervisor",
            "run",
            "slow",
            "before",
            "owner:team-a",
        ] {
            assert_eq!(check(free), Ok(()), "{free}");
        }
    }
}
