//! Finding the `.feature` files under a `--features` directory without following symbolic
//! links out of it.
//!
//! A link that leads out of the directory is refused, not skipped: a skipped file would make a
//! run quietly check less than the user asked for, and a warning scrolls past in CI. Whoever
//! wants those files passes their directory as another `--features`. Links that stay inside
//! are not followed at all (what they point to is reached through its real path), so a link
//! to a parent cannot loop and no file is loaded twice.

use std::path::{Path, PathBuf};

use super::features::FeatureError;

fn is_feature(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "feature")
}

fn problem(path: &Path, message: String) -> FeatureError {
    FeatureError {
        file: path.display().to_string(),
        line: None,
        col: None,
        message,
    }
}

struct Walk {
    /// The directory as given (paths are shown under it) and its real path.
    given: PathBuf,
    real: PathBuf,
    files: Vec<PathBuf>,
    problems: Vec<FeatureError>,
}

impl Walk {
    fn dir(&mut self, dir: &Path) {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.problems.push(problem(
                    dir,
                    format!("cannot read this features directory: {e}"),
                ));
                return;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    self.problems
                        .push(problem(dir, format!("cannot list this directory: {e}")));
                    continue;
                }
            };
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_symlink() => self.link(&path),
                Ok(t) if t.is_dir() => self.dir(&path),
                Ok(_) if is_feature(&path) => self.files.push(path),
                Ok(_) => {}
                Err(e) => self
                    .problems
                    .push(problem(&path, format!("cannot read: {e}"))),
            }
        }
    }

    fn link(&mut self, link: &Path) {
        let target = match std::fs::canonicalize(link) {
            Ok(t) => t,
            // A dangling link or a loop of links: only a problem where a feature was meant.
            Err(e) if is_feature(link) => {
                self.problems.push(problem(
                    link,
                    format!("symbolic link that cannot be followed ({e}); fix or remove it"),
                ));
                return;
            }
            Err(_) => return,
        };
        match target.strip_prefix(&self.real) {
            // Inside: directories are walked through their real path anyway; a file link is
            // loaded under the real path too, so that it counts once.
            Ok(rel) => {
                if target.is_file() && is_feature(link) {
                    self.files.push(self.given.join(rel));
                }
            }
            Err(_) if target.is_dir() || is_feature(link) => self.problems.push(problem(
                link,
                format!(
                    "symbolic link out of the features directory (to {}); it is not followed: pass that path as its own --features, or copy the files in",
                    target.display()
                ),
            )),
            Err(_) => {}
        }
    }
}

/// The `.feature` files under `dir` (or `dir` itself when it is a file), sorted, each once.
pub(super) fn collect(dir: &Path) -> Result<Vec<PathBuf>, Vec<FeatureError>> {
    let real = match std::fs::canonicalize(dir) {
        Ok(r) => r,
        Err(e) => {
            return Err(vec![problem(
                dir,
                format!("cannot read the features directory: {e}; check the --features path"),
            )]);
        }
    };
    if real.is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    let mut walk = Walk {
        given: dir.to_path_buf(),
        real: real.clone(),
        files: Vec::new(),
        problems: Vec::new(),
    };
    walk.dir(dir);
    if !walk.problems.is_empty() {
        walk.problems.sort_by(|a, b| a.file.cmp(&b.file));
        return Err(walk.problems);
    }
    let mut files = walk.files;
    files.sort();
    files.dedup();
    if files.is_empty() {
        return Err(vec![problem(
            dir,
            "no .feature files here; check the --features path".into(),
        )]);
    }
    Ok(files)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn tree(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("fc-walk-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("in/sub")).expect("mkdir");
        std::fs::create_dir_all(d.join("out")).expect("mkdir");
        std::fs::write(d.join("in/sub/a.feature"), "Feature: a\n").expect("write");
        std::fs::write(d.join("in/notes.md"), "").expect("write");
        std::fs::write(d.join("out/b.feature"), "Feature: b\n").expect("write");
        d
    }

    #[test]
    fn links_inside_load_each_file_once_and_do_not_loop() {
        let d = tree("inside");
        symlink(d.join("in"), d.join("in/sub/loop")).expect("link");
        symlink(d.join("in/sub/a.feature"), d.join("in/a_again.feature")).expect("link");
        symlink(d.join("in/notes.md"), d.join("in/notes.feature")).expect("link");
        symlink(d.join("out/b.feature"), d.join("in/readme")).expect("link");
        symlink(d.join("nowhere"), d.join("in/dangling")).expect("link");
        let files = collect(&d.join("in")).expect("collects");
        assert_eq!(files, [d.join("in/notes.md"), d.join("in/sub/a.feature")]);
    }

    #[test]
    fn links_out_of_the_directory_are_refused_by_name() {
        let d = tree("outside");
        symlink(d.join("out"), d.join("in/shared")).expect("link");
        symlink(d.join("out/b.feature"), d.join("in/b.feature")).expect("link");
        symlink(d.join("gone.feature"), d.join("in/gone.feature")).expect("link");
        let e = collect(&d.join("in")).expect_err("refused");
        let shown: Vec<String> = e.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown.len(), 3, "{shown:?}");
        assert!(
            shown[0].contains("in/b.feature: symbolic link out of"),
            "{shown:?}"
        );
        assert!(
            shown[1].contains("in/gone.feature: symbolic link that cannot be followed"),
            "{shown:?}"
        );
        assert!(
            shown[2].contains("in/shared: symbolic link out of"),
            "{shown:?}"
        );
        assert!(
            shown[2].contains(&d.join("out").display().to_string()),
            "{shown:?}"
        );
    }

    #[test]
    fn the_given_path_may_itself_be_a_link_or_a_file() {
        let d = tree("given");
        symlink(d.join("in"), d.join("via")).expect("link");
        let files = collect(&d.join("via")).expect("collects");
        assert_eq!(files, [d.join("via/sub/a.feature")]);
        let one = d.join("out/b.feature");
        assert_eq!(collect(&one).expect("file"), [one]);
        assert!(collect(&d.join("missing")).is_err());
    }
}
