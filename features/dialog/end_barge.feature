# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Dialog—End a Barge Call", p103; reference.md §2.1 D11. The supervisor leaves a barged call
# with DROP for its own extension. The page lists 202 and the errors 400 Parameter Missing,
# 400 Invalid Input, 401 Authorization Failure, 401 Invalid Authorization User Specified, 404
# and 500. It does not say what triggers each; these scenarios take the meanings of p32: a
# required field left out, credentials Finesse rejects, a request for another user, a
# dialog that does not exist. Leaving the call itself is in barge.feature.
@guide:12.5:p103 @requires:calls
Feature: Dialog — end a barge
  A supervisor who barged in leaves the call with DROP on the barged dialog, naming its own
  extension as targetMediaAddress; the agents stay connected.

  @rule:dialog.action-target-missing @mutates
  Scenario: Leaving a barged call without targetMediaAddress is Parameter Missing
    Given the agent is on a call with the second agent
    And the supervisor has barged in on the agent's call
    When the supervisor leaves the call without a targetMediaAddress
    Then the response is 400 "Parameter Missing"
    And the agent's call keeps 3 participants

  @rule:dialog.bad-credentials-401 @mutates
  Scenario: Leaving a barged call with unknown credentials is an Authorization Failure
    Given the agent is on a call with the second agent
    And the supervisor has barged in on the agent's call
    When someone with unknown credentials sends the supervisor's barge exit request
    Then the response is 401 "Authorization Failure"
    And the agent's call keeps 3 participants

  @rule:dialog.act-for-other-user-401 @mutates
  Scenario: Another supervisor cannot end the supervisor's barge
    Given the agent is on a call with the second agent
    And the supervisor has barged in on the agent's call
    When the second supervisor sends the supervisor's barge exit request
    Then the response is 401 "Invalid Authorization User Specified"
    And the agent's call keeps 3 participants

  @rule:dialog.action-unknown-dialog-404 @mutates
  Scenario: Leaving a dialog that does not exist is Not Found
    Given the supervisor is NOT_READY
    When the supervisor leaves an unknown dialog
    Then the response status is 404
