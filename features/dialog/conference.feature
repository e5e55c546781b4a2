# Sources: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Dialog—Take Action on Participant", p86 (CONFERENCE), the note on conferences (p94: the
# agent who conferences is the conference controller), the participant state table p126–127
# (a HELD participant gets CONFERENCE while an active call exists). The guide's note on Dialog
# APIs warns that dialog ids may change in a conference, so the steps find the conference by
# its parties. Both platforms.
@guide:12.5:p86 @requires:calls
Feature: Dialog — conference after a consult
  After the consulted party answers, the agent completes the consult as a conference with
  CONFERENCE on the held original call: one call with the three parties, and the consult call
  ends.

  @rule:dialog.conference @rule:dialog.consult @mutates
  Scenario: A conference joins the consulted agent to the call
    Given the agent is on a call with the second agent
    And the agent has a consult call answered by the other-team agent
    When the agent conferences the call
    Then the request is accepted
    And the agent receives a Dialog notification for this request
    And the other-team agent is on the agent's conference
    And the agent's call has 3 participants
    And the agent has 1 dialog
    And the second agent has 1 dialog
    And the other-team agent has 1 dialog

  # p94: the agent who conferences controls the conference; when a party it conferenced in
  # consults someone else and tries to conference them, the request fails. p86 gives each
  # platform's asynchronous error.
  @rule:dialog.conference-controller-only @rule:dialog.conference @mutates
  Scenario Outline: Only the conference controller can conference in another party
    Given the agent is on a call with the second agent
    And the agent has a consult call answered by the other-team agent
    And the agent conferences the call
    And the other-team agent is on the agent's conference
    And the other-team agent has a consult call answered by the supervisor
    When the other-team agent conferences the call
    Then the other-team agent receives an asynchronous error of type <error> for this request
    And the agent's call keeps 3 participants

    @deployment:UCCE
    Examples: UCCE
      | error         |
      | Generic Error |

    @deployment:UCCX
    Examples: UCCX
      | error                                             |
      | Invalid State with code 22 CF_INVALID_OBJECT_STATE |
