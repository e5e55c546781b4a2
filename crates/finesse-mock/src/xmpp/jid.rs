//! XMPP addresses: `local@domain/resource` (RFC 7622), compared the way the mock needs:
//! local part and domain without regard to case, the resource exactly.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Jid {
    pub local: String,
    pub domain: String,
    pub resource: Option<String>,
}

impl Jid {
    pub(crate) fn parse(s: &str) -> Option<Jid> {
        let (bare, resource) = match s.split_once('/') {
            Some((b, r)) if !r.is_empty() => (b, Some(r.to_string())),
            Some(_) => return None,
            None => (s, None),
        };
        let (local, domain) = bare.split_once('@')?;
        if local.is_empty() || domain.is_empty() || domain.contains('@') {
            return None;
        }
        Some(Jid {
            local: local.to_lowercase(),
            domain: domain.to_lowercase(),
            resource,
        })
    }

    pub(crate) fn new(local: &str, domain: &str, resource: Option<&str>) -> Jid {
        Jid {
            local: local.to_lowercase(),
            domain: domain.to_lowercase(),
            resource: resource.map(str::to_string),
        }
    }

    pub(crate) fn bare(&self) -> Jid {
        Jid {
            resource: None,
            ..self.clone()
        }
    }

    pub(crate) fn is_bare(&self) -> bool {
        self.resource.is_none()
    }
}

impl fmt::Display for Jid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.local, self.domain)?;
        if let Some(r) = &self.resource {
            write!(f, "/{r}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bare_and_full_addresses() {
        let j = Jid::parse("1001@Finesse.Mock.Local/desk/1").expect("jid");
        assert_eq!(j.to_string(), "1001@finesse.mock.local/desk/1");
        assert_eq!(j.bare().to_string(), "1001@finesse.mock.local");
        assert!(!j.is_bare() && j.bare().is_bare());
        for bad in ["finesse.mock.local", "@d", "u@", "u@d/", "a@b@c"] {
            assert_eq!(Jid::parse(bad), None, "{bad}");
        }
    }
}
