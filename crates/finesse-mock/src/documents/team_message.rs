//! `POST /TeamMessage` (G12.5 p202, "TeamMessage—Create a Team Message"): the body the
//! guide prints, `<TeamMessage><duration/><content/><teams><team/>…</teams></TeamMessage>`.
//! Parsed tolerantly like every request body; the model decides what is missing.

use serde::Deserialize;

use super::RequestBody;

impl RequestBody for TeamMessagePost {
    const ROOT: &'static str = "TeamMessage";
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct TeamMessagePost {
    /// Seconds the message is displayed ("TeamMessage API Parameters": an Integer).
    pub duration: Option<String>,
    /// At most 255 characters ("TeamMessage API Parameters").
    pub content: Option<String>,
    pub teams: Option<TeamMessageTeams>,
}

/// `<teams>`: one `<team>` per team id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub(crate) struct TeamMessageTeams {
    pub team: Vec<String>,
}
