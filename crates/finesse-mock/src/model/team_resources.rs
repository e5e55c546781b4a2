//! TeamResource—Get Phone Books, `GET /TeamResource/{teamId}/PhoneBooks` (developer.cisco.com,
//! "TeamResource—Get Phone Books", "TeamResource API Errors"): a team member reads the
//! team's phone books and their first contacts, global phone books first, within the
//! `Range: objects=A-B` header (1–6000). 12.6(2) also serves the list without a Range.
//!
//! The other five TeamResource operations (reason codes, wrap-up reasons, media properties
//! layouts, workflows, layout) are not served: no stored page gives their URIs, and the mock
//! does not guess them.

use std::collections::HashSet;
use std::time::Instant;

use serde::Deserialize;

use super::{ApiFailure, Credential, Finesse};
use crate::deviations::Deviation;
use crate::documents as doc;

/// The most contacts one request may ask for (the page: "Range must be 1– 6000 objects").
pub(crate) const MAX_CONTACTS: usize = 6000;

/// The release from which a request without Range is served ("What's New in 12.6(2)").
const NO_RANGE_SINCE: &str = "12.6(2)";

/// A phone book of the fixture: global when it names no team, else assigned to those teams
/// (the PhoneBook object page: GLOBAL or TEAM).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneBookDef {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub teams: Vec<String>,
    #[serde(default)]
    pub contacts: Vec<ContactDef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactDef {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub phone_number: String,
    #[serde(default)]
    pub description: String,
}

impl PhoneBookDef {
    fn global(&self) -> bool {
        self.teams.is_empty()
    }
}

/// Fixture check: unique phone-book ids, known teams. The error names the entry.
pub(crate) fn check_phone_books(
    books: &[PhoneBookDef],
    team_ids: &HashSet<&str>,
) -> Result<(), (String, String)> {
    let mut ids = HashSet::new();
    for (i, b) in books.iter().enumerate() {
        if !ids.insert(b.id.as_str()) {
            return Err((
                format!("phone_books[{i}].id"),
                format!("duplicate phone book id {}", b.id),
            ));
        }
        if let Some(t) = b.teams.iter().find(|t| !team_ids.contains(t.as_str())) {
            return Err((
                format!("phone_books[{i}].teams"),
                format!("team {t} is not in teams"),
            ));
        }
    }
    Ok(())
}

/// What the answer holds, and whether it is partial (206) or whole (200).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PhoneBooksPage {
    pub books: doc::PhoneBooks,
    pub partial: bool,
}

impl PhoneBooksPage {
    /// 206 Partial Content when some of the team's contacts fall outside the range, 200
    /// when all are in it. The page lists both statuses without saying when each is sent;
    /// this is HTTP's meaning of them (README, mock fidelity).
    pub(crate) fn status(&self) -> u16 {
        if self.partial { 206 } else { 200 }
    }
}

/// `objects=A-B` with 1 ≤ A ≤ B ≤ 6000, as positions 1-based and inclusive. Anything else
/// is 416 (the page: "Invalid Range Specified. Range must be 1– 6000 objects").
fn parse_range(value: &str, checked: bool) -> Result<(usize, usize), ApiFailure> {
    let bad = || range_not_satisfiable(value);
    let spec = value.trim().strip_prefix("objects=").ok_or_else(bad)?;
    let (a, b) = spec.split_once('-').ok_or_else(bad)?;
    let a: usize = a.trim().parse().map_err(|_| bad())?;
    let b: usize = b.trim().parse().map_err(|_| bad())?;
    if a < 1 || b < a {
        return Err(bad());
    }
    if b > MAX_CONTACTS {
        if checked {
            return Err(bad());
        }
        return Ok((a, b.min(MAX_CONTACTS)));
    }
    Ok((a, b))
}

fn range_not_satisfiable(value: &str) -> ApiFailure {
    failure(
        416,
        "Range Not Satisfiable",
        "Invalid Range Specified. Range must be 1-6000 objects",
        value,
    )
}

/// The ErrorTypes of "TeamResource API Errors" that the shared constructors do not make.
fn failure(status: u16, error_type: &str, message: &str, data: &str) -> ApiFailure {
    ApiFailure {
        status,
        error_type: error_type.into(),
        message: message.into(),
        data: Some(data.to_string()),
        media: None,
    }
}

impl Finesse {
    /// `GET /TeamResource/{teamId}/PhoneBooks` with the `Range` header's value, if any.
    ///
    /// Order of checks (the mock's): service, credentials, team (404), membership (401),
    /// range (416). Members are the team's agents and supervisors (the page's security
    /// constraint); administrators may read any team (the page is silent on them).
    pub(crate) fn team_phone_books(
        &mut self,
        creds: Option<&Credential>,
        team: &str,
        range: Option<&str>,
        now: Instant,
    ) -> Result<PhoneBooksPage, ApiFailure> {
        self.advance(now);
        self.check_service()?;
        let stand_in = self.unknown_name_as_admin();
        let caller = self.authenticate_with(creds, now, stand_in)?;
        if self.dir.team(team).is_none() {
            if self.dev(Deviation::TeamResourceUnknownTeamEmpty) {
                return Ok(PhoneBooksPage {
                    books: doc::PhoneBooks::default(),
                    partial: false,
                });
            }
            return Err(ApiFailure::not_found(
                team,
                format!("Team {team} not found"),
            ));
        }
        let member =
            caller.team.as_deref() == Some(team) || caller.supervises.iter().any(|t| t == team);
        if !(member || caller.admin || self.dev(Deviation::TeamPhoneBooksOpenToAll)) {
            return Err(failure(
                401,
                "Invalid Authorization",
                "The user is not a member of this team",
                &caller.id,
            ));
        }
        // Before 12.6(2) a Range is required; the page does not say how a request without
        // one is refused: the mock answers 416, the status of a range that does not exist.
        let mut no_range_served = self.release.since(NO_RANGE_SINCE);
        if self.dev(Deviation::TeamPhoneBooksRangeReleaseSwapped) {
            no_range_served = !no_range_served;
        }
        let (first, last) = match range {
            Some(v) => parse_range(v, !self.dev(Deviation::TeamPhoneBooksRangeUnchecked))?,
            None if no_range_served => (1, MAX_CONTACTS),
            None => return Err(range_not_satisfiable("")),
        };
        Ok(self.phone_books_of(team, first, last))
    }

    /// The team's phone books, global ones first, each with its contacts whose position in
    /// that order lies in `first..=last`. Every phone book is listed, even with no contact
    /// in the range.
    fn phone_books_of(&self, team: &str, first: usize, last: usize) -> PhoneBooksPage {
        let ignore_range = self.dev(Deviation::TeamPhoneBooksIgnoreRange);
        let global = self.phone_books.iter().filter(|b| b.global());
        let own = self
            .phone_books
            .iter()
            .filter(|b| b.teams.iter().any(|t| t == team));
        let ordered: Vec<&PhoneBookDef> = if self.dev(Deviation::TeamPhoneBooksTeamFirst) {
            own.chain(global).collect()
        } else {
            global.chain(own).collect()
        };
        let mut position = 0;
        let mut partial = false;
        let books = ordered
            .into_iter()
            .map(|b| {
                let mut contacts = Vec::new();
                for c in &b.contacts {
                    position += 1;
                    if ignore_range || (first..=last).contains(&position) {
                        contacts.push(doc::Contact {
                            first_name: c.first_name.clone(),
                            last_name: c.last_name.clone(),
                            phone_number: c.phone_number.clone(),
                            description: c.description.clone(),
                            uri: format!("/finesse/api/PhoneBook/{}/Contact/{}", b.id, c.id),
                        });
                    } else {
                        partial = true;
                    }
                }
                doc::PhoneBook {
                    name: b.name.clone(),
                    kind: if b.global() { "GLOBAL" } else { "TEAM" }.into(),
                    contacts,
                }
            })
            .collect();
        PhoneBooksPage {
            books: doc::PhoneBooks { books },
            partial,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_objects_a_to_b_within_6000() {
        assert_eq!(parse_range("objects=1-6000", true).ok(), Some((1, 6000)));
        assert_eq!(parse_range(" objects=2-3 ", true).ok(), Some((2, 3)));
        for bad in [
            "objects=0-5",
            "objects=5-2",
            "objects=1-6001",
            "bytes=1-5",
            "objects=x-2",
            "",
        ] {
            let e = parse_range(bad, true).expect_err(bad);
            assert_eq!(
                (e.status, e.error_type.as_str()),
                (416, "Range Not Satisfiable")
            );
        }
        assert_eq!(parse_range("objects=1-6001", false).ok(), Some((1, 6000)));
    }
}
