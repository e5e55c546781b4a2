# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1), the
# Team object (p144–145: uri, id, name and a summary User of each member with its state) and
# Team API Parameters (p150); developer.cisco.com "Team API Errors": 401 Authorization Failure,
# 404 Not Found when no team has that id, 500 (no request provokes it). Supervisors read the
# teams they supervise.
@guide:12.5:p144
Feature: Team — get a team
  A supervisor reads a team it supervises with GET /finesse/api/Team/{id}: the team, and for
  each member a summary with the member's current state.

  @rule:team.get @mutates
  Scenario: A supervisor reads its team and finds the agent's state
    Given the agent is NOT_READY
    When the supervisor reads the agent's team
    Then the response status is 200
    And the team lists the agent as NOT_READY

  @rule:team.unknown-404
  Scenario: A team id that does not exist is Not Found
    When the supervisor reads an unknown team
    Then the response is 404 "Not Found"

  @rule:user.bad-credentials-401
  Scenario: Reading a team with unknown credentials is an Authorization Failure
    When someone with unknown credentials reads the agent's team
    Then the response is 401 "Authorization Failure"

  # "Team API Errors": any runtime exception is answered 500 Internal Server Error. A lab
  # provokes one through its hook (capabilities.fault_injection.commands.runtime_exception).
  @rule:system.runtime-exception-500 @requires:fault_injection @mutates
  Scenario: A runtime exception while reading a team is an Internal Server Error
    Given Finesse meets a runtime exception
    When the supervisor reads the agent's team
    Then the response is 500 "Internal Server Error"
