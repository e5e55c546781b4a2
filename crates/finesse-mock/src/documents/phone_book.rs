//! PhoneBooks as `GET /TeamResource/{teamId}/PhoneBooks` serves them (developer.cisco.com,
//! "TeamResource—Get Phone Books"): `<PhoneBooks>` of `<PhoneBook>` with `name`, `type` and
//! `<Contacts>` of full Contact objects. The Contact object page gives firstName, lastName,
//! phoneNumber, description and uri, in that order. The TeamResource example prints no
//! PhoneBook `uri`, so the mock writes none.

use super::xml::El;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Contact {
    pub first_name: String,
    pub last_name: String,
    pub phone_number: String,
    pub description: String,
    /// `/finesse/api/PhoneBook/{phoneBookId}/Contact/{id}`.
    pub uri: String,
}

impl Contact {
    fn element(&self) -> El {
        El::parent("Contact").children([
            El::text("firstName", self.first_name.clone()),
            El::text("lastName", self.last_name.clone()),
            El::text("phoneNumber", self.phone_number.clone()),
            El::text("description", self.description.clone()),
            El::text("uri", self.uri.clone()),
        ])
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PhoneBook {
    pub name: String,
    /// GLOBAL or TEAM (PhoneBook API Parameters).
    pub kind: String,
    pub contacts: Vec<Contact>,
}

impl PhoneBook {
    fn element(&self) -> El {
        El::parent("PhoneBook").children([
            El::text("name", self.name.clone()),
            El::text("type", self.kind.clone()),
            El::parent("Contacts").children(self.contacts.iter().map(Contact::element)),
        ])
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PhoneBooks {
    pub books: Vec<PhoneBook>,
}

impl PhoneBooks {
    pub(crate) fn to_xml(&self) -> String {
        El::parent("PhoneBooks")
            .children(self.books.iter().map(PhoneBook::element))
            .to_xml()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_books_hold_name_type_and_full_contacts() {
        let books = PhoneBooks {
            books: vec![PhoneBook {
                name: "Company".into(),
                kind: "GLOBAL".into(),
                contacts: vec![Contact {
                    first_name: "Help".into(),
                    last_name: "Desk".into(),
                    phone_number: "5551000".into(),
                    description: "IT & facilities".into(),
                    uri: "/finesse/api/PhoneBook/41/Contact/1".into(),
                }],
            }],
        };
        assert_eq!(
            books.to_xml(),
            "<PhoneBooks><PhoneBook><name>Company</name><type>GLOBAL</type><Contacts>\
             <Contact><firstName>Help</firstName><lastName>Desk</lastName>\
             <phoneNumber>5551000</phoneNumber><description>IT &amp; facilities</description>\
             <uri>/finesse/api/PhoneBook/41/Contact/1</uri></Contact></Contacts></PhoneBook>\
             </PhoneBooks>"
        );
        assert_eq!(PhoneBooks::default().to_xml(), "<PhoneBooks></PhoneBooks>");
    }
}
