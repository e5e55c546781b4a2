//! The one error type of profile loading: file, key path, message and fix, shown on one line.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    pub(crate) file: String,
    pub(crate) key: Option<String>,
    pub(crate) message: String,
    pub(crate) fix: Option<String>,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Fields are public, so flatten line breaks here to keep the one-line promise.
        write!(f, "profile {}: ", one_line(&self.file))?;
        if let Some(key) = &self.key {
            write!(f, "{}: ", one_line(key))?;
        }
        f.write_str(&one_line(&self.message))?;
        if let Some(fix) = &self.fix {
            write!(f, " (fix: {})", one_line(fix))?;
        }
        Ok(())
    }
}

impl std::error::Error for ProfileError {}

pub(super) use crate::stdout::without_controls as one_line;
