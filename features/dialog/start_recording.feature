# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Dialog—Start Recording", p107; reference.md §2.1 D13. Recording through the API is a
# UCCX feature; UCCE answers 501. A recording leaves no mark on the Dialog, so success is
# the 202 alone.
@guide:12.5:p107 @requires:calls
Feature: Dialog — start recording
  A participant of a call, or a supervisor silently monitoring it, starts recording with
  START_RECORDING for its own extension.

  @deployment:UCCX @rule:dialog.start-recording @mutates
  Scenario: A participant starts recording its call
    Given the agent is on a call with the second agent
    When the agent starts recording the agent's call
    Then the request is accepted

  @deployment:UCCX @rule:dialog.start-recording @mutates
  Scenario: A monitoring supervisor starts recording the call
    Given the agent is on a call with the second agent
    And the supervisor is silently monitoring the agent
    When the supervisor starts recording the agent's call
    Then the request is accepted

  # p107 lists Invalid State with a 401 status for a HELD participant.
  @deployment:UCCX @rule:dialog.start-recording-held @mutates
  Scenario: Recording cannot start while the participant is held
    Given the agent is on a call with the second agent
    And the agent holds the call
    And the agent's participant becomes HELD
    When the agent starts recording the agent's call
    Then the response is 401 "Invalid State"

  @deployment:UCCE @rule:dialog.start-recording-cce-501 @mutates
  Scenario: Recording through the API is Not Implemented on UCCE
    Given the agent is on a call with the second agent
    When the agent starts recording the agent's call
    Then the response status is 501

  # p107 lists 400 Parameter Missing, 401 Authorization Failure and 401 Invalid Authorization
  # User Specified. A refused recording leaves no mark either, so the response is the check.
  @deployment:UCCX @rule:dialog.action-target-missing @mutates
  Scenario: Recording without targetMediaAddress is Parameter Missing
    Given the agent is on a call with the second agent
    When the agent starts recording the call without a targetMediaAddress
    Then the response is 400 "Parameter Missing"

  @deployment:UCCX @rule:dialog.bad-credentials-401 @mutates
  Scenario: Recording with unknown credentials is an Authorization Failure
    Given the agent is on a call with the second agent
    When someone with unknown credentials sends the agent's recording request
    Then the response is 401 "Authorization Failure"

  @deployment:UCCX @rule:dialog.act-for-other-user-401 @mutates
  Scenario: Recording for the other participant's extension is refused
    Given the agent is on a call with the second agent
    When the second agent sends the agent's recording request
    Then the response is 401 "Invalid Authorization User Specified"
