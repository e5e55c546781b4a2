//! Voice dialogs: dialog and participant states and the actions each state allows
//! (reference §6.2–6.3, DEV/state-participant-parameter-values).

use std::collections::BTreeSet;
use std::time::SystemTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DialogState {
    Initiated,
    Alerting,
    Active,
    Failed,
    Dropped,
    /// An OUTBOUND_PREVIEW reservation the agent accepted (§6.2).
    Accepted,
}

impl DialogState {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DialogState::Initiated => "INITIATED",
            DialogState::Alerting => "ALERTING",
            DialogState::Active => "ACTIVE",
            DialogState::Failed => "FAILED",
            DialogState::Dropped => "DROPPED",
            DialogState::Accepted => "ACCEPTED",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParticipantState {
    Initiated,
    Alerting,
    Active,
    Held,
    Failed,
    Dropped,
    Accepted,
}

impl ParticipantState {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ParticipantState::Initiated => "INITIATED",
            ParticipantState::Alerting => "ALERTING",
            ParticipantState::Active => "ACTIVE",
            ParticipantState::Held => "HELD",
            ParticipantState::Failed => "FAILED",
            ParticipantState::Dropped => "DROPPED",
            ParticipantState::Accepted => "ACCEPTED",
        }
    }
}

/// Declares `Action` with each variant's `requestedAction` name once; `parse` and `as_str`
/// both read that one list.
macro_rules! actions {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)*) => {
        /// The `requestedAction` values this mock understands (JSLIB Dialog.Actions).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub(crate) enum Action {
            $($(#[$doc])* $variant,)*
        }

        impl Action {
            pub(crate) fn parse(s: &str) -> Option<Action> {
                match s {
                    $($name => Some(Action::$variant),)*
                    _ => None,
                }
            }

            pub(crate) fn as_str(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)*
                }
            }
        }
    };
}

actions! {
    MakeCall => "MAKE_CALL",
    Answer => "ANSWER",
    Hold => "HOLD",
    Retrieve => "RETRIEVE",
    Drop => "DROP",
    UpdateCallData => "UPDATE_CALL_DATA",
    ConsultCall => "CONSULT_CALL",
    SilentMonitor => "SILENT_MONITOR",
    BargeCall => "BARGE_CALL",
    Accept => "ACCEPT",
    Close => "CLOSE",
    Reject => "REJECT",
    /// A supervisor drops another participant from a conference (CCE, G12.5 p.104).
    ParticipantDrop => "PARTICIPANT_DROP",
    /// A participant or monitoring supervisor starts recording (CCX, p.107).
    StartRecording => "START_RECORDING",
    /// Completes a consult as a transfer, on the held original call (p.86, p.126).
    Transfer => "TRANSFER",
    /// Completes a consult as a conference, on the held original call (p.86, p.126).
    Conference => "CONFERENCE",
    /// A participant sends DTMF tones on its call (G12.5 p.92).
    SendDtmf => "SEND_DTMF",
    /// A participant transfers its call without consulting first (G12.5 p.96).
    TransferSst => "TRANSFER_SST",
}

impl Action {
    /// Actions with their own preconditions (p.104, p.107) instead of a place in the
    /// participant's actions list: the reference gives them no row in the state tables.
    /// TRANSFER and CONFERENCE are listed only while a consult is up, and their refusal
    /// otherwise is decided with the consult (`consult.rs`, p.86).
    pub(crate) fn outside_the_list(self) -> bool {
        // SEND_DTMF and TRANSFER_SST have no row in the participant state table either; their
        // preconditions are in `dtmf` and `sst`.
        matches!(
            self,
            Action::ParticipantDrop
                | Action::StartRecording
                | Action::Transfer
                | Action::Conference
                | Action::SendDtmf
                | Action::TransferSst
        )
    }

    /// Actions that create a dialog (POST /User/{id}/Dialogs), as opposed to acting on one.
    pub(crate) fn creates_dialog(self) -> bool {
        matches!(
            self,
            Action::MakeCall | Action::SilentMonitor | Action::BargeCall
        )
    }
}

/// What a dialog is, which decides the actions its participants get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DialogKind {
    /// A call; `icd` when it was routed through a dialled number to a READY agent.
    Call { icd: bool },
    /// A supervisor's silent-monitoring session on another call.
    Monitor { monitored: u64 },
    /// A preview reservation; `direct` for a CCX Direct Preview, else Outbound Option.
    Preview { direct: bool },
    /// The call the dialer connects once the agent accepts a reservation (§4.3, §6.6).
    Outbound,
}

impl DialogKind {
    /// A call between parties (not a monitoring session or a reservation).
    pub(crate) fn is_call(self) -> bool {
        matches!(self, DialogKind::Call { .. } | DialogKind::Outbound)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Participant {
    pub extension: String,
    /// The Finesse user signed in on this extension, if any.
    pub user: Option<String>,
    pub state: ParticipantState,
    pub state_cause: Option<String>,
    /// When the party joined the dialog (`startTime`).
    pub start: SystemTime,
    /// When its state last changed (`stateChangeTime`).
    pub changed: SystemTime,
}

impl Participant {
    /// A party that joins now.
    pub(crate) fn new(extension: &str, user: Option<&str>, state: ParticipantState) -> Participant {
        let now = SystemTime::now();
        Participant {
            extension: extension.to_string(),
            user: user.map(str::to_string),
            state,
            state_cause: None,
            start: now,
            changed: now,
        }
    }

    /// Moves the party to `state`, stamping the change (a repeat of the state is no change).
    pub(crate) fn set_state(&mut self, state: ParticipantState) {
        if self.state != state {
            self.state = state;
            self.changed = SystemTime::now();
        }
    }
}

/// `callVariable1`–`callVariable10`, or an ECC variable (`user.` and a name; reference §6.1).
pub(crate) fn is_call_variable_name(name: &str) -> bool {
    let numbered = name.strip_prefix("callVariable").is_some_and(|n| {
        matches!(
            n,
            "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "10"
        )
    });
    let ecc = name
        .strip_prefix("user.")
        .is_some_and(|rest| !rest.trim().is_empty());
    numbered || ecc
}

/// The call variables a dialog shows: callVariable1–10 always (empty unless set), then the
/// ECC variables that were set (mock's choice of display; reference §6.1 lists the names).
pub(crate) fn call_variables(set: &[(String, String)]) -> Vec<(String, String)> {
    let mut vars: Vec<(String, String)> = (1..=10)
        .map(|i| (format!("callVariable{i}"), String::new()))
        .collect();
    for (name, value) in set {
        match vars.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1.clone_from(value),
            None => vars.push((name.clone(), value.clone())),
        }
    }
    vars
}

/// The actions a participant may request in its state (§6.3).
pub(crate) fn allowed_actions(kind: DialogKind, state: ParticipantState) -> BTreeSet<Action> {
    use Action::*;
    use ParticipantState as P;
    let list: &[Action] = match (kind, state) {
        // The preview participant may only accept, close or reject (G12.5 p.109).
        (DialogKind::Preview { .. }, P::Alerting) => &[Accept, Close, Reject],
        (DialogKind::Preview { .. }, _) => &[],
        // A monitoring supervisor ends the session with DROP (p.99).
        (DialogKind::Monitor { .. }, P::Active) => &[Drop],
        (DialogKind::Monitor { .. }, _) => &[],
        (_, P::Initiated) => &[Drop, UpdateCallData],
        (_, P::Alerting) => &[Answer],
        (_, P::Active) => &[Hold, Drop, UpdateCallData, ConsultCall],
        (_, P::Failed) => &[Drop],
        (_, P::Held) => &[Retrieve, Drop, UpdateCallData],
        (_, P::Dropped | P::Accepted) => &[],
    };
    list.iter().copied().collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dialog {
    pub id: u64,
    pub kind: DialogKind,
    pub from_address: String,
    pub to_address: String,
    pub state: DialogState,
    pub participants: Vec<Participant>,
    /// For a conference created by a barge: the agent in control (p.102).
    pub controller: Option<String>,
    /// `associatedDialogUri`: a barge points at the monitoring dialog (p.101).
    pub associated: Option<u64>,
    /// For a consult call: the call it was made from (CONSULT_CALL, p.95).
    pub consult_of: Option<u64>,
    /// When the dialog was created (the day is CCE's `callKeyPrefix`).
    pub created: SystemTime,
    /// `callVariable1`–`callVariable10` and ECC variables, in display order.
    pub call_variables: Vec<(String, String)>,
    /// `wrapUpReason`, once UPDATE_CALL_DATA set one.
    pub wrap_up_reason: Option<String>,
    /// For a routed (ICD) call: the team whose dialled number it came in on, which the
    /// mock shows as the queue.
    pub queue: Option<String>,
}

impl Dialog {
    pub(crate) fn participant(&self, extension: &str) -> Option<&Participant> {
        self.participants.iter().find(|p| p.extension == extension)
    }

    pub(crate) fn participant_mut(&mut self, extension: &str) -> Option<&mut Participant> {
        self.participants
            .iter_mut()
            .find(|p| p.extension == extension)
    }

    pub(crate) fn live_participants(&self) -> impl Iterator<Item = &Participant> {
        self.participants.iter().filter(|p| {
            !matches!(
                p.state,
                ParticipantState::Dropped | ParticipantState::Accepted
            )
        })
    }

    pub(crate) fn is_conference(&self) -> bool {
        self.controller.is_some()
    }

    /// A routed call: through a dialled number (ICD), or a dialer's outbound call.
    pub(crate) fn is_icd(&self) -> bool {
        matches!(
            self.kind,
            DialogKind::Call { icd: true } | DialogKind::Outbound
        )
    }

    pub(crate) fn is_over(&self) -> bool {
        matches!(
            self.state,
            DialogState::Dropped | DialogState::Failed | DialogState::Accepted
        ) && self.live_participants().next().is_none()
    }

    /// Whether `extension` takes part and has not dropped.
    pub(crate) fn involves(&self, extension: &str) -> bool {
        self.live_participants().any(|p| p.extension == extension)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_follow_the_participant_state_table() {
        let call = DialogKind::Call { icd: false };
        let names = |k, s| {
            allowed_actions(k, s)
                .into_iter()
                .map(Action::as_str)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(call, ParticipantState::Alerting), ["ANSWER"]);
        assert_eq!(
            names(call, ParticipantState::Active),
            ["HOLD", "DROP", "UPDATE_CALL_DATA", "CONSULT_CALL"]
        );
        assert_eq!(
            names(call, ParticipantState::Held),
            ["RETRIEVE", "DROP", "UPDATE_CALL_DATA"]
        );
        assert_eq!(
            names(call, ParticipantState::Initiated),
            ["DROP", "UPDATE_CALL_DATA"]
        );
        assert_eq!(names(call, ParticipantState::Failed), ["DROP"]);
        assert!(names(call, ParticipantState::Dropped).is_empty());
    }

    #[test]
    fn preview_and_monitor_dialogs_have_their_own_actions() {
        let preview = DialogKind::Preview { direct: false };
        let names: Vec<_> = allowed_actions(preview, ParticipantState::Alerting)
            .into_iter()
            .map(Action::as_str)
            .collect();
        assert_eq!(names, ["ACCEPT", "CLOSE", "REJECT"]);
        assert!(!allowed_actions(preview, ParticipantState::Alerting).contains(&Action::Hold));
        let monitor = DialogKind::Monitor { monitored: 1 };
        assert_eq!(
            allowed_actions(monitor, ParticipantState::Active)
                .into_iter()
                .collect::<Vec<_>>(),
            [Action::Drop]
        );
    }

    #[test]
    fn action_names_round_trip() {
        for a in [
            "MAKE_CALL",
            "ANSWER",
            "HOLD",
            "RETRIEVE",
            "DROP",
            "SILENT_MONITOR",
            "BARGE_CALL",
            "ACCEPT",
            "CLOSE",
            "REJECT",
        ] {
            assert_eq!(Action::parse(a).map(Action::as_str), Some(a));
        }
        assert_eq!(Action::parse("TELEPORT"), None);
        assert!(Action::BargeCall.creates_dialog() && !Action::Answer.creates_dialog());
    }
}
