# Used by tests/lab_warnings.rs against a mock whose Dialogs lists cannot be read: the first
# scenario's own checks pass, but its cleanup cannot look for the call it made. Not part of the
# built-in suite.
Feature: A cleanup that cannot restore the target

  @mutates
  Scenario: A call the cleanup cannot see
    Given the agent is NOT_READY
    And the second agent is NOT_READY
    When the agent calls the second agent
    Then the request is accepted

  @mutates
  Scenario: Two agents are needed again
    Given the agent is NOT_READY
    And the second agent is NOT_READY
    Then the agent's state becomes NOT_READY

  @mutates
  Scenario: One agent is enough
    Given the agent is NOT_READY
    Then the agent's state becomes NOT_READY

  Scenario: Reading the agent's state needs no dialog
    Then the agent's state becomes LOGOUT
