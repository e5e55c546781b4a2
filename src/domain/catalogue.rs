//! The rule catalogue (features/rules.yaml): one entry per guide rule the suite checks or
//! should check. Scenarios name the rules they assert with `@rule:<id>` tags; mock
//! deviations name the rule they break.

use serde::Deserialize;

use super::embedded_files;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub(crate) release: String,
    pub(crate) page: String,
    pub statement: String,
    pub(crate) endpoint: String,
    pub(crate) expected: String,
    /// False when the rule cannot be checked through the API and the profile's hook.
    pub black_box: bool,
    /// Why a rule is not black-box.
    #[serde(default)]
    pub(crate) why: Option<String>,
}

impl Rule {
    /// "12.5 p171" style citation.
    pub(crate) fn citation(&self) -> String {
        format!("{} {}", self.release, self.page)
    }
}

pub(crate) const CATALOGUE_PATH: &str = "features/rules.yaml";

/// Parses a catalogue; errors are one line and name the file.
pub(crate) fn parse(text: &str, origin: &str) -> Result<Vec<Rule>, String> {
    let rules: Vec<Rule> = crate::profile::parse_yaml(text, origin)?;
    let mut seen = std::collections::HashSet::new();
    for r in &rules {
        if !seen.insert(r.id.as_str()) {
            return Err(format!("{origin}: rule {} appears twice", r.id));
        }
        if !r.black_box && r.why.as_deref().is_none_or(|w| w.trim().is_empty()) {
            return Err(format!(
                "{origin}: rule {} is not black-box but says no why",
                r.id
            ));
        }
    }
    Ok(rules)
}

/// The catalogue embedded in the binary.
pub fn embedded() -> Result<Vec<Rule>, String> {
    let text = embedded_files()
        .iter()
        .find(|(p, _)| *p == CATALOGUE_PATH)
        .map(|(_, t)| *t)
        .ok_or_else(|| format!("{CATALOGUE_PATH} is not embedded in this build"))?;
    parse(text, CATALOGUE_PATH)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = "- id: a.one\n  release: \"12.5\"\n  page: \"p1\"\n  statement: \"s\"\n  endpoint: \"GET /x\"\n  expected: \"200\"\n  black_box: true\n\
                       - id: a.two\n  release: \"12.5\"\n  page: \"p2\"\n  statement: \"s\"\n  endpoint: \"any\"\n  expected: \"401\"\n  black_box: false\n  why: \"locks accounts\"\n";

    #[test]
    fn a_catalogue_parses_and_rejects_duplicates_and_unexplained_rules() {
        let rules = parse(TWO, "r.yaml").expect("parses");
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].citation(), "12.5 p1");
        let dup = format!(
            "{TWO}{}",
            TWO.lines().take(7).collect::<Vec<_>>().join("\n")
        );
        assert!(
            parse(&dup, "r.yaml")
                .expect_err("duplicate")
                .contains("twice")
        );
        let no_why = TWO.replace("  why: \"locks accounts\"\n", "");
        assert!(
            parse(&no_why, "r.yaml")
                .expect_err("no why")
                .contains("a.two")
        );
        assert!(
            parse("- id: x\n  pasge: y\n", "r.yaml")
                .expect_err("unknown key")
                .contains("r.yaml")
        );
    }
}
