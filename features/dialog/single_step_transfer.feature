# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Dialog—Initiate a Single Step Transfer", p96; reference.md §2.1 D7. The page documents 202,
# 400 Parameter Missing, 400 Invalid Input, 400 Invalid Destination, 401 Authorization
# Failure, 401 Invalid Authorization User Specified and 500. The guide's action table, in the
# secondary copy reference.md §1 (point 12) cites, marks TRANSFER_SST Unified CCE only, and
# no page says what UCCX answers, so the scenarios run on UCCE only. Dialog API Errors gives
# Invalid Destination as a destination that is the caller's own extension.
@guide:12.5:p96 @requires:calls @deployment:UCCE
Feature: Dialog — single-step transfer
  An agent on a call sends it to another destination without consulting first, with
  PUT /finesse/api/Dialog/{id}, requestedAction TRANSFER_SST, its own extension as
  targetMediaAddress and the destination as toAddress.

  @rule:dialog.transfer-sst @mutates
  Scenario: A single-step transfer sends the call to another agent
    Given the agent is on a call with the second agent
    And the other-team agent is NOT_READY
    When the second agent transfers the call in a single step to the other-team agent
    Then the request is accepted
    And the second agent has no dialogs
    And the other-team agent's participant becomes ALERTING
    And the agent's participant stays ACTIVE

  @rule:dialog.transfer-sst-parameter-missing @mutates
  Scenario: A single-step transfer without a destination is a missing parameter
    Given the agent is on a call with the second agent
    When the second agent transfers the call in a single step without a destination
    Then the response is 400 "Parameter Missing"
    And the second agent's participant stays ACTIVE

  @rule:dialog.transfer-sst-invalid-destination @mutates
  Scenario: A single-step transfer to the agent's own extension is an invalid destination
    Given the agent is on a call with the second agent
    When the second agent transfers the call in a single step to their own extension
    Then the response is 400 "Invalid Destination"
    And the second agent's participant stays ACTIVE

  @rule:dialog.bad-credentials-401 @mutates
  Scenario: A single-step transfer with unknown credentials is an Authorization Failure
    Given the agent is on a call with the second agent
    And the other-team agent is NOT_READY
    When someone with unknown credentials transfers the call in a single step for the agent
    Then the response is 401 "Authorization Failure"
    And the agent's participant stays ACTIVE

  # p96 lists 401 Invalid Authorization User Specified: the targetMediaAddress must be the
  # extension of the user whose credentials the request carries (reference §6.4).
  @rule:dialog.act-for-other-user-401 @mutates
  Scenario: A single-step transfer of another agent's participant is refused
    Given the agent is on a call with the second agent
    And the other-team agent is NOT_READY
    When the second agent transfers the call in a single step for the agent
    Then the response is 401 "Invalid Authorization User Specified"
    And the agent's participant stays ACTIVE
