//! `${NAME}` references: expanded from the environment when the profile is read, so that a
//! profile can be committed without the lab's host names or secrets.

use super::ProfileError;
use super::convert::Ctx;

impl Ctx<'_> {
    /// Expands every `${NAME}` in `raw`; errors never include the expanded text.
    pub(super) fn expand(&self, key: &str, raw: &str) -> Result<String, ProfileError> {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                let fix = "close the reference as ${NAME}";
                return Err(self.err(Some(key), "`${` has no closing `}`", fix));
            };
            out.push_str(&self.lookup(key, &after[..end])?);
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// The value of variable `name`, which `key` refers to.
    pub(super) fn lookup(&self, key: &str, name: &str) -> Result<String, ProfileError> {
        if !is_env_name(name) {
            let fix = "use letters, digits and _ only, not starting with a digit, e.g. ${FINESSE_LAB_HOST}";
            let msg = format!("`${{{name}}}` is not a valid environment variable reference");
            return Err(self.err(Some(key), msg, fix));
        }
        (self.env)(name).ok_or_else(|| {
            let msg = format!("environment variable {name} is not set");
            self.err(Some(key), msg, &format!("export {name}=... before running"))
        })
    }
}

/// A portable shell variable name: letters, digits and `_`, not starting with a digit.
pub(super) fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
