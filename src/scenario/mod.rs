//! What a running scenario works with, below the steps and the runner: the run's shared
//! context, user leases, fault switching, what a scenario needs from the target, and
//! whether it applies to it.

pub(crate) mod applicability;
pub(crate) mod context;
pub(crate) mod faults;
pub(crate) mod lease;
pub(crate) mod needs;
pub(crate) mod notifiers;
mod planned;

pub(crate) use planned::PlannedScenario;

use crate::profile::Profile;
use crate::redact::Redactor;

/// The names a secret may pair with: login names (Basic) and ids (the XMPP login).
fn auth_names(p: &Profile) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for i in p.identities() {
        for n in [i.auth_name(), i.id.as_str()] {
            if !names.iter().any(|x| x == n) {
                names.push(n.to_string());
            }
        }
    }
    names
}

pub fn redactor_for(profile: &Profile) -> Redactor {
    let (passwords, tokens) = profile.redaction();
    let r = Redactor::new(&passwords, &auth_names(profile));
    r.learn_all(&tokens);
    r
}
