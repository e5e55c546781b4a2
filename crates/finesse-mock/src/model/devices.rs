//! The phones the simulated Unified CM knows, and how a sign-in with an extension that none of
//! them has fails.
//!
//! G12.5 p29–30 (DEV/user—sign-in-to-finesse): the sign-in is accepted, and signing in with a
//! device that does not exist fails afterwards, as an asynchronous error of type Invalid Device
//! in the format of the Dialog CTI error notification, on every deployment. The CTI code and
//! constant are not on that page; the mock takes them from a real capture of this error
//! (reference §3.2, PKG `XMPP/error-invalid-line.xml`): 260 CF_INVALID_LOGON_DEVICE_SPECIFIED
//! with the peripheral fields of the CCE peripheral gateway. What a UCCX Finesse sends is not
//! documented; the mock sends the same code without peripheral fields (README, mock fidelity).
//!
//! Not modelled: Device Busy (a device already in use), offline devices, multiline devices.
//! Any known extension may be used by any user, so fixtures and tests can share one.

use std::collections::BTreeSet;

use super::directory::UserDef;
use super::errors::{CtiError, Peripheral};
use finesse_protocol::Deployment;

/// The extensions a sign-in may name: every fixture user's, and the fixture's `devices`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Devices(BTreeSet<String>);

impl Devices {
    pub(crate) fn new<'a>(
        users: &'a [UserDef],
        extra: impl IntoIterator<Item = &'a String>,
    ) -> Devices {
        Devices(
            users
                .iter()
                .filter_map(|u| u.extension.as_deref())
                .chain(extra.into_iter().map(String::as_str))
                .map(|e| e.trim().to_string())
                .filter(|e| !e.is_empty())
                .collect(),
        )
    }

    /// Whether a phone with `extension` exists (surrounding blanks ignored, as the model
    /// trims the extension it accepts).
    pub(crate) fn knows(&self, extension: &str) -> bool {
        self.0.contains(extension.trim())
    }
}

/// A sign-in refused because its device does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DeviceRefusal {
    pub cti: CtiError,
    pub peripheral: Option<Peripheral>,
}

/// The CTI failure of a sign-in with an unknown device (the real capture's code and constant).
pub(crate) const CF_INVALID_LOGON_DEVICE_SPECIFIED: CtiError =
    CtiError::new("Invalid Device", "260", "CF_INVALID_LOGON_DEVICE_SPECIFIED");

/// The CCE peripheral gateway's reason, as in the capture (code and constant); the text is
/// the mock's own wording.
pub(crate) const NO_DEVICE_TARGET: Peripheral = Peripheral {
    code: "10125",
    msg: "PERERR_TELDRIVE_NODEVICETARGETFORNETTARGETID",
    text: "No device target was found for the network target ID of this extension.",
};

/// How `deployment` refuses a sign-in whose device does not exist.
pub(crate) fn invalid_device(deployment: Deployment) -> DeviceRefusal {
    DeviceRefusal {
        cti: CF_INVALID_LOGON_DEVICE_SPECIFIED,
        // Peripheral errors come from the CCE peripheral gateway; UCCX has none (mock's choice).
        peripheral: (deployment == Deployment::Ucce).then_some(NO_DEVICE_TARGET),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use finesse_protocol::Secret;

    fn user(id: &str, extension: Option<&str>) -> UserDef {
        UserDef {
            id: id.into(),
            login_id: id.into(),
            password: Secret::new("pw"),
            first_name: String::new(),
            last_name: String::new(),
            extension: extension.map(str::to_string),
            team: None,
            agent: true,
            supervisor: false,
            admin: false,
            supervises: Vec::new(),
            wrap_up: false,
            mobile_agent: false,
        }
    }

    #[test]
    fn users_extensions_and_the_listed_devices_are_known() {
        let users = [
            user("1", Some("1001")),
            user("2", None),
            user("3", Some(" ")),
        ];
        let extra = vec!["3001".to_string()];
        let d = Devices::new(&users, &extra);
        assert!(d.knows("1001"));
        assert!(d.knows(" 1001 "), "blanks around it do not matter");
        assert!(d.knows("3001"), "a device no user owns");
        assert!(!d.knows("1002"));
        assert!(!d.knows(""), "an empty extension is no device");
        assert!(!d.knows("100"), "no prefix match");
    }

    #[test]
    fn cce_adds_the_peripheral_reason_and_uccx_does_not() {
        let cce = invalid_device(Deployment::Ucce);
        assert_eq!(cce.cti.error_type, "Invalid Device");
        assert_eq!(
            (cce.cti.code, cce.cti.constant),
            ("260", "CF_INVALID_LOGON_DEVICE_SPECIFIED")
        );
        assert_eq!(cce.peripheral.map(|p| p.code), Some("10125"));
        let ccx = invalid_device(Deployment::Uccx);
        assert_eq!(ccx.cti.error_type, "Invalid Device");
        assert_eq!(ccx.peripheral, None);
    }
}
