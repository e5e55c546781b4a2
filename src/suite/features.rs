//! Loading feature files: the embedded ones and a user's `--features` directories.
//! Nothing runs until every file parses and passes its checks; each problem is one line with
//! its path and line.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use cucumber::feature::Ext as _;
use cucumber::gherkin::{self, GherkinEnv};

pub(crate) use crate::domain::embedded_files;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FeatureError {
    pub(crate) file: String,
    pub(crate) line: Option<usize>,
    pub(crate) col: Option<usize>,
    pub(crate) message: String,
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

/// Every problem found in the feature files, one line each (capped, so that a directory of
/// broken files does not flood the terminal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FeatureErrors(pub(crate) Vec<FeatureError>);

/// Problems shown before "… and N more".
const SHOWN: usize = 50;

impl fmt::Display for FeatureErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().take(SHOWN).enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        if self.0.len() > SHOWN {
            write!(
                f,
                "\n… and {} more problems in the feature files",
                self.0.len() - SHOWN
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for FeatureErrors {}

fn whole_file(path: &str, message: String) -> FeatureError {
    FeatureError {
        file: path.to_string(),
        line: None,
        col: None,
        message,
    }
}

/// The `# language:` directive, which Gherkin reads only on the first line that is not blank:
/// (line, language).
fn language(text: &str) -> Option<(usize, &str)> {
    let (n, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty())?;
    let rest = line.trim().strip_prefix('#')?.trim_start();
    let rest = rest.strip_prefix("language")?.trim_start();
    Some((n + 1, rest.strip_prefix(':')?.trim()))
}

/// Problems the Gherkin parser would report in its own terms: an empty file, an unknown
/// language.
fn precheck(path: &str, text: &str) -> Option<FeatureError> {
    let content = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'));
    if content.is_none() {
        return Some(whole_file(
            path,
            "has no Feature (the file is empty or holds only comments); start it with \"Feature: <name>\" or remove it".into(),
        ));
    }
    let (line, lang) = language(text)?;
    (!gherkin::is_language_supported(lang)).then(|| FeatureError {
        file: path.to_string(),
        line: Some(line),
        col: None,
        message: format!(
            "# language: \"{lang}\" is not a Gherkin language; the built-in steps are English: remove the line or write \"# language: en\""
        ),
    })
}

/// Parses one feature text and checks it (tags, outlines); `path` names it in errors and in
/// reports. A UTF-8 byte order mark (Windows editors write one) is dropped.
pub(crate) fn parse(path: &str, text: &str) -> Result<gherkin::Feature, Vec<FeatureError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(e) = precheck(path, text) {
        return Err(vec![e]);
    }
    // gherkin takes the rest of the directive's line as the language, trailing blanks too.
    let text: std::borrow::Cow<'_, str> = match language(text) {
        Some((n, lang)) => text
            .split_inclusive('\n')
            .enumerate()
            .map(|(i, l)| {
                if i + 1 == n {
                    let end = if l.ends_with("\r\n") {
                        "\r\n"
                    } else if l.ends_with('\n') {
                        "\n"
                    } else {
                        ""
                    };
                    format!("# language: {lang}{end}")
                } else {
                    l.to_string()
                }
            })
            .collect::<String>()
            .into(),
        None => text.into(),
    };
    let text = text.as_ref();
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
        vec![FeatureError {
            file: path.to_string(),
            line,
            col,
            message: format!(
                "not valid Gherkin here (the parser expected one of {expected}); fix the syntax"
            ),
        }]
    })?;
    feature.path = Some(PathBuf::from(path));
    let problems = super::feature_lint::lint(path, text, &feature);
    if !problems.is_empty() {
        return Err(problems);
    }
    // Outlines become one scenario per Examples row, as cucumber runs them.
    feature.expand_examples().map_err(|e| {
        vec![FeatureError {
            file: path.to_string(),
            line: Some(e.pos.line),
            col: Some(e.pos.col),
            message: format!(
                "Examples have no column <{}>; add the column or fix the placeholder",
                e.name
            ),
        }]
    })
}

/// Reads a feature file as UTF-8 text, saying what to do when it is not.
fn read(path: &Path, shown: &str) -> Result<String, FeatureError> {
    let bytes = std::fs::read(path).map_err(|e| whole_file(shown, format!("cannot read: {e}")))?;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(whole_file(shown, "is UTF-16 text; save it as UTF-8".into()));
    }
    String::from_utf8(bytes).map_err(|e| {
        whole_file(
            shown,
            format!(
                "is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// The embedded features, parsed once per process (the self-check runs the suite many times).
static EMBEDDED: LazyLock<Result<Vec<gherkin::Feature>, Vec<FeatureError>>> = LazyLock::new(|| {
    let mut features = Vec::new();
    let mut problems = Vec::new();
    for (path, text) in embedded_files()
        .iter()
        .filter(|(p, _)| p.ends_with(".feature"))
    {
        match parse(path, text) {
            Ok(f) => features.push(f),
            Err(e) => problems.extend(e),
        }
    }
    if problems.is_empty() {
        Ok(features)
    } else {
        Err(problems)
    }
});

/// Loads the embedded features (when `builtin`) and every `.feature` under `dirs`, and checks
/// them all before anything runs: every problem (syntax, tags, outlines, steps no definition
/// matches, links out of a directory) is reported, not just the first.
pub(crate) fn load(
    builtin: bool,
    dirs: &[PathBuf],
) -> Result<Vec<gherkin::Feature>, FeatureErrors> {
    let mut features = Vec::new();
    let mut problems = Vec::new();
    let embedded = EMBEDDED.as_ref().map_err(|e| FeatureErrors(e.clone()))?;
    if builtin {
        features.extend(embedded.iter().cloned());
    }
    // A file under two --features paths is loaded once.
    let mut seen = HashSet::new();
    for dir in dirs {
        let files = match super::feature_files::collect(dir) {
            Ok(f) => f,
            Err(e) => {
                problems.extend(e);
                continue;
            }
        };
        for f in files {
            if !seen.insert(std::fs::canonicalize(&f).unwrap_or_else(|_| f.clone())) {
                continue;
            }
            let shown = f.display().to_string();
            match read(&f, &shown)
                .map_err(|e| vec![e])
                .and_then(|t| parse(&shown, &t))
            {
                Ok(feature) => features.push(feature),
                Err(e) => problems.extend(e),
            }
        }
    }
    let known = super::step_check::texts(embedded);
    problems.extend(super::step_check::check(&features, &known));
    if problems.is_empty() {
        Ok(features)
    } else {
        Err(FeatureErrors(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_feature_parses_and_passes_every_check() {
        let features = load(true, &[]).unwrap_or_else(|e| panic!("embedded features:\n{e}"));
        assert!(features.len() >= 4);
        for f in &features {
            assert!(!f.scenarios.is_empty(), "{:?} has scenarios", f.path);
        }
    }

    #[test]
    fn a_syntax_error_names_file_line_and_column() {
        let text = "Feature: broken\n  Scenario: s\n    Given the agent is READY\n  this line is not gherkin\n";
        let e = parse("features/bad.feature", text).expect_err("bad gherkin");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].file, "features/bad.feature");
        assert_eq!(e[0].line, Some(4));
        assert!(
            e[0].to_string().starts_with("features/bad.feature:4:"),
            "{e:?}"
        );
    }

    #[test]
    fn outlines_expand_to_one_scenario_per_row() {
        let text = "Feature: x\n  Scenario Outline: s <a>\n    Given <a>\n\n    Examples:\n      | a |\n      | 1 |\n      | 2 |\n";
        let f = parse("x.feature", text).expect("parse");
        let names: Vec<_> = f.scenarios.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["s 1", "s 2"]);
        let e = parse("x.feature", &text.replace("Given <a>", "Given <b>"))
            .expect_err("missing column");
        assert!(e[0].message.contains("<b>"), "{e:?}");
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let f = parse(
            "x.feature",
            "\u{feff}Feature: F\n  Scenario: s\n    Given x\n",
        )
        .expect("parses");
        assert_eq!(f.name, "F");
        assert_eq!(f.scenarios[0].position.line, 2);
    }

    #[test]
    fn empty_files_and_unknown_languages_are_one_plain_line() {
        for empty in ["", "\n\n", "# just a note\n  # another\n", "\u{feff}"] {
            let e = parse("e.feature", empty).expect_err("empty");
            assert_eq!(e.len(), 1);
            assert!(
                e[0].to_string().starts_with("e.feature: has no Feature"),
                "{e:?}"
            );
        }
        let e = parse("l.feature", "\n# language: xx\nFeature: F\n").expect_err("xx");
        let shown = e[0].to_string();
        assert!(
            shown.starts_with("l.feature:2: # language: \"xx\" is not"),
            "{shown}"
        );
        assert!(shown.contains("# language: en"), "{shown}");
        // Known languages parse; the step check then holds their steps to English texts.
        let fr = "# language: fr\nFonctionnalité: F\n  Scénario: s\n    Soit x\n";
        assert_eq!(parse("f.feature", fr).expect("French").scenarios.len(), 1);
        for en in [
            "#language:en\nFeature: F\n",
            "# language: en  \r\nFeature: F\r\n",
        ] {
            assert!(parse("n.feature", en).is_ok(), "{en:?}");
        }
    }

    #[test]
    fn text_that_is_not_utf8_says_so() {
        let d = std::env::temp_dir().join(format!("fc-utf-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("mkdir");
        let latin1 = d.join("l.feature");
        std::fs::write(&latin1, b"Feature: caf\xe9\n").expect("write");
        let e = read(&latin1, "l.feature").expect_err("latin-1");
        assert!(e.to_string().contains("is not UTF-8 text"), "{e}");
        let utf16 = d.join("u.feature");
        std::fs::write(&utf16, b"\xff\xfeF\x00").expect("write");
        let e = read(&utf16, "u.feature").expect_err("utf-16");
        assert!(e.to_string().contains("UTF-16"), "{e}");
    }

    #[test]
    fn every_problem_of_every_file_is_reported() {
        let d = std::env::temp_dir().join(format!("fc-many-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("mkdir");
        std::fs::write(d.join("a.feature"), "").expect("write");
        std::fs::write(
            d.join("b.feature"),
            "@since:x\nFeature: B\n  Scenario: s\n    Then the moon is cheese\n",
        )
        .expect("write");
        std::fs::write(
            d.join("c.feature"),
            "Feature: C\n  Scenario: s\n    Then the moon is cheese\n",
        )
        .expect("write");
        let e = load(true, &[d.clone(), PathBuf::from("/no/such/dir")]).expect_err("problems");
        let lines: Vec<String> = e.to_string().lines().map(String::from).collect();
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert!(lines[0].contains("a.feature: has no Feature"), "{lines:?}");
        assert!(lines[1].contains("b.feature:1: tag @since:x"), "{lines:?}");
        assert!(lines[2].contains("/no/such/dir"), "{lines:?}");
        assert!(
            lines[3].contains("c.feature:3: no step definition"),
            "{lines:?}"
        );
        let many = FeatureErrors(vec![e.0[0].clone(); SHOWN + 3]);
        let shown = many.to_string();
        assert_eq!(shown.lines().count(), SHOWN + 1);
        assert!(shown.ends_with("… and 3 more problems in the feature files"));
    }

    #[test]
    fn a_missing_directory_is_an_error() {
        let e = load(false, &[PathBuf::from("/no/such/dir")]).expect_err("missing dir");
        assert!(e.0[0].file.contains("/no/such/dir"));
    }
}
