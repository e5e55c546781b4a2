//! The report writers (design §5): console, JUnit, HTML, Cucumber JSON, evidence, and the
//! readers `diff` and `merge` need. They render the result model in [`crate::domain`];
//! writers redact free text again before writing.

pub(crate) mod console;
pub mod cucumber_json;
pub(crate) mod diff;
pub mod evidence;
pub(crate) mod files;
pub mod html;
pub(crate) mod incomplete;
pub mod junit;
