# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Dialog—Send DTMF String", p92; reference.md §2.1 D5. The page documents 202, 400 Parameter
# Missing, 400 Invalid Input, 401 Authorization Failure, 401 Invalid Authorization User
# Specified, 401 Invalid State (the participant is HELD) and 500. Tones leave no mark on the
# Dialog, so success is the 202 with no asynchronous error after it.
@guide:12.5:p92 @requires:calls
Feature: Dialog — send DTMF
  A participant sends tones on its call with PUT /finesse/api/Dialog/{id}, requestedAction
  SEND_DTMF, its own extension as targetMediaAddress and the digits in the action parameter
  dtmfString.

  @rule:dialog.send-dtmf @mutates
  Scenario: An active participant sends DTMF tones
    Given the agent is on a call with the second agent
    When the agent sends the DTMF string "1234*#" on the call
    Then the request is accepted
    And the agent receives no asynchronous error for this request
    And the agent's participant stays ACTIVE

  @rule:dialog.send-dtmf-parameter-missing @mutates
  Scenario: DTMF without a dtmfString is a missing parameter
    Given the agent is on a call with the second agent
    When the agent sends DTMF on the call without a dtmfString
    Then the response is 400 "Parameter Missing"

  # p92 lists 401 Invalid State for a HELD participant. The previous reading of the guide found
  # the same case described as an asynchronous failure elsewhere, so the step takes either.
  @rule:dialog.send-dtmf-held @mutates
  Scenario: A held participant cannot send DTMF tones
    Given the agent is on a call with the second agent
    And the agent holds the call
    And the agent's participant becomes HELD
    When the agent sends the DTMF string "5" on the call
    Then the agent's request is refused as Invalid State, at once or with an asynchronous error
    And the agent's participant stays HELD

  @rule:dialog.bad-credentials-401 @mutates
  Scenario: DTMF with unknown credentials is an Authorization Failure
    Given the agent is on a call with the second agent
    When someone with unknown credentials sends DTMF for the agent
    Then the response is 401 "Authorization Failure"

  # p92 lists 401 Invalid Authorization User Specified: the targetMediaAddress must be the
  # extension of the user whose credentials the request carries (reference §6.4).
  @rule:dialog.act-for-other-user-401 @mutates
  Scenario: DTMF for another agent's extension is refused
    Given the agent is on a call with the second agent
    When the second agent sends DTMF for the agent
    Then the response is 401 "Invalid Authorization User Specified"
    And the agent's participant stays ACTIVE
