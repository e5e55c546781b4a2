//! The documents the mock writes and the request bodies it reads: the mock's own, nothing
//! shared with the harness's client, so that the two cannot agree by construction (the
//! golden documents from the guide check both sides).
//!
//! One file per document, each with the element order and the empty-versus-absent choices
//! of its guide page, and unit tests against literal XML. The model fills plain structs;
//! these files write them.

mod api_errors;
mod dialog;
mod media;
mod phone_book;
mod queue;
mod reason_code;
mod requests;
mod system_info;
mod team;
mod team_message;
mod update;
mod user;
mod user_auth_mode;
mod workflow;
mod wrap_up_reason;
mod xml;

pub(crate) use api_errors::{ApiError, AsyncApiError};
pub(crate) use dialog::{
    CallKey, CallVariable, Dialog, Dialogs, MediaProperties, Participant, dialogs_notification_xml,
};
pub(crate) use media::{Media, MediaList};
pub(crate) use phone_book::{Contact, PhoneBook, PhoneBooks};
pub(crate) use queue::{Queue, QueueStatistics, Queues};
pub(crate) use reason_code::{ReasonCode, ReasonCodes};
pub(crate) use requests::{
    ClientLogPost, DialogRequest, MediaUpdate, MobileAgentRequest, RequestBody, UserUpdate,
};
#[cfg(test)]
pub(crate) use requests::{
    RequestActionParams, RequestCallVariable, RequestCallVariables, RequestMediaProperties,
};
pub(crate) use system_info::{Since126, SystemInfo};
pub(crate) use team::Team;
pub(crate) use team_message::TeamMessagePost;
#[cfg(test)]
pub(crate) use team_message::TeamMessageTeams;
pub(crate) use update::update_xml;
pub(crate) use user::{TeamRef, User, Users};
pub(crate) use user_auth_mode::UserAuthMode;
pub(crate) use workflow::{Trigger, TriggerSet, Workflow, Workflows};
pub(crate) use wrap_up_reason::{WrapUpReason, WrapUpReasons};

/// A document served over REST.
pub(crate) trait Document {
    fn to_xml(&self) -> String;
}

macro_rules! document {
    ($($t:ty),*) => {$(
        impl Document for $t {
            fn to_xml(&self) -> String {
                <$t>::to_xml(self)
            }
        }
    )*};
}

document!(
    User,
    Users,
    ReasonCode,
    ReasonCodes,
    Media,
    MediaList,
    Dialog,
    Dialogs,
    SystemInfo,
    Team,
    WrapUpReason,
    WrapUpReasons,
    PhoneBooks,
    Workflows,
    UserAuthMode,
    Queue,
    Queues
);
