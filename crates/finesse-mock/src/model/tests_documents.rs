//! The model's documents: the fields the guide documents, filled from the model's state and
//! checked against literal XML fragments (not against a parser of our own).

use std::time::Instant;

use super::request_body::parse;
use super::test_support::*;
use super::*;
use crate::documents::DialogRequest;
use crate::fixture::Fixture;

fn user_xml(lab: &mut Lab, id: &str) -> String {
    lab.m
        .get_user(Some(&who(id)), id, lab.now)
        .expect("user")
        .to_xml()
}

/// MAKE_CALL with an optional `<mediaProperties>` part, as a client writes the body.
fn make_call(
    lab: &mut Lab,
    from: &str,
    to: &str,
    vars: Option<Vec<(&str, &str)>>,
) -> Result<u16, ApiFailure> {
    let props = vars.map_or_else(String::new, |vs| {
        let vars: String = vs
            .iter()
            .map(|(n, v)| {
                format!("<CallVariable><name>{n}</name><value>{v}</value></CallVariable>")
            })
            .collect();
        format!("<mediaProperties><callvariables>{vars}</callvariables></mediaProperties>")
    });
    let xml = format!(
        "<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>{}</fromAddress>\
         <toAddress>{to}</toAddress>{props}</Dialog>",
        ext(from)
    );
    let body: DialogRequest = parse(&xml, "Dialog").expect("a well-formed body");
    lab.post(from, Ok(body)).map(|a| a.status)
}

fn dialogs_xml(lab: &mut Lab, id: &str) -> String {
    doc::Dialogs {
        dialogs: lab.dialogs(id),
    }
    .to_xml()
}

/// The text of the first `<name>` element in `xml`.
fn text_of<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let start = xml.find(&open)? + open.len();
    let end = start + xml[start..].find(&format!("</{name}>"))?;
    Some(&xml[start..end])
}

/// `YYYY-MM-DDThh:mm:ss.SSSZ` (User and Dialog API Parameters).
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 24 && b[4] == b'-' && b[10] == b'T' && b[19] == b'.' && s.ends_with('Z')
}

#[test]
fn a_user_who_never_signed_in_shows_empty_extension_and_state_change_time() {
    let mut lab = Lab::new(Deployment::Ucce);
    let xml = user_xml(&mut lab, "1001");
    assert!(
        xml.starts_with(
            "<User><uri>/finesse/api/User/1001</uri><roles><role>Agent</role></roles>\
             <loginId>1001</loginId><loginName>agent1001</loginName><state>LOGOUT</state>\
             <stateChangeTime></stateChangeTime><mediaType>1</mediaType>\
             <pendingState></pendingState><reasonCodeId>-1</reasonCodeId>\
             <settings><wrapUpOnIncoming>NOT_ALLOWED</wrapUpOnIncoming>\
             <wrapUpOnOutgoing>NOT_ALLOWED</wrapUpOnOutgoing></settings><extension></extension>"
        ),
        "{xml}"
    );
    // The fixture's 400 ms wrap-up timer, in whole seconds.
    assert!(
        xml.ends_with(
            "<teamId>5000</teamId><teamName>Team A</teamName>\
             <dialogs>/finesse/api/User/1001/Dialogs</dialogs><wrapUpTimer>1</wrapUpTimer></User>"
        ),
        "{xml}"
    );
}

#[test]
fn signing_in_and_out_fills_and_empties_the_extension() {
    let mut lab = Lab::new(Deployment::Ucce);
    lab.set("1001", "LOGIN");
    let xml = user_xml(&mut lab, "1001");
    assert!(xml.contains("<extension>1001001</extension>"), "{xml}");
    let changed = text_of(&xml, "stateChangeTime")
        .unwrap_or_default()
        .to_string();
    assert!(is_timestamp(&changed), "{xml}");
    lab.set_with("1001", "LOGOUT", Some("20"));
    let xml = user_xml(&mut lab, "1001");
    assert!(xml.contains("<extension></extension>"), "{xml}");
    assert!(
        xml.contains(
            "<reasonCodeId>20</reasonCodeId><ReasonCode><category>LOGOUT</category>\
             <uri>/finesse/api/ReasonCode/20</uri><code>1</code><label>End of shift</label>\
             <forAll>true</forAll><systemCode>false</systemCode><id>20</id></ReasonCode>"
        ),
        "{xml}"
    );
}

#[test]
fn a_wrap_up_agent_requires_wrap_up_and_a_supervisor_lists_its_teams() {
    let mut lab = Lab::new(Deployment::Ucce);
    let xml = user_xml(&mut lab, "1201");
    assert!(
        xml.contains(
            "<settings><wrapUpOnIncoming>REQUIRED</wrapUpOnIncoming>\
             <wrapUpOnOutgoing>REQUIRED</wrapUpOnOutgoing></settings>"
        ),
        "{xml}"
    );
    assert!(!xml.contains("<teams>"), "agents list no teams: {xml}");
    let xml = user_xml(&mut lab, "2001");
    assert!(
        xml.contains("<roles><role>Agent</role><role>Supervisor</role></roles>"),
        "{xml}"
    );
    assert!(
        xml.contains(
            "<teams><Team><uri>/finesse/api/Team/5000</uri><id>5000</id><name>Team A</name>\
             </Team></teams><wrapUpTimer>"
        ),
        "{xml}"
    );
}

#[test]
fn the_pending_state_shows_during_the_call_and_clears_after_it() {
    let mut lab = Lab::new(Deployment::Ucce);
    lab.connected("1001", "1002");
    lab.set_with("1002", "NOT_READY", Some("10"));
    let xml = user_xml(&mut lab, "1002");
    assert!(xml.contains("<state>TALKING</state>"), "{xml}");
    assert!(
        xml.contains("<pendingState>NOT_READY</pendingState>"),
        "{xml}"
    );
    let call = lab.call_id("1001");
    lab.put("1001", &call, "DROP").expect("drop");
    let xml = user_xml(&mut lab, "1002");
    assert!(xml.contains("<state>NOT_READY</state>"), "{xml}");
    assert!(xml.contains("<pendingState></pendingState>"), "{xml}");
}

#[test]
fn a_pending_state_change_is_published_on_the_user_node() {
    let mut lab = Lab::new(Deployment::Ucce);
    lab.connected("1001", "1002");
    lab.m.set_publishing(true);
    lab.set("1002", "READY");
    let notes = lab.m.take_notifications(lab.now);
    let user = notes
        .iter()
        .find(|n| n.node == "/finesse/api/User/1002")
        .expect("a User notification for the pending state");
    assert!(
        user.data.contains("<pendingState>READY</pendingState>"),
        "{}",
        user.data
    );
    assert!(user.data.starts_with("<user><dialogs>"), "{}", user.data);
}

#[test]
fn make_call_variables_show_in_the_dialog_with_every_numbered_variable() {
    let mut lab = Lab::new(Deployment::Ucce);
    lab.set("1001", "LOGIN");
    lab.set("1002", "LOGIN");
    let vars = vec![("callVariable2", "Chuck"), ("user.account", "A-17")];
    assert_eq!(
        make_call(&mut lab, "1001", &ext("1002"), Some(vars)),
        Ok(202)
    );
    let xml = dialogs_xml(&mut lab, "1002");
    assert!(
        xml.contains(
            "<callvariables><CallVariable><name>callVariable1</name><value></value></CallVariable>\
             <CallVariable><name>callVariable2</name><value>Chuck</value></CallVariable>\
             <CallVariable><name>callVariable3</name><value></value></CallVariable>"
        ),
        "{xml}"
    );
    assert!(
        xml.contains(
            "<CallVariable><name>callVariable10</name><value></value></CallVariable>\
             <CallVariable><name>user.account</name><value>A-17</value></CallVariable>\
             </callvariables>"
        ),
        "{xml}"
    );
    // `make-call-variables-ignored`: accepted, but the dialog shows none of them.
    let call = lab.call_id("1002");
    lab.put("1001", &call, "DROP").expect("drop");
    lab.dev(Deviation::MakeCallVariablesIgnored, true);
    let vars = vec![("callVariable2", "Chuck")];
    assert_eq!(
        make_call(&mut lab, "1001", &ext("1002"), Some(vars)),
        Ok(202)
    );
    let xml = dialogs_xml(&mut lab, "1002");
    assert!(!xml.contains("Chuck"), "{xml}");
}

#[test]
fn make_call_variables_are_refused_on_ccx_and_when_misnamed_or_repeated() {
    let mut lab = Lab::new(Deployment::Uccx);
    lab.set("1001", "LOGIN");
    lab.set("1002", "LOGIN");
    let e = make_call(
        &mut lab,
        "1001",
        &ext("1002"),
        Some(vec![("callVariable1", "x")]),
    )
    .expect_err("CCX");
    assert_eq!((e.status, e.error_type.as_str()), (400, "Invalid Input"));
    assert!(lab.dialogs("1001").is_empty());
    lab.dev(Deviation::MakeCallVariablesOnUccx, true);
    let vars = Some(vec![("callVariable1", "x")]);
    assert_eq!(make_call(&mut lab, "1001", &ext("1002"), vars), Ok(202));
    let mut lab = Lab::new(Deployment::Ucce);
    lab.set("1001", "LOGIN");
    for bad in [
        vec![("callVariable11", "x")],
        vec![("BAStatus", "x")],
        vec![("callVariable1", "a"), ("callVariable1", "b")],
    ] {
        let e = make_call(&mut lab, "1001", &ext("1002"), Some(bad.clone()))
            .expect_err("bad variables");
        assert_eq!(
            (e.status, e.data.as_deref()),
            (400, Some("mediaProperties")),
            "{bad:?}"
        );
    }
}

#[test]
fn participants_carry_start_and_state_change_times() {
    let mut lab = Lab::new(Deployment::Ucce);
    let call = lab.ringing("1001", "1002");
    let before = lab.dialogs("1002")[0].participants[1].clone();
    assert!(is_timestamp(&before.start_time), "{before:?}");
    assert_eq!(
        before.start_time, before.state_change_time,
        "joined in this state"
    );
    std::thread::sleep(Duration::from_millis(3));
    lab.put("1002", &call, "ANSWER").expect("answer");
    let after = lab.dialogs("1002")[0].participants[1].clone();
    assert_eq!(after.state, "ACTIVE");
    assert_eq!(after.start_time, before.start_time, "the start stays");
    assert!(
        after.state_change_time > before.state_change_time,
        "{after:?}"
    );
    let xml = dialogs_xml(&mut lab, "1002");
    assert!(
        xml.contains(&format!(
            "<mediaAddress>1002001</mediaAddress><mediaAddressType>AGENT_DEVICE</mediaAddressType>\
             <startTime>{}</startTime><state>ACTIVE</state><stateCause></stateCause>\
             <stateChangeTime>{}</stateChangeTime>",
            after.start_time, after.state_change_time
        )),
        "{xml}"
    );
}

#[test]
fn a_routed_call_names_its_queue_and_the_platform_decides_call_key_and_wrap_up_items() {
    for dep in [Deployment::Ucce, Deployment::Uccx] {
        let mut lab = Lab::new(dep);
        lab.set("1001", "LOGIN");
        lab.set("1001", "READY");
        lab.set("1002", "LOGIN");
        make_call(&mut lab, "1002", "8000", None).expect("ICD call");
        let d = lab.dialogs("1001").remove(0);
        let xml = d.to_xml();
        assert!(
            xml.contains(
                "<mediaProperties><mediaId>1</mediaId><dialedNumber>8000</dialedNumber>\
                 <callType>ACD_IN</callType><DNIS>8000</DNIS><queueNumber>5000</queueNumber>\
                 <queueName>Team A</queueName>"
            ),
            "{dep}: {xml}"
        );
        assert!(xml.starts_with("<Dialog><associatedDialogUri></associatedDialogUri>"));
        assert!(xml.contains("<secondaryId></secondaryId><mediaType>Voice</mediaType>"));
        match dep {
            Deployment::Ucce => {
                assert!(
                    xml.contains(&format!(
                        "<callKeyCallId>{}</callKeyCallId><callKeySequenceNum>1</callKeySequenceNum>",
                        d.id
                    )),
                    "{xml}"
                );
                assert!(!xml.contains("wrapUpItems"), "{xml}");
            }
            Deployment::Uccx => {
                assert!(!xml.contains("callKey"), "{xml}");
                assert!(
                    xml.contains("<wrapUpReason></wrapUpReason><wrapUpItems></wrapUpItems>"),
                    "{xml}"
                );
            }
        }
    }
}

#[test]
fn system_info_fills_the_cti_and_platform_fields() {
    let mut m = Finesse::new(&Fixture::embedded(), Deployment::Ucce, DELAY);
    let xml = m.system_info(Instant::now(), None).to_xml();
    assert!(
        xml.contains("<deploymentType>UCCE</deploymentType><lastCTIHeartbeatStatus>success</lastCTIHeartbeatStatus>"),
        "{xml}"
    );
    assert!(
        xml.contains("<ctiVersion>23</ctiVersion><ctiHeartbeatInterval>30</ctiHeartbeatInterval><license></license><peripheralId>5000</peripheralId>"),
        "{xml}"
    );
    assert!(
        xml.contains("<status>IN_SERVICE</status><statusReason></statusReason>"),
        "{xml}"
    );
    m.faults.out_of_service = true;
    let xml = m.system_info(Instant::now(), None).to_xml();
    assert!(
        xml.contains("<lastCTIHeartbeatStatus>failure</lastCTIHeartbeatStatus>"),
        "{xml}"
    );
    assert!(
        xml.contains("<status>OUT_OF_SERVICE</status><statusReason>A dependent service is down (mock fault)</statusReason>"),
        "{xml}"
    );
    let mut m = Finesse::new(&Fixture::embedded(), Deployment::Uccx, DELAY);
    let xml = m.system_info(Instant::now(), None).to_xml();
    assert!(xml.contains("<peripheralId></peripheralId>"), "{xml}");
}

#[test]
fn a_team_is_read_by_its_supervisors_and_admins_only() {
    let mut lab = Lab::new(Deployment::Ucce);
    let now = lab.now;
    let team = lab.m.team(Some(&who("2001")), "5001", now);
    assert_eq!(
        team.map(|_| ()).map_err(|e| e.status),
        Err(401),
        "another team"
    );
    let xml = lab
        .m
        .team(Some(&who("2001")), "5000", now)
        .expect("own team")
        .to_xml();
    assert!(
        xml.starts_with(
            "<Team><uri>/finesse/api/Team/5000</uri><id>5000</id><name>Team A</name><users>\
             <User><uri>/finesse/api/User/1001</uri><loginId>1001</loginId>"
        ),
        "{xml}"
    );
    assert!(
        !xml.contains("/finesse/api/User/1101<"),
        "team B's agents are not listed"
    );
    let e = lab
        .m
        .team(Some(&who("1001")), "5000", now)
        .expect_err("an agent");
    assert_eq!(
        (e.status, e.error_type.as_str()),
        (401, "Invalid Authorization User Specified")
    );
    let e = lab
        .m
        .team(Some(&who("admin")), "9999", now)
        .expect_err("unknown");
    assert_eq!((e.status, e.error_type.as_str()), (404, "Not Found"));
    assert!(lab.m.team(Some(&who("admin")), "5001", now).is_ok());
    assert_eq!(
        lab.m
            .team(None, "5000", now)
            .map(|_| ())
            .map_err(|e| e.status),
        Err(401)
    );
}

#[test]
fn media_before_and_after_sign_in() {
    let mut lab = Lab::new(Deployment::Ucce);
    let now = lab.now;
    let xml = lab
        .m
        .media(Some(&who("1005")), "1005", "5001", now)
        .expect("media")
        .to_xml();
    assert!(
        xml.contains("<maxDialogLimit></maxDialogLimit>")
            && xml.contains("<routable>false</routable>"),
        "{xml}"
    );
    lab.m
        .put_media(Some(&who("1005")), "1005", "5001", media_login(), None, now)
        .expect("sign in");
    lab.tick();
    let xml = lab
        .m
        .media(Some(&who("1005")), "1005", "5001", lab.now)
        .expect("media")
        .to_xml();
    assert!(
        xml.contains("<id>5001</id><interruptAction>ACCEPT</interruptAction><interruptible>false</interruptible><maxDialogLimit>3</maxDialogLimit>"),
        "{xml}"
    );
    assert!(
        xml.contains("<routable>true</routable><state>NOT_READY</state>"),
        "{xml}"
    );
}
