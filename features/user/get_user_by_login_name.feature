# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1), What's
# New (p1) and "User—Get User Id from loginName" (developer.cisco.com/docs/finesse): on
# Unified CCE an agent's id (its peripheral number) and its login name differ, and
# GET /finesse/api/User/{loginName} answers the User, whose loginId is the id. Agents may read
# only their own, administrators any. Responses: 200, 401 Authorization Failure, 401 Invalid
# Authorization User Specified, 404 User Not Found, 500, 503. An unknown login name cannot be
# told from an unknown id, which change_agent_state.feature already reads (404).
@guide:12.5:p1 @deployment:UCCE
Feature: User — get a user by login name
  A client that knows only a login name, such as an SSO user name, finds the agent's id by
  reading the User at that name.

  @rule:user.get-by-login-name
  Scenario: An agent reads its own User by its login name
    When the agent reads their own User by login name
    Then the response status is 200
    And the User read by login name is the agent's

  @rule:user.get-by-login-name
  Scenario: An administrator reads an agent's User by login name
    When the administrator reads the agent's User by login name
    Then the response status is 200
    And the User read by login name is the agent's

  # The refusal is only told from an unknown name once the lookup works, so this scenario
  # also depends on it.
  @rule:user.own-object-only @rule:user.get-by-login-name
  Scenario: An agent cannot read another agent's User by login name
    When the second agent reads the agent's User by login name
    Then the response is 401 "Invalid Authorization User Specified"
