//! The Team object (`GET /Team/{id}`): the team and a summary of each member (DEV/team;
//! G12.5 p.144, Team API Parameters p.150).

use super::user::User;
use super::xml::El;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Team {
    pub id: String,
    pub name: String,
    pub users: Vec<User>,
}

impl Team {
    pub(crate) fn to_xml(&self) -> String {
        El::parent("Team")
            .child(El::text("uri", format!("/finesse/api/Team/{}", self.id)))
            .child(El::text("id", self.id.as_str()))
            .child(El::text("name", self.name.as_str()))
            .child(El::parent("users").children(self.users.iter().map(User::team_member)))
            .to_xml()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_team_lists_member_summaries() {
        let member = User {
            id: "1001".into(),
            first_name: "Agent".into(),
            last_name: "A01".into(),
            state: Some("LOGOUT".into()),
            // Left out of a member summary.
            login_name: "agent1001".into(),
            wrap_up_timer: 60,
            ..User::default()
        };
        let team = Team {
            id: "5000".into(),
            name: "Team A".into(),
            users: vec![member],
        };
        assert_eq!(
            team.to_xml(),
            "<Team><uri>/finesse/api/Team/5000</uri><id>5000</id><name>Team A</name><users>\
             <User><uri>/finesse/api/User/1001</uri><loginId>1001</loginId>\
             <firstName>Agent</firstName><lastName>A01</lastName>\
             <dialogs>/finesse/api/User/1001/Dialogs</dialogs><extension></extension>\
             <pendingState></pendingState><state>LOGOUT</state>\
             <stateChangeTime></stateChangeTime></User></users></Team>"
        );
        let empty = Team {
            id: "5009".into(),
            name: "Empty".into(),
            users: Vec::new(),
        };
        assert!(empty.to_xml().ends_with("<users></users></Team>"));
    }
}
