# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Dialog—Make a Consult Call Request", p95: CONSULT_CALL on the dialog of an active call, with
# toAddress (the destination) and targetMediaAddress (the agent's own extension), both
# required; responses 202, 400 Parameter Missing, 400 Invalid Input, 401 Authorization Failure,
# 401 Invalid Authorization User Specified, 500; the Dialog notification it triggers. The
# page names no Invalid Destination and no Invalid State for a consult. The participant state
# table ("State (Participant) Parameter Values", p126–127): a HELD participant gets TRANSFER
# and CONFERENCE while an active call exists. Reference §4.5 for the consulted agent's state
# when it answers (a non-ICD call). The page applies to both platforms.
@guide:12.5:p95 @requires:calls
Feature: Dialog — consult call
  An agent on a call consults another party with CONSULT_CALL on that call: the agent's leg
  of the call goes on hold and a consult call rings the party named in toAddress.

  @rule:dialog.consult @rule:dialog.answer @rule:dialog.user-states-non-icd @mutates
  Scenario Outline: A consult holds the call and rings the consulted agent
    Given the agent is on a call with the second agent
    When the agent consults the other-team agent
    Then the request is accepted
    And the agent receives a Dialog notification for this request
    And the agent's participant in the original call becomes HELD
    And the other-team agent's participant in the consult call becomes ALERTING
    And the other-team agent may ANSWER on the consult call
    When the other-team agent answers the consult call
    Then the other-team agent's participant in the consult call becomes ACTIVE
    And the agent's participant in the consult call becomes ACTIVE
    And the agent may RETRIEVE, DROP, UPDATE_CALL_DATA, TRANSFER, CONFERENCE on the original call
    And the other-team agent's state <change> <talking>

    @deployment:UCCE
    Examples: UCCE
      | change  | talking |
      | becomes | TALKING |

    @deployment:UCCX
    Examples: UCCX
      | change | talking   |
      | stays  | NOT_READY |

  @rule:dialog.consult-parameter-missing @mutates
  Scenario: A consult without a destination is Parameter Missing
    Given the agent is on a call with the second agent
    When the agent consults the other-team agent without a destination
    Then the response is 400 "Parameter Missing"
    And the agent's participant in the original call stays ACTIVE

  # p95 and reference §6.4: targetMediaAddress locates the requesting agent's own participant;
  # another participant's extension is a request for another user.
  @rule:dialog.consult-other-participant-401 @rule:dialog.act-for-other-user-401 @mutates
  Scenario: A consult naming the other party's extension is refused
    Given the agent is on a call with the second agent
    When the agent consults the other-team agent on behalf of the second agent
    Then the response is 401 "Invalid Authorization User Specified"
    And the second agent's participant stays ACTIVE
    And the other-team agent has no dialogs

  # p95 lists 400 Invalid Input and 401 and does not say which a user who is not on the call
  # gets (its targetMediaAddress is no party of the dialog; it may not act on the dialog).
  @rule:dialog.consult-non-participant @mutates
  Scenario: A user who is not on the call cannot consult from it
    Given the agent is on a call with the second agent
    When the other-team agent consults the supervisor from the agent's call
    Then the response is 400 "Invalid Input" or 401
    And the supervisor has no dialogs
    And the agent's call keeps 2 participants

  # p95, asynchronous errors: a consult from a held call, or from a call that is still
  # ringing, fails as Generic Error (neither state lists CONSULT_CALL, p126).
  @rule:dialog.consult-from-held-or-ringing @rule:dialog.action-not-in-list @mutates
  Scenario: A consult from a held call fails with Generic Error
    Given the agent is on a call with the second agent
    And the agent holds the call
    And the agent's participant becomes HELD
    When the agent consults the other-team agent
    Then the agent receives an asynchronous error of type Generic Error for this request
    And the other-team agent has no dialogs
    And the agent's participant stays HELD

  @rule:dialog.consult-from-held-or-ringing @rule:dialog.action-not-in-list @rule:dialog.make-call @mutates
  Scenario: A consult from a ringing call fails with Generic Error
    Given the agent is NOT_READY
    And the second agent is NOT_READY
    When the agent calls the second agent
    Then the second agent's participant becomes ALERTING
    When the second agent consults the other-team agent
    Then the second agent receives an asynchronous error of type Generic Error for this request
    And the other-team agent has no dialogs
    And the second agent's participant stays ALERTING

  @rule:dialog.bad-credentials-401 @mutates
  Scenario: A consult with unknown credentials is an Authorization Failure
    Given the agent is on a call with the second agent
    When someone with unknown credentials sends the agent's consult request to the other-team agent
    Then the response is 401 "Authorization Failure"
    And the agent's participant stays ACTIVE
