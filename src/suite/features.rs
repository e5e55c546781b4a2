//! Loading feature files: the embedded ones and a user's `--features` directories.
//! A file that does not parse stops the run with its path, line and column.

use std::fmt;
use std::path::{Path, PathBuf};

use cucumber::feature::Ext as _;
use cucumber::gherkin::{self, GherkinEnv};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_features.rs"));
}

/// Files embedded at build time (features/ and its rule catalogue).
pub fn embedded_files() -> &'static [(&'static str, &'static str)] {
    embedded::EMBEDDED
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureError {
    pub file: String,
    pub line: Option<usize>,
    pub col: Option<usize>,
    pub message: String,
}

impl fmt::Display for FeatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.col) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}: {}", self.file, self.message),
            (Some(l), None) => write!(f, "{}:{l}: {}", self.file, self.message),
            _ => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for FeatureError {}

/// Parses one feature text; `path` names it in errors and in reports.
pub fn parse(path: &str, text: &str) -> Result<gherkin::Feature, FeatureError> {
    let mut feature = gherkin::Feature::parse(text, GherkinEnv::default()).map_err(|e| {
        // gherkin keeps the position private; its message reads "Error at L:C: {expected}".
        let shown = e.to_string();
        let rest = shown.strip_prefix("Error at ").unwrap_or(&shown);
        let mut parts = rest.splitn(3, ':');
        let line = parts.next().and_then(|l| l.trim().parse().ok());
        let col = parts.next().and_then(|c| c.trim().parse().ok());
        let expected: String = parts
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| !matches!(c, '{' | '}' | '"'))
            .collect();
        FeatureError {
            file: path.to_string(),
            line,
            col,
            message: format!(
                "not valid Gherkin here (the parser expected one of {expected}); fix the syntax"
            ),
        }
    })?;
    feature.path = Some(PathBuf::from(path));
    // Outlines become one scenario per Examples row, as cucumber runs them.
    feature.expand_examples().map_err(|e| FeatureError {
        file: path.to_string(),
        line: Some(e.pos.line),
        col: Some(e.pos.col),
        message: format!(
            "Examples have no column <{}>; add the column or fix the placeholder",
            e.name
        ),
    })
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "feature") {
            out.push(path);
        }
    }
    Ok(())
}

/// Loads the embedded features (when `builtin`) and every `.feature` under `dirs`.
pub fn load(builtin: bool, dirs: &[PathBuf]) -> Result<Vec<gherkin::Feature>, FeatureError> {
    let mut features = Vec::new();
    if builtin {
        for (path, text) in embedded_files()
            .iter()
            .filter(|(p, _)| p.ends_with(".feature"))
        {
            features.push(parse(path, text)?);
        }
    }
    for dir in dirs {
        let mut files = Vec::new();
        let io = |e: std::io::Error| FeatureError {
            file: dir.display().to_string(),
            line: None,
            col: None,
            message: format!("cannot read the features directory: {e}"),
        };
        if dir.is_file() {
            files.push(dir.clone());
        } else {
            collect(dir, &mut files).map_err(io)?;
        }
        files.sort();
        if files.is_empty() {
            return Err(FeatureError {
                file: dir.display().to_string(),
                line: None,
                col: None,
                message: "no .feature files here; check the --features path".into(),
            });
        }
        for f in files {
            let shown = f.display().to_string();
            let text = std::fs::read_to_string(&f).map_err(|e| FeatureError {
                file: shown.clone(),
                line: None,
                col: None,
                message: format!("cannot read: {e}"),
            })?;
            features.push(parse(&shown, &text)?);
        }
    }
    Ok(features)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_feature_parses() {
        let features = load(true, &[]).expect("embedded features parse");
        assert!(features.len() >= 4);
        for f in &features {
            assert!(!f.scenarios.is_empty(), "{:?} has scenarios", f.path);
        }
    }

    #[test]
    fn a_syntax_error_names_file_line_and_column() {
        let text = "Feature: broken\n  Scenario: s\n    Given the agent is READY\n  this line is not gherkin\n";
        let e = parse("features/bad.feature", text).expect_err("bad gherkin");
        assert_eq!(e.file, "features/bad.feature");
        assert_eq!(e.line, Some(4));
        assert!(e.to_string().starts_with("features/bad.feature:4:"), "{e}");
    }

    #[test]
    fn outlines_expand_to_one_scenario_per_row() {
        let text = "Feature: x\n  Scenario Outline: s <a>\n    Given <a>\n\n    Examples:\n      | a |\n      | 1 |\n      | 2 |\n";
        let f = parse("x.feature", text).expect("parse");
        let names: Vec<_> = f.scenarios.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["s 1", "s 2"]);
        let e = parse("x.feature", &text.replace("Given <a>", "Given <b>"))
            .expect_err("missing column");
        assert!(e.message.contains("<b>"), "{e}");
    }

    #[test]
    fn a_missing_directory_is_an_error() {
        let e = load(false, &[PathBuf::from("/no/such/dir")]).expect_err("missing dir");
        assert!(e.file.contains("/no/such/dir"));
    }
}
