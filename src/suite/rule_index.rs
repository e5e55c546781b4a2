//! Which rules the embedded features check, and where: the @rule tags of every scenario with
//! its feature file, for `finesse-conformance operations`.

use std::collections::BTreeSet;

use crate::domain::operations::Tagged;

/// (rule, feature file under `features/`) for each @rule tag, and every feature file.
pub(crate) fn embedded() -> Result<(Tagged, BTreeSet<String>), String> {
    let features = super::features::load(true, &[]).map_err(|e| e.to_string())?;
    let mut tagged = Tagged::new();
    let mut files = BTreeSet::new();
    for f in &features {
        let file = f
            .path
            .as_ref()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let file = file.strip_prefix("features/").unwrap_or(&file).to_string();
        let scenarios = f
            .scenarios
            .iter()
            .chain(f.rules.iter().flat_map(|r| r.scenarios.iter()));
        for s in scenarios {
            let examples = s.examples.iter().flat_map(|e| e.tags.iter());
            let tags = s.tags.iter().chain(&f.tags).chain(examples);
            for rule in tags.filter_map(|t| t.strip_prefix("rule:")) {
                tagged.insert((rule.to_string(), file.clone()));
            }
        }
        files.insert(file);
    }
    Ok((tagged, files))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalogue;
    use crate::domain::operations::Operations;

    /// The README's figures come from this file: every check in it must name a rule the
    /// catalogue has and a feature file that exists, or the counts would be made up.
    #[test]
    fn the_operations_file_names_only_known_rules_and_feature_files() {
        let ops = Operations::embedded().expect("operations.yaml");
        let rules = catalogue::embedded().expect("catalogue");
        let ids: BTreeSet<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        let (tagged, files) = embedded().expect("features");
        let files: BTreeSet<&str> = files.iter().map(String::as_str).collect();
        assert_eq!(ops.problems(&ids, &files), Vec::<String>::new());
        let c = ops.count(&tagged);
        assert_eq!(
            (c.operations.total, c.errors.total),
            (65, 74),
            "api-map.md's rows"
        );
        assert!(tagged.contains(&("team.get".to_string(), "team/get_team.feature".to_string())));
    }
}
