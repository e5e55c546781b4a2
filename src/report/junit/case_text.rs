//! The texts inside our testcases that `diff` and `merge` read back: the header that starts
//! system-out (`guide:`, `rules:` and `scenario:` lines, then a blank line), and the lab
//! warnings in system-err (one `lab warning: ` line each). Written and read here, together.

use super::model::Case;
use crate::domain::results::ScenarioReport;

/// Starts each lab-warning line in a testcase's system-err.
pub(crate) const WARNING_PREFIX: &str = "lab warning: ";

/// The system-out header of a testcase.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Header {
    /// E.g. `12.5 p171`; empty when the scenario cites nothing.
    pub(crate) guide: String,
    pub(crate) rules: Vec<String>,
    /// `path:line` of the scenario or Examples row.
    pub(crate) scenario: Option<String>,
}

impl Header {
    pub(crate) fn of(s: &ScenarioReport) -> Header {
        Header {
            guide: s.citation(),
            rules: s.tag_values("rule:").map(str::to_string).collect(),
            scenario: Some(format!("{}:{}", s.key.0, s.line())),
        }
    }

    /// The header's lines (the blank line after them is the caller's).
    pub(crate) fn render(&self) -> String {
        format!(
            "guide: {}\nrules: {}\nscenario: {}\n",
            self.guide,
            self.rules.join(" "),
            self.scenario.as_deref().unwrap_or("")
        )
    }

    /// Reads the header from the start of a system-out; None when it does not start with one.
    pub(crate) fn parse(system_out: &str) -> Option<Header> {
        let mut header = Header::default();
        let mut seen = false;
        for line in system_out.lines() {
            let Some((key, value)) = line.split_once(':') else {
                break;
            };
            let value = value.trim();
            match key {
                "guide" => header.guide = value.to_string(),
                "rules" => header.rules = value.split_whitespace().map(String::from).collect(),
                "scenario" if !value.is_empty() => header.scenario = Some(value.to_string()),
                "scenario" => {}
                _ => break,
            }
            seen = true;
        }
        seen.then_some(header)
    }
}

/// A system-err holding one line per lab warning.
pub(crate) fn warnings_text(warnings: &[String]) -> String {
    warnings
        .iter()
        .map(|w| format!("{WARNING_PREFIX}{w}\n"))
        .collect()
}

impl Case {
    /// Our citation header at the start of system-out, when present.
    pub(crate) fn header(&self) -> Option<Header> {
        self.system_out.as_deref().and_then(Header::parse)
    }

    /// Lab warnings: the `lab warning: ` lines of system-err, without the prefix. (No
    /// command reads them back yet; the tests check that they survive a write and a merge.)
    #[cfg(test)]
    pub(crate) fn warnings(&self) -> Vec<String> {
        self.system_err
            .as_deref()
            .map(|text| {
                text.lines()
                    .filter_map(|l| l.trim_start().strip_prefix(WARNING_PREFIX))
                    .map(|w| w.trim_end().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_parsing_stops_at_the_first_other_line() {
        assert_eq!(Header::parse("--> GET /x\nguide: 1"), None);
        assert_eq!(Header::parse(""), None);
        let h = Header::parse("guide: \nrules: a b\n\nguide: ignored").expect("header");
        assert_eq!(h.guide, "");
        assert_eq!(h.rules, ["a", "b"]);
        assert_eq!(h.scenario, None);
    }

    #[test]
    fn a_header_and_warnings_read_back_as_written() {
        let h = Header {
            guide: "12.5 p171, 12.5 p42".into(),
            rules: vec!["media.sign-in".into(), "user.ready".into()],
            scenario: Some("features/media/sign_in.feature:12".into()),
        };
        let text = format!("{}\n--> GET /x\nguide: not the header", h.render());
        assert_eq!(Header::parse(&text), Some(h));
        let warnings = vec!["cleanup could not restore 1001".to_string(), "b".into()];
        let case = Case {
            system_out: Some(text),
            system_err: Some(format!("other output\n{}", warnings_text(&warnings))),
            ..Case::default()
        };
        assert_eq!(case.warnings(), warnings);
        assert!(case.header().is_some());
    }
}
