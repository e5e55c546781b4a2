//! The report writers (design §5): console, JUnit, HTML, Cucumber JSON, evidence, and the
//! readers `diff` and `merge` need. They render the result model in [`crate::domain`];
//! writers redact free text again before writing.

pub mod console;
pub mod cucumber_json;
pub(crate) mod diff;
pub mod evidence;
pub mod files;
pub mod html;
pub mod incomplete;
pub mod junit;

pub use crate::domain::results::*;
pub use crate::domain::verdict;
