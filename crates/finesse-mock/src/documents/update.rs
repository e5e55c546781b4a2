//! The `<Update>` envelope of a notification (reference §7.4).

use quick_xml::escape::escape;

/// `data` is the object's XML (lower-case root), written as is; children in the order of the
/// §3.2 sample. An unsolicited update carries an empty `<requestId/>`.
pub(crate) fn update_xml(
    data: &str,
    event: &str,
    request_id: Option<&str>,
    source: &str,
) -> String {
    let rid = match request_id {
        Some(r) if !r.is_empty() => format!("<requestId>{}</requestId>", escape(r)),
        _ => "<requestId/>".to_string(),
    };
    format!(
        "<Update><data>{data}</data><event>{}</event>{rid}<source>{}</source></Update>",
        escape(event),
        escape(source)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_envelope_wraps_the_data_and_escapes_the_rest() {
        assert_eq!(
            update_xml(
                "<user></user>",
                "PUT",
                Some("a&b"),
                "/finesse/api/User/1001"
            ),
            "<Update><data><user></user></data><event>PUT</event>\
             <requestId>a&amp;b</requestId><source>/finesse/api/User/1001</source></Update>"
        );
        assert!(update_xml("<x></x>", "put", None, "/s").contains("<requestId/>"));
        assert!(update_xml("<x></x>", "put", Some(""), "/s").contains("<requestId/>"));
    }
}
