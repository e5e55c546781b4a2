# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Dialog—Drop Participant from Conference", p104; reference.md §2.1 D12 and §6.5.
# Who may drop follows the server setting enableDropParticipantFor; these scenarios use a
# supervisor, whom every value of the setting allows.
@guide:12.5:p104 @deployment:UCCE @requires:calls
Feature: Dialog — drop a participant from a conference
  On UCCE a supervisor on a conference drops another participant with PARTICIPANT_DROP,
  naming that participant's extension as targetMediaAddress. A conference arises here from
  a barge.

  @rule:dialog.participant-drop @mutates
  Scenario: A supervisor drops an agent from the conference
    Given the agent is on a call with the second agent
    And the supervisor has barged in on the agent's call
    When the supervisor drops the second agent from the agent's call
    Then the request is accepted
    And the supervisor receives a Dialog notification for this request
    And the second agent has no dialogs
    And the agent's call has 2 participants

  # Reference §2.1 D12: a target that is not an agent on the call is Invalid Destination.
  @rule:dialog.participant-drop-invalid-destination @mutates
  Scenario: Dropping an extension that is not on the call is Invalid Destination
    Given the agent is on a call with the second agent
    And the supervisor has barged in on the agent's call
    When the supervisor drops an extension that is not on the call from the agent's call
    Then the response is 400 "Invalid Destination"
    And the agent's call keeps 3 participants

  # The conference here is a real one: the agent consults the supervisor and conferences the
  # call (p86). The supervisor is on it, so every value of enableDropParticipantFor allows it.
  @rule:dialog.participant-drop @rule:dialog.conference @rule:dialog.consult @mutates
  Scenario: A supervisor drops an agent from a conference made from a consult
    Given the agent is on a call with the second agent
    And the agent has a consult call answered by the supervisor
    And the agent conferences the call
    And the supervisor is on the agent's conference
    When the supervisor drops the second agent from the agent's call
    Then the request is accepted
    And the supervisor receives a Dialog notification for this request
    And the second agent has no dialogs
    And the agent's call has 2 participants
