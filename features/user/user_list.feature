# Source: "User—Get List" (developer.cisco.com/docs/finesse): GET /finesse/api/Users gives
# administrators the list of users, each a full User object; only administrators may use it.
# Responses: 200, 401 Authorization Failure (the example failure prints the type
# Unauthorized, so the refusal checks only the status), 500, 503.
@guide:dev:user-get-list
Feature: User — get the list of users
  An administrator reads every user at once with GET /finesse/api/Users.

  @rule:user.list
  Scenario: An administrator lists the users and finds the agent
    When the administrator lists the users
    Then the response status is 200
    And the user list holds the agent

  @rule:user.list-admin-only
  Scenario: An agent cannot list the users
    When the agent lists the users
    Then the response status is 401
