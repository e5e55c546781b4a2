//! Workflows as `GET /User/{id}/Workflows` serves them (developer.cisco.com, "User—Get List
//! of Workflows"): `<Workflows>` of `<Workflow>` with name, description and a TriggerSet
//! (type, name, triggers of Trigger: Variable with name, node and type; comparator; value),
//! in the example's order. The example prints no Workflow `uri`, so the mock writes none.

use super::xml::El;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Trigger {
    pub variable: String,
    pub node: String,
    pub variable_type: String,
    pub comparator: String,
    pub value: String,
}

impl Trigger {
    fn element(&self) -> El {
        El::parent("Trigger").children([
            El::parent("Variable").children([
                El::text("name", self.variable.clone()),
                El::text("node", self.node.clone()),
                El::text("type", self.variable_type.clone()),
            ]),
            El::text("comparator", self.comparator.clone()),
            El::text("value", self.value.clone()),
        ])
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TriggerSet {
    /// SYSTEM in the example.
    pub kind: String,
    pub name: String,
    pub triggers: Vec<Trigger>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Workflow {
    pub name: String,
    pub description: String,
    pub trigger_set: Option<TriggerSet>,
}

impl Workflow {
    fn element(&self) -> El {
        let mut children = vec![
            El::text("name", self.name.clone()),
            El::text("description", self.description.clone()),
        ];
        if let Some(t) = &self.trigger_set {
            children.push(El::parent("TriggerSet").children([
                El::text("type", t.kind.clone()),
                El::text("name", t.name.clone()),
                El::parent("triggers").children(t.triggers.iter().map(Trigger::element)),
            ]));
        }
        El::parent("Workflow").children(children)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Workflows {
    pub workflows: Vec<Workflow>,
}

impl Workflows {
    pub(crate) fn to_xml(&self) -> String {
        El::parent("Workflows")
            .children(self.workflows.iter().map(Workflow::element))
            .to_xml()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflows_hold_name_description_and_trigger_set() {
        let w = Workflows {
            workflows: vec![Workflow {
                name: "Ring pop".into(),
                description: "Pops a page".into(),
                trigger_set: Some(TriggerSet {
                    kind: "SYSTEM".into(),
                    name: "CALL_ARRIVES".into(),
                    triggers: vec![Trigger {
                        variable: "mediaType".into(),
                        node: "//Dialog/mediaType".into(),
                        variable_type: "CUSTOM".into(),
                        comparator: "IS_EQUAL".into(),
                        value: "Voice".into(),
                    }],
                }),
            }],
        };
        assert_eq!(
            w.to_xml(),
            "<Workflows><Workflow><name>Ring pop</name><description>Pops a page</description>\
             <TriggerSet><type>SYSTEM</type><name>CALL_ARRIVES</name><triggers><Trigger>\
             <Variable><name>mediaType</name><node>//Dialog/mediaType</node><type>CUSTOM</type>\
             </Variable><comparator>IS_EQUAL</comparator><value>Voice</value></Trigger>\
             </triggers></TriggerSet></Workflow></Workflows>"
        );
        assert_eq!(Workflows::default().to_xml(), "<Workflows></Workflows>");
    }
}
