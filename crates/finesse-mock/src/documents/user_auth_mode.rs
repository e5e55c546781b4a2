//! UserAuthMode (`GET /UserAuthMode/{username or userId}`, developer.cisco.com "Single
//! Sign-On—Get User Authentication Mode"): the user's authentication mode. The page's example
//! shows `authMode` alone; "Single Sign-On Parameters" also names `username` and `userId`
//! but shows them in no example, so the mock writes the example's shape.

use super::xml::El;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UserAuthMode {
    /// `SSO` or `NON_SSO`.
    pub auth_mode: &'static str,
}

impl UserAuthMode {
    pub(crate) fn to_xml(&self) -> String {
        El::parent("UserAuthMode")
            .child(El::text("authMode", self.auth_mode))
            .to_xml()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_pages_example_shape() {
        let m = UserAuthMode {
            auth_mode: "NON_SSO",
        };
        assert_eq!(
            m.to_xml(),
            "<UserAuthMode><authMode>NON_SSO</authMode></UserAuthMode>"
        );
    }
}
