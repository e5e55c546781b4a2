# Used by tests/cleanup.rs: a scenario that fails with a call up. The cleanup must still end
# the call and put both agents back. Not part of the built-in suite.
Feature: Cleanup after a failure

  @mutates
  Scenario: A step fails while a call is up
    Given the agent is on a call with the second agent
    Then the response status is 599
