//! The Queue object (`GET /Queue/{id}`) and the Queues list (`GET /User/{id}/Queues`)
//! (developer.cisco.com "Queue", "Queue—Get Queue", "Queue—Get List of Queues for User",
//! "Queue API Parameters"). The examples write uri, name and statistics, no id: the mock
//! follows the examples.

use super::xml::El;

/// A queue's statistics. `None` numbers are written -1 and a `None` start time empty: the
/// values of a queue assigned to no user (Queue—Get Queue).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct QueueStatistics {
    pub calls_in_queue: Option<i64>,
    pub start_time_of_longest_call: Option<String>,
    pub agents_ready: Option<i64>,
    pub agents_not_ready: Option<i64>,
    pub agents_busy_other: Option<i64>,
    pub agents_logged_on: Option<i64>,
    pub agents_talking_inbound: Option<i64>,
    pub agents_talking_outbound: Option<i64>,
    pub agents_talking_internal: Option<i64>,
    pub agents_wrap_up_not_ready: Option<i64>,
    pub agents_wrap_up_ready: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Queue {
    pub id: String,
    pub name: String,
    /// None leaves the statistics element out (a deviation only).
    pub statistics: Option<QueueStatistics>,
}

/// `GET /User/{id}/Queues`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Queues {
    pub queues: Vec<Queue>,
}

fn number(name: &'static str, value: Option<i64>) -> El {
    El::text(name, value.unwrap_or(-1).to_string())
}

impl QueueStatistics {
    fn element(&self) -> El {
        El::parent("statistics")
            .child(number("callsInQueue", self.calls_in_queue))
            .child(El::text_or_empty(
                "startTimeOfLongestCallInQueue",
                self.start_time_of_longest_call.as_deref(),
            ))
            .child(number("agentsReady", self.agents_ready))
            .child(number("agentsNotReady", self.agents_not_ready))
            .child(number("agentsBusyOther", self.agents_busy_other))
            .child(number("agentsLoggedOn", self.agents_logged_on))
            .child(number("agentsTalkingInbound", self.agents_talking_inbound))
            .child(number(
                "agentsTalkingOutbound",
                self.agents_talking_outbound,
            ))
            .child(number(
                "agentsTalkingInternal",
                self.agents_talking_internal,
            ))
            .child(number(
                "agentsWrapUpNotReady",
                self.agents_wrap_up_not_ready,
            ))
            .child(number("agentsWrapUpReady", self.agents_wrap_up_ready))
    }
}

impl Queue {
    fn element(&self) -> El {
        let mut q = El::parent("Queue")
            .child(El::text("uri", format!("/finesse/api/Queue/{}", self.id)))
            .child(El::text("name", self.name.as_str()));
        if let Some(s) = &self.statistics {
            q = q.child(s.element());
        }
        q
    }

    pub(crate) fn to_xml(&self) -> String {
        self.element().to_xml()
    }
}

impl Queues {
    pub(crate) fn to_xml(&self) -> String {
        El::parent("Queues")
            .children(self.queues.iter().map(Queue::element))
            .to_xml()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unassigned_queue_writes_minus_one_and_an_empty_start_time() {
        let q = Queue {
            id: "10".into(),
            name: "Sales".into(),
            statistics: Some(QueueStatistics::default()),
        };
        assert_eq!(
            q.to_xml(),
            "<Queue><uri>/finesse/api/Queue/10</uri><name>Sales</name><statistics>\
             <callsInQueue>-1</callsInQueue>\
             <startTimeOfLongestCallInQueue></startTimeOfLongestCallInQueue>\
             <agentsReady>-1</agentsReady><agentsNotReady>-1</agentsNotReady>\
             <agentsBusyOther>-1</agentsBusyOther><agentsLoggedOn>-1</agentsLoggedOn>\
             <agentsTalkingInbound>-1</agentsTalkingInbound>\
             <agentsTalkingOutbound>-1</agentsTalkingOutbound>\
             <agentsTalkingInternal>-1</agentsTalkingInternal>\
             <agentsWrapUpNotReady>-1</agentsWrapUpNotReady>\
             <agentsWrapUpReady>-1</agentsWrapUpReady></statistics></Queue>"
        );
        let list = Queues {
            queues: vec![Queue {
                statistics: None,
                ..q
            }],
        };
        assert_eq!(
            list.to_xml(),
            "<Queues><Queue><uri>/finesse/api/Queue/10</uri><name>Sales</name></Queue></Queues>"
        );
        assert_eq!(Queues::default().to_xml(), "<Queues></Queues>");
    }
}
