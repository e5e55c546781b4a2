//! Named deviations: switches that make the mock break one documented rule each, so that
//! the project's own tests can prove that the scenarios about that rule fail.
//! A deviation is consulted inside the model, at the rule, never by rewriting responses.

use std::collections::BTreeSet;
use std::fmt;

/// Declares every deviation once: variant, name, the rule id it breaks, and what goes wrong.
macro_rules! deviations {
    ($($variant:ident => ($name:literal, $rule:literal, $what:literal),)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Deviation {
            $($variant,)*
        }

        impl Deviation {
            pub const ALL: &'static [Deviation] = &[$(Deviation::$variant,)*];

            /// (name, rule id, what the mock then does wrong)
            fn info(self) -> (&'static str, &'static str, &'static str) {
                match self {
                    $(Deviation::$variant => ($name, $rule, $what),)*
                }
            }
        }
    };
}

deviations! {
    StateChangeReturns200 => ("state-change-returns-200", "user.state-change-202", "PUT User answers 200 instead of 202 Accepted (from 12.6, where 200 is allowed, 204)"),
    MissingStateAccepted => ("missing-state-accepted", "user.state-parameter-missing", "PUT User without <state> is accepted instead of 400 Parameter Missing"),
    CceLogoutFromReady => ("cce-logout-from-ready", "user.cce-logout-only-from-not-ready", "on UCCE an agent can sign out straight from READY"),
    SupervisorAnyTeam => ("supervisor-any-team", "user.supervisor-own-team-only", "a supervisor can change the state of users on other teams"),
    SupervisorNotReadyWithoutHardcodedCode => ("supervisor-not-ready-without-hardcoded-code", "user.supervisor-hardcoded-reason", "a supervisor-forced NOT_READY carries no hard-coded reason code"),
    SystemReasonCodeAllowed => ("system-reason-code-allowed", "reasoncode.system-code-not-allowed", "system reason codes are accepted for NOT_READY"),
    OtherTeamReasonCodeAllowed => ("other-team-reason-code-allowed", "reasoncode.other-team-code-not-allowed", "another team's non-global reason code is accepted"),
    UnknownMrdReturns400 => ("unknown-mrd-returns-400", "media.unknown-mrd-404", "an unknown mrdId answers 400 instead of 404"),
    MediaOwnershipNotChecked => ("media-ownership-not-checked", "media.own-objects-only", "a user can change another user's Media"),
    MediaSignInParametersUnchecked => ("media-sign-in-parameters-unchecked", "media.sign-in-parameters", "media sign-in is accepted without maxDialogLimit or interruptAction, or with a limit above 10"),
    BargeWithoutMonitoring => ("barge-without-monitoring", "dialog.barge-needs-monitoring", "a supervisor can barge into a call it is not silently monitoring"),
    BargeAnyTeam => ("barge-any-team", "dialog.barge-own-team-only", "a supervisor can barge into the call of an agent on another team"),
    BargeBridgeUnlimited => ("barge-bridge-unlimited", "dialog.barge-bridge-full-20700", "a barge succeeds although no conference bridge is free"),
    BargeViaNonController => ("barge-via-non-controller", "dialog.barge-controller-only-20999", "a barge through an agent who does not control the conference succeeds"),
    BargeOnHold => ("barge-on-hold", "dialog.barge-agent-held-invalid-destination", "a barge succeeds while the agent holds the call"),
    BargeWithOutstandingConsult => ("barge-with-outstanding-consult", "dialog.barge-outstanding-consult-20999", "a barge succeeds while the agent has a consult call out"),
    PartialServiceIgnored => ("partial-service-ignored", "system.partial-service-503", "APIs answer normally while Finesse is in PARTIAL_SERVICE"),
    DbRuntimeExceptionHidden => ("db-runtime-exception-hidden", "system.db-runtime-exception-500", "APIs answer normally while the database fails"),
    RuntimeExceptionHidden => ("runtime-exception-hidden", "system.runtime-exception-500", "APIs answer normally while the server meets a runtime exception"),
    AwsUnavailableHidden => ("aws-unavailable-hidden", "system.aws-unavailable-500", "APIs answer normally while the AWS services are unavailable"),
    SystemInfoHeartbeatStatusUnknown => ("system-info-heartbeat-status-unknown", "system.info-fields", "SystemInfo's lastCTIHeartbeatStatus is \"unknown\" instead of success or failure"),
    SystemInfoLacks126Fields => ("system-info-lacks-12.6-fields", "system.info-12.6-fields", "from 12.6, SystemInfo still has only the 12.5 fields (no maintenance mode, node ports or CTI servers)"),
    OutOfServiceIgnored => ("out-of-service-ignored", "system.out-of-service-503", "APIs answer normally while Finesse is out of service"),
    UnknownCredentialsAccepted => ("unknown-credentials-accepted", "user.bad-credentials-401", "credentials of a user name Finesse does not know are accepted (as the administrator)"),
    LoginNameLookupMissing => ("login-name-lookup-missing", "user.get-by-login-name", "GET /User/{loginName} answers 404 on UCCE: only user ids are looked up"),
    ClientLogRefused => ("client-log-refused", "clientlog.post", "a valid ClientLog is refused as 400 Operation Failure"),
    ClientLogWithoutDataAccepted => ("client-log-without-data-accepted", "clientlog.parameter-missing", "a ClientLog without logData is accepted"),
    ClientLogSizeUnchecked => ("client-log-size-unchecked", "clientlog.size-limit", "a ClientLog of more than 1,048,576 characters is accepted"),
    ClientLogOtherMethodsAccepted => ("client-log-other-methods-accepted", "clientlog.post-only", "GET and PUT on ClientLog are accepted instead of 405"),
    TeamRosterStatesStale => ("team-roster-states-stale", "team.get", "GET /Team shows every member as LOGOUT whatever its state"),
    UnknownTeamReturns400 => ("unknown-team-returns-400", "team.unknown-404", "GET /Team of an unknown team answers 400 Invalid Input instead of 404"),
    TeamMessageCreate202 => ("team-message-create-202", "teammessage.create", "POST /TeamMessage answers 202 instead of the documented 200"),
    TeamMessageAgentMayCreate => ("team-message-agent-may-create", "teammessage.create-supervisor-only", "an agent may create a team message (instead of 401 Authorization Failure)"),
    UserQueuesWithoutStatistics => ("user-queues-without-statistics", "queue.user-queues-list", "GET /User/{id}/Queues lists each queue without its statistics"),
    QueueGetWrongUri => ("queue-get-wrong-uri", "queue.get", "GET /Queue/{id} answers a Queue whose uri names another id"),
    QueueStatisticsStale => ("queue-statistics-stale", "queue.statistics-follow-states", "a queue's agent counts stay 0 whatever its agents' states"),
    UnassignedQueueCounted => ("unassigned-queue-counted", "queue.unassigned-minus-1", "a queue assigned to no user shows counts (0) instead of -1"),
    UnknownQueueReturns400 => ("unknown-queue-returns-400", "queue.unknown-404", "GET /Queue of an unknown id answers 400 Invalid Input instead of 404"),
    UserQueuesUnknownUserEmpty => ("user-queues-unknown-user-empty", "queue.user-queues-unknown-user-404", "GET /User/{id}/Queues of an unknown user answers 200 with no queue instead of 404 User Not Found"),
    TeamPhoneBooksTeamFirst => ("team-phone-books-team-first", "teamresource.phonebooks-get", "TeamResource PhoneBooks lists the team's phone books before the global ones"),
    TeamPhoneBooksIgnoreRange => ("team-phone-books-ignore-range", "teamresource.phonebooks-range", "TeamResource PhoneBooks returns every contact whatever the Range asks for"),
    TeamPhoneBooksRangeUnchecked => ("team-phone-books-range-unchecked", "teamresource.phonebooks-range-416", "a Range beyond 6000 objects is served (cut to 6000) instead of 416"),
    TeamPhoneBooksRangeReleaseSwapped => ("team-phone-books-range-release-swapped", "teamresource.phonebooks-without-range", "a request without Range gets the other release's answer: served before 12.6(2), refused from it"),
    TeamPhoneBooksOpenToAll => ("team-phone-books-open-to-all", "teamresource.phonebooks-members-only", "a user of another team may read a team's phone books"),
    TeamResourceUnknownTeamEmpty => ("team-resource-unknown-team-empty", "teamresource.unknown-team-404", "TeamResource of an unknown team answers 200 with an empty list instead of 404"),
    UserWorkflowsWithoutTriggerSet => ("user-workflows-without-trigger-set", "user.workflows-list", "GET /User/{id}/Workflows lists each workflow without its TriggerSet"),
    OtherUsersWorkflowsReadable => ("other-users-workflows-readable", "user.workflows-own-only", "an agent can read another user's workflows"),
    UserListEmpty => ("user-list-empty", "user.list", "GET /Users answers an empty list"),
    UserListOpen => ("user-list-open", "user.list-admin-only", "an agent may read GET /Users"),
    UserAuthModeReportsOtherMode => ("user-auth-mode-reports-other-mode", "sso.user-auth-mode", "GET /UserAuthMode reports SSO on a NON_SSO Finesse and NON_SSO on an SSO one"),
    SsoTestRejectsGoodToken => ("sso-test-rejects-good-token", "sso.test-api", "GET /desktop/sso/test fails (ssotest=false, AUTH_ERROR) for a token the mock issued"),
    SsoTestPassesBadToken => ("sso-test-passes-bad-token", "sso.test-api-failure", "GET /desktop/sso/test passes (ssotest=true) for a token the mock never issued"),
    FetchOmitsRefreshToken => ("fetch-omits-refresh-token", "sso.fetch-token", "GET /desktop/sso/token?return_refresh_token=true answers no refresh_token"),
    TokenRefreshRefused => ("token-refresh-refused", "sso.refresh-token", "POST /desktop/sso/token refuses a good access and refresh token pair with 401"),
    UserAuthModeNeedsCredentials => ("user-auth-mode-needs-credentials", "sso.user-auth-mode-anonymous", "GET /UserAuthMode without credentials answers 401 Authorization Failure"),
    InvalidStateValueAccepted => ("invalid-state-value-accepted", "user.invalid-state-value", "an agent's request for a state the API cannot set is accepted and ignored"),
    LogoutTwiceAccepted => ("logout-twice-accepted", "user.logout-twice-invalid-state", "LOGOUT while already signed out is accepted"),
    MalformedUserBodyAccepted => ("malformed-user-body-accepted", "user.malformed-body-400", "a User body that is not well-formed XML is accepted and ignored"),
    NotReadyFromLogoutAllowed => ("not-ready-from-logout-allowed", "user.not-ready-needs-sign-in", "a signed-out agent can go NOT_READY without signing in"),
    ReadyFromLogoutAllowed => ("ready-from-logout-allowed", "user.ready-needs-sign-in", "a signed-out agent can go READY without signing in"),
    LogoutWithoutReasonIgnored => ("logout-without-reason-ignored", "user.not-ready-to-logout", "an agent's sign-out without a reason code changes nothing"),
    ReadyFromNotReadyIgnored => ("ready-from-not-ready-ignored", "user.not-ready-to-ready", "an agent's READY from NOT_READY changes nothing"),
    NotReadyWithoutReasonIgnored => ("not-ready-without-reason-ignored", "user.ready-to-not-ready", "an agent's NOT_READY without a reason code from READY changes nothing"),
    AgentActsOnOthers => ("agent-acts-on-others", "user.own-object-only", "an agent can read and change another agent's User"),
    SignInLandsInReady => ("sign-in-lands-in-ready", "user.sign-in", "sign-in lands the agent in READY instead of NOT_READY"),
    SignInWithoutExtensionAccepted => ("sign-in-without-extension-accepted", "user.sign-in-needs-extension", "sign-in without an extension is accepted"),
    UnknownExtensionSignsIn => ("unknown-extension-signs-in", "user.sign-in-unknown-device", "a sign-in with an extension no phone has signs the agent in instead of failing as Invalid Device"),
    SupervisorLogoutFromAnyState => ("supervisor-logout-from-any-state", "user.supervisor-logout-from", "a supervisor's LOGOUT of a signed-out user is accepted"),
    SupervisorNotReadyReasonAllowed => ("supervisor-not-ready-reason-allowed", "user.supervisor-no-reason-code", "a supervisor may attach a reason code when forcing NOT_READY"),
    SupervisorNotReadyFromAnyState => ("supervisor-not-ready-from-any-state", "user.supervisor-not-ready-from", "a supervisor may force NOT_READY on a user who is NOT_READY or signed out"),
    SupervisorReadyIgnored => ("supervisor-ready-ignored", "user.supervisor-sets-ready", "a supervisor's READY for a team member changes nothing"),
    SupervisorAnyStateAccepted => ("supervisor-any-state-accepted", "user.supervisor-settable-states", "a supervisor's request for a state other than NOT_READY, READY or LOGOUT is accepted and ignored"),
    UccxLogoutFromReadyRefused => ("uccx-logout-from-ready-refused", "user.uccx-logout-from-ready", "on UCCX an agent cannot sign out from READY"),
    UnknownUserReturns401 => ("unknown-user-returns-401", "user.unknown-user-404", "the User API answers 401 instead of 404 for an unknown user"),
    SupervisorLogoutReasonAllowed => ("supervisor-logout-reason-allowed", "reasoncode.own-object-only", "a supervisor may attach a reason code to another user's sign-out"),
    ReasonCodeByCodeValue => ("reason-code-by-code-value", "reasoncode.database-id", "a reasonCodeId that is no database id is taken as a code value"),
    ReasonCodeGetMislabelled => ("reason-code-get-mislabelled", "reasoncode.get-by-id", "GET ReasonCode/{id} answers with the wrong category"),
    ReasonCodeGetUnknownReturns200 => ("reason-code-get-unknown-returns-200", "reasoncode.get-unknown-404", "GET ReasonCode/{id} of an unknown id answers 200 with an empty code"),
    GlobalReasonCodeNotRecorded => ("global-reason-code-not-recorded", "reasoncode.global-code-accepted", "a global NOT_READY reason code is accepted but does not show on the User"),
    TeamReasonCodeRefused => ("team-reason-code-refused", "reasoncode.team-code-accepted", "a reason code of the user's own team is refused on the User API"),
    LogoutReasonCodeRefused => ("logout-reason-code-refused", "reasoncode.logout-code-accepted", "a LOGOUT reason code is refused on the User API"),
    ReasonCodesWithoutCategoryAllowed => ("reason-codes-without-category-allowed", "reasoncode.list-needs-category", "the reason-code list answers without a category"),
    ReasonCodeListIgnoresTeam => ("reason-code-list-ignores-team", "reasoncode.list-per-user", "a user's reason-code list holds every team's codes"),
    ReasonCodeWithReadyAccepted => ("reason-code-with-ready-accepted", "reasoncode.only-not-ready-or-logout", "a reason code sent with READY is accepted and ignored"),
    NotReadyRequiresReasonCode => ("not-ready-requires-reason-code", "reasoncode.optional-for-api", "NOT_READY without a reason code is refused while codes are configured"),
    UnknownReasonCodeAccepted => ("unknown-reason-code-accepted", "reasoncode.unknown-does-not-exist", "an unknown reasonCodeId is accepted and ignored"),
    ReasonCodeCategoryUnchecked => ("reason-code-category-unchecked", "reasoncode.category-must-match", "a reason code of the other category is accepted"),
    WrapUpListOmitsGlobal => ("wrap-up-list-omits-global", "wrapup.list-per-user", "a user's wrap-up reason list leaves out the global reasons"),
    WrapUpReasonWithoutLabel => ("wrap-up-reason-without-label", "wrapup.object-fields", "a wrap-up reason is served without its label"),
    OtherUsersWrapUpReasonsReadable => ("other-users-wrap-up-reasons-readable", "wrapup.read-other-user-401", "an agent can read another user's wrap-up reasons"),
    WrapUpReasonGetUnknownReturns200 => ("wrap-up-reason-get-unknown-returns-200", "wrapup.get-unknown-not-found", "GET WrapUpReason/{id} of an unknown id answers 200 with an empty reason"),
    MobileAgentNotShown => ("mobile-agent-not-shown", "user.mobile-sign-in", "after a mobile-agent sign-in the User shows no mobileAgent"),
    MobileAgentParameterMissingAccepted => ("mobile-agent-parameter-missing-accepted", "user.mobile-sign-in-parameter-missing", "a mobile-agent sign-in without a mode or a dialNumber is accepted"),
    MobileAgentInvalidModeAccepted => ("mobile-agent-invalid-mode-accepted", "user.mobile-sign-in-invalid-mode", "a mobile-agent sign-in with a mode that does not exist is accepted"),
    UnconfiguredMobileAgentSignsIn => ("unconfigured-mobile-agent-signs-in", "user.mobile-sign-in-not-configured", "an agent not configured as a mobile agent signs in as one instead of failing as Mode Not Allowed"),
    SignInReasonNotMinusOne => ("sign-in-reason-not-minus-one", "reasoncode.none-is-minus-one", "after sign-in the User shows no reasonCodeId instead of -1"),
    ReasonCodeWithoutLabel => ("reason-code-without-label", "reasoncode.object-fields", "a ReasonCode is rendered without its label"),
    OtherUsersReasonCodesReadable => ("other-users-reason-codes-readable", "reasoncode.read-other-user-401", "an agent can read another user's reason codes"),
    No50006FromReady => ("no-50006-from-ready", "reasoncode.make-call-from-ready-50006", "on UCCE an agent calling out from READY goes TALKING with no 50006"),
    SystemLogoutCodeRefused => ("system-logout-code-refused", "reasoncode.system-code-logout-uccx", "a system LOGOUT reason code is refused"),
    MediaReadyIgnored => ("media-ready-ignored", "media.change-state", "READY in a media routing domain changes nothing"),
    MediaListEmpty => ("media-list-empty", "media.list", "the media list is empty"),
    MediaIgnoresNotificationService => ("media-ignores-notification-service", "media.notification-service-503", "the Media API answers normally while the Notification Service is down"),
    MediaRequestIdNotEchoed => ("media-request-id-not-echoed", "media.request-id-echoed", "a Media 202 does not echo the requestId header"),
    MediaSignInLandsInReady => ("media-sign-in-lands-in-ready", "media.sign-in", "media sign-in lands in READY instead of NOT_READY"),
    MediaSecondSignInResets => ("media-second-sign-in-resets", "media.sign-in-twice", "a second media sign-in signs the user in again (NOT_READY)"),
    MediaStateChangeReturns200 => ("media-state-change-returns-200", "media.state-change-202", "a Media write answers 200 instead of 202 Accepted"),
    MediaMissingStateAccepted => ("media-missing-state-accepted", "media.state-parameter-missing", "a Media update without a state is accepted and ignored"),
    MediaUnknownUserReturns401 => ("media-unknown-user-returns-401", "media.unknown-user-404", "the Media API answers 401 instead of 404 for an unknown user"),
    MediaUnknownCredentialsAccepted => ("media-unknown-credentials-accepted", "media.bad-credentials-401", "the Media API accepts credentials of a user name it does not know"),
    MalformedMediaBodyAccepted => ("malformed-media-body-accepted", "media.malformed-body-400", "a Media body that is not well-formed XML is accepted and ignored"),
    MediaChangeBeforeSignInAllowed => ("media-change-before-sign-in-allowed", "media.not-signed-in-refused", "a user who is not signed in to an MRD can set READY there"),
    MediaReasonWithReadyAccepted => ("media-reason-with-ready-accepted", "media.reason-code-only-not-ready-or-logout", "a Media READY with a reason code is accepted"),
    MediaReasonCodeOptional => ("media-reason-code-optional", "media.reason-code-required-if-configured", "a Media NOT_READY or LOGOUT without a reason code is accepted while codes are configured"),
    VoiceLogoutKeepsMrds => ("voice-logout-keeps-mrds", "media.voice-logout-signs-out-mrds", "a voice sign-out leaves the user signed in to its MRDs"),
    MediaReadyTwiceRestamps => ("media-ready-twice-restamps", "media.ready-to-ready-ignored", "READY while already READY in a media routing domain is applied again (a new stateChangeTime)"),
    MediaRoutableIgnored => ("media-routable-ignored", "media.routable-set", "a routable change is accepted but the agent's routable mode stays"),
    MediaRoutableValueUnchecked => ("media-routable-value-unchecked", "media.routable-invalid-value-400", "a routable value other than true or false is accepted (as true)"),
    MediaReadyKeepsNotRoutable => ("media-ready-keeps-not-routable", "media.ready-makes-routable", "going READY in an MRD leaves a not-routable agent not routable"),
    MediaInvalidStateAccepted => ("media-invalid-state-accepted", "media.invalid-state-invalid-input", "a Media update with an unknown state value is accepted and ignored"),
    MediaOtherUserAuthorizationFailure => ("media-other-user-authorization-failure", "media.other-user-invalid-authorization", "a change to another user's Media answers 401 Authorization Failure instead of Invalid Authorization User Specified"),
    DialogGetNotFound => ("dialog-get-not-found", "dialog.get", "GET /Dialog/{id} of a live call answers 404"),
    CallNeverRings => ("call-never-rings", "dialog.make-call", "MAKE_CALL is accepted but no call is placed"),
    CallToSelfAllowed => ("call-to-self-allowed", "dialog.make-call-invalid-destination", "a call to the caller's own extension is accepted"),
    MalformedDialogBodyAccepted => ("malformed-dialog-body-accepted", "dialog.malformed-body-400", "a new-dialog body that is not well-formed XML is accepted and ignored"),
    CallWithoutDestinationAccepted => ("call-without-destination-accepted", "dialog.make-call-parameter-missing", "MAKE_CALL without toAddress is accepted (and then fails)"),
    AnswerIgnored => ("answer-ignored", "dialog.answer", "ANSWER is accepted but the call keeps ringing"),
    HoldIgnored => ("hold-ignored", "dialog.hold-retrieve", "HOLD is accepted but the participant stays ACTIVE"),
    DropLeavesOtherParty => ("drop-leaves-other-party", "dialog.drop", "dropping an answered two-party call leaves the other agent on it"),
    UnknownDialogReturns400 => ("unknown-dialog-returns-400", "dialog.unknown-dialog-404", "reading an unknown dialog answers 400 instead of 404"),
    ActionNotInListApplied => ("action-not-in-list-applied", "dialog.action-not-in-list", "an action the participant's list does not offer is carried out"),
    NonIcdCallStatesSwapped => ("non-icd-call-states-swapped", "dialog.user-states-non-icd", "the agent answering a non-ICD call takes the other platform's state (UCCE NOT_READY, UCCX TALKING)"),
    IcdCallSkipsReserved => ("icd-call-skips-reserved", "dialog.icd-call-states", "an ICD call rings a READY agent without making it RESERVED"),
    IcdHoldStatesSwapped => ("icd-hold-states-swapped", "dialog.icd-hold-states", "an agent holding an ICD call takes the other platform's state (UCCE TALKING, UCCX HOLD)"),
    PendingStatesSwapped => ("pending-states-swapped", "dialog.pending-state", "READY asked for during a non-ICD call follows the other platform (UCCE refuses it, UCCX applies it after the call)"),
    SilentMonitorNotStarted => ("silent-monitor-not-started", "dialog.silent-monitor", "SILENT_MONITOR is accepted but no session starts"),
    MonitoringStatesSwapped => ("monitoring-states-swapped", "dialog.silent-monitor-states", "a monitoring supervisor takes the other platform's state (UCCE NOT_READY, UCCX TALKING)"),
    MonitorAnyTeam => ("monitor-any-team", "dialog.silent-monitor-own-team-only", "a supervisor can monitor an agent on another team"),
    MonitorWhileTalkingAllowed => ("monitor-while-talking-allowed", "dialog.silent-monitor-supervisor-busy", "a supervisor already TALKING can start another silent monitor"),
    MonitorFromReadyAllowed => ("monitor-from-ready-allowed", "dialog.silent-monitor-supervisor-not-ready", "a READY supervisor can start silent monitoring"),
    MonitorWithoutAgentAccepted => ("monitor-without-agent-accepted", "dialog.silent-monitor-parameter-missing", "a SILENT_MONITOR without toAddress is accepted and starts nothing"),
    MonitorFromAnyExtension => ("monitor-from-any-extension", "dialog.silent-monitor-from-own-extension", "a silent monitor from an extension that is not the supervisor's is accepted"),
    MonitorWithoutCall => ("monitor-without-call", "dialog.silent-monitor-agent-on-call", "a silent monitor of an agent who is not on a call starts a session"),
    MonitorCallMonitorable => ("monitor-call-monitorable", "dialog.silent-monitor-not-a-monitor-call", "a supervisor can silently monitor another supervisor's monitoring call"),
    MonitorDropIgnored => ("monitor-drop-ignored", "dialog.silent-monitor-end", "DROP on a monitoring session is accepted but the session goes on"),
    MonitorOutlivesCall => ("monitor-outlives-call", "dialog.silent-monitor-ends-with-call", "a monitoring session goes on after the monitored call ends"),
    BargeNotJoined => ("barge-not-joined", "dialog.barge", "BARGE_CALL is accepted but the supervisor never joins the call"),
    BargedSupervisorNotReady => ("barged-supervisor-not-ready", "dialog.barge-states", "a supervisor who barges in is NOT_READY on the call instead of the platform's state"),
    BargeDropEndsCall => ("barge-drop-ends-call", "dialog.barge-end", "a barged-in supervisor leaving ends the call for everyone"),
    BargeWithoutAssociatedDialogAccepted => ("barge-without-associated-dialog-accepted", "dialog.barge-parameter-missing", "a barge without associatedDialogUri is not a missing parameter (it fails later as Invalid State)"),
    BargeMalformedUriAccepted => ("barge-malformed-uri-accepted", "dialog.barge-invalid-input", "a malformed associatedDialogUri is not invalid input (it fails later as Invalid State)"),
    AdminMayBarge => ("admin-may-barge", "dialog.admin-cannot-barge", "an administrator's barge is not refused as unauthorized (it fails later as invalid input)"),
    ParticipantDropIgnored => ("participant-drop-ignored", "dialog.participant-drop", "PARTICIPANT_DROP is accepted but the participant stays on the call"),
    ConsultLeavesCallActive => ("consult-leaves-call-active", "dialog.consult", "CONSULT_CALL rings the consulted party but leaves the original call active instead of holding it"),
    ConsultWithoutDestinationAccepted => ("consult-without-destination-accepted", "dialog.consult-parameter-missing", "CONSULT_CALL without a toAddress is accepted (and only holds the call)"),
    ConsultForOtherParticipantAllowed => ("consult-for-other-participant-allowed", "dialog.consult-other-participant-401", "an agent's CONSULT_CALL naming another participant's extension is carried out for that participant"),
    ConsultByNonParticipantAccepted => ("consult-by-non-participant-accepted", "dialog.consult-non-participant", "CONSULT_CALL from a user who is not on the call is accepted (and changes nothing)"),
    ConsultFromHeldOrRingingApplied => ("consult-from-held-or-ringing-applied", "dialog.consult-from-held-or-ringing", "CONSULT_CALL from a held or ringing participant is carried out instead of failing as Generic Error"),
    ConferenceByNonControllerAllowed => ("conference-by-non-controller-allowed", "dialog.conference-controller-only", "a party who does not control a conference can conference a consulted party into it"),
    CompletionAfterRetrieveAllowed => ("completion-after-retrieve-allowed", "dialog.completion-after-retrieve", "TRANSFER or CONFERENCE on the original call after the agent retrieved it completes the consult instead of failing as Generic Error"),
    TransferNotCompleted => ("transfer-not-completed", "dialog.transfer", "TRANSFER after an answered consult is accepted but both calls stay as they were"),
    TransferWithoutConsultIgnored => ("transfer-without-consult-ignored", "dialog.transfer-without-consult", "TRANSFER with no consult call is accepted and ignored, without the asynchronous Generic Error"),
    ConferenceNotJoined => ("conference-not-joined", "dialog.conference", "CONFERENCE after an answered consult ends the consult call without joining the consulted party to the original call"),
    ParticipantDropUnknownTargetAccepted => ("participant-drop-unknown-target-accepted", "dialog.participant-drop-invalid-destination", "PARTICIPANT_DROP naming an extension not on the call is accepted"),
    StartRecordingRefused => ("start-recording-refused", "dialog.start-recording", "on UCCX a participant's START_RECORDING is refused as Invalid State"),
    StartRecordingWhileHeldAllowed => ("start-recording-while-held-allowed", "dialog.start-recording-held", "START_RECORDING on a HELD participant is accepted"),
    StartRecordingOnCce => ("start-recording-on-cce", "dialog.start-recording-cce-501", "START_RECORDING is accepted on UCCE instead of 501"),
    PreviewReservationPlainReserved => ("preview-reservation-plain-reserved", "dialog.preview-reservation", "a preview reservation makes the agent RESERVED instead of RESERVED_OUTBOUND_PREVIEW"),
    PreviewAcceptNoCustomer => ("preview-accept-no-customer", "dialog.preview-accept", "accepting a reservation ends it without connecting the customer"),
    RejectKeepsReservation => ("reject-keeps-reservation", "dialog.preview-close-reject", "REJECT is accepted but the reservation stays"),
    PreviewTargetOptional => ("preview-target-optional", "dialog.preview-parameter-missing", "a reservation action without targetMediaAddress is accepted for the caller's extension"),
    UnknownDialogActionIgnored => ("unknown-dialog-action-ignored", "dialog.preview-invalid-input", "an unknown requestedAction on a dialog is accepted and ignored"),
    ActionTargetOptional => ("action-target-optional", "dialog.action-target-missing", "a DROP or START_RECORDING without targetMediaAddress is accepted for the caller's extension"),
    UnknownDialogPutReturns400 => ("unknown-dialog-put-returns-400", "dialog.action-unknown-dialog-404", "an action on an unknown dialog answers 400 instead of 404"),
    DirectPreviewOnCce => ("direct-preview-on-cce", "dialog.direct-preview-cce-501", "Direct Preview actions are accepted on UCCE instead of 501"),
    DialogUnknownCredentialsAccepted => ("dialog-unknown-credentials-accepted", "dialog.bad-credentials-401", "the Dialog API accepts credentials of a user name it does not know"),
    DialogForOtherUserAllowed => ("dialog-for-other-user-allowed", "dialog.act-for-other-user-401", "a user can make dialog requests on another user's URI or for another user's extension"),
    WrapUpTimerEndsInReady => ("wrap-up-timer-ends-in-ready", "user.wrap-up-work", "when the wrap-up timer of WORK runs out the agent goes READY instead of NOT_READY"),
    WrapUpReadyStatesSwapped => ("wrap-up-ready-states-swapped", "user.wrap-up-work-ready", "an agent heading for READY wraps up the other platform's way (UCCE WORK, UCCX WORK_READY)"),
    ReservedOutboundCodeOptional => ("reserved-outbound-code-optional", "reasoncode.reserved-outbound-needs-code", "on UCCE an agent leaves RESERVED_OUTBOUND for NOT_READY without a reason code while codes are configured"),
    SignInIgnoresNotificationService => ("sign-in-ignores-notification-service", "system.notification-service-503", "signing in works while the Notification Service is down"),
    MediaDialogLogoutActionDefaultTransfer => ("media-dialog-logout-action-default-transfer", "media.dialog-logout-action-default", "a media sign-in without dialogLogoutAction defaults to TRANSFER"),
    NoUserNotification => ("no-user-notification", "notify.user", "a user's changes are not published on its User node (Team nodes and asynchronous errors still are)"),
    NoDialogNotification => ("no-dialog-notification", "notify.dialog", "dialogs added, changed or removed are not published on the Dialogs nodes (CTI error notifications still are)"),
    NoMediaNotification => ("no-media-notification", "notify.media", "Media state changes are not published on the Media nodes (media errors still are)"),
    NotificationWithoutRequestId => ("notification-without-request-id", "notify.request-id", "every published item has an empty requestId, also those a request caused"),
    AsyncErrorNotPublished => ("async-error-not-published", "notify.async-error", "asynchronous failures are recorded but never published"),
    NoAutoSubscription => ("no-auto-subscription", "notify.auto-subscribed", "nothing is delivered on a user's own User, Dialogs and Media nodes or on SystemInfo unless it subscribed explicitly"),
    NoTeamNotification => ("no-team-notification", "notify.team-explicit-subscription", "nothing is published on the Team/{id}/Users nodes, even to a subscribed supervisor"),
    NoSystemInfoNotification => ("no-system-info-notification", "notify.system-info", "a SystemInfo status change is not published"),
    LogoutToNotReadyWrongCode => ("logout-to-not-ready-wrong-code", "notify.logout-to-not-ready-error", "NOT_READY asked for while signed out fails with the other platform's CTI code (UCCE 1010, UCCX 257)"),
    PendingReadyWrongCode => ("pending-ready-wrong-code", "notify.pending-ready-during-call-error", "on UCCX a READY asked for during an ICD call is refused with 33 CF_RESOURCE_BUSY, during a non-ICD call with 265 CF_INVALID_AGENT_WORKMODE"),
    PendingReasonChangePlatformsSwapped => ("pending-reason-change-platforms-swapped", "notify.pending-reason-change-error", "a second NOT_READY during an ICD call follows the other platform (UCCE refuses it with 265, UCCX takes the new reason)"),
    DialogErrorOnUserNode => ("dialog-error-on-user-node", "notify.dialog-cti-error", "a dialog's CTI error is published on the user's User node instead of its Dialogs node"),
    MediaErrorWithoutMrd => ("media-error-without-mrd", "notify.media-error-names-mrd", "asynchronous media errors leave errorMedia out"),
    // Issue 15, call operations: DTMF, call data, single-step transfer, CTI errors.
    SendDtmfFails => ("send-dtmf-fails", "dialog.send-dtmf", "an accepted SEND_DTMF for an ACTIVE participant then fails asynchronously as Generic Error"),
    DtmfWithoutStringAccepted => ("dtmf-without-string-accepted", "dialog.send-dtmf-parameter-missing", "SEND_DTMF without a dtmfString action parameter is accepted"),
    DtmfWhileHeldAllowed => ("dtmf-while-held-allowed", "dialog.send-dtmf-held", "SEND_DTMF for a HELD participant is accepted"),
    CallDataNotStored => ("call-data-not-stored", "dialog.update-call-data", "UPDATE_CALL_DATA is accepted but changes no call variable or wrap-up reason"),
    CallDataNamesUnchecked => ("call-data-names-unchecked", "dialog.update-call-data-invalid-names", "UPDATE_CALL_DATA accepts unknown and repeated call variable names"),
    OutboundVariablesWritable => ("outbound-variables-writable", "dialog.update-call-data-outbound-variables", "UPDATE_CALL_DATA may set the Outbound Option BA* variables"),
    MakeCallVariablesIgnored => ("make-call-variables-ignored", "dialog.make-call-variables", "on UCCE the call variables MAKE_CALL passes are not set on the new dialog"),
    SstKeepsTransferor => ("sst-keeps-transferor", "dialog.transfer-sst", "after TRANSFER_SST the transferring agent stays on the call"),
    SstWithoutDestinationAccepted => ("sst-without-destination-accepted", "dialog.transfer-sst-parameter-missing", "TRANSFER_SST without a toAddress is accepted"),
    SstToSelfAccepted => ("sst-to-self-accepted", "dialog.transfer-sst-invalid-destination", "TRANSFER_SST to the transferring agent's own extension is accepted"),
    CtiErrorAsGenericError => ("cti-error-as-generic-error", "notify.dialog-cti-error-call-operation-failure", "a call operation CTI refuses fails as a Generic Error without the CTI code and constant"),
    MakeCallVariablesOnUccx => ("make-call-variables-on-uccx", "dialog.make-call-variables-uccx-400", "on UCCX MAKE_CALL with call variables is accepted instead of 400 Invalid Input"),
}

impl Deviation {
    pub fn name(self) -> &'static str {
        self.info().0
    }

    /// The rule id (`@rule:` tag) that this deviation breaks.
    pub fn rule(self) -> &'static str {
        self.info().1
    }

    pub(crate) fn description(self) -> &'static str {
        self.info().2
    }

    pub(crate) fn from_name(name: &str) -> Option<Deviation> {
        Deviation::ALL.iter().copied().find(|d| d.name() == name)
    }
}

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The deviations switched on in one mock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deviations(BTreeSet<Deviation>);

impl Deviations {
    pub(crate) fn on(&self, d: Deviation) -> bool {
        self.0.contains(&d)
    }

    pub(crate) fn set(&mut self, d: Deviation, enabled: bool) {
        if enabled {
            self.0.insert(d);
        } else {
            self.0.remove(&d);
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = Deviation> + '_ {
        self.0.iter().copied()
    }
}

impl FromIterator<Deviation> for Deviations {
    fn from_iter<T: IntoIterator<Item = Deviation>>(iter: T) -> Self {
        Deviations(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_rules_are_unique_and_round_trip() {
        let mut names = BTreeSet::new();
        for &d in Deviation::ALL {
            assert!(names.insert(d.name()), "duplicate name {}", d.name());
            assert_eq!(Deviation::from_name(d.name()), Some(d));
            assert!(d.rule().contains('.'), "rule id {}", d.rule());
        }
        assert_eq!(Deviation::from_name("no-such-deviation"), None);
    }

    #[test]
    fn a_set_switches_deviations_on_and_off() {
        let mut set = Deviations::default();
        assert!(!set.on(Deviation::UnknownMrdReturns400));
        set.set(Deviation::UnknownMrdReturns400, true);
        assert!(set.on(Deviation::UnknownMrdReturns400));
        set.set(Deviation::UnknownMrdReturns400, false);
        assert!(!set.on(Deviation::UnknownMrdReturns400));
    }
}
