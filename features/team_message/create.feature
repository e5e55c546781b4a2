# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1), p202,
# "TeamMessage—Create a Team Message": POST https://<FQDN>/finesse/api/TeamMessage with a
# <TeamMessage> body of duration, content and teams (one <team> per team id); supervisors or
# administrators may use it; responses 200 Success, 207 Partially succeeded (the create worked
# but publishing to the alternate node may have failed), 401 Authorization Failure, 404 Not
# Found, 500, 503; an example failure "System Resource Limit Exceeded" /
# teammessage.max.limit.exceeded / MAX_ACTIVE_MESSAGE_LIMIT_EXCEEDED.
# developer.cisco.com "TeamMessage API Parameters": duration in seconds, content at most 255
# characters, team an integer team id.
# Not here: Get Team Message, Get List and Delete (their pages are not among the stored ones,
# so their URIs are unknown and a created message cannot be found or deleted: the scenario
# asks for a 10-second message, which expires on its own); 207 (needs a second node and a
# replication fault); 404 and the resource limit (the page names no trigger and no limit).
# The page's table labels the body as the example response and shows "—" for the request;
# the body is read here as the request, as its fields (no id, uri or createdBy) say.
@guide:12.5:p202 @since:12.5
Feature: TeamMessage — create a team message
  A supervisor or an administrator broadcasts a message to one or more teams with POST on
  /finesse/api/TeamMessage; Finesse shows it to the teams' agents for its duration.

  @rule:teammessage.create @mutates
  Scenario: A supervisor creates a team message for the agent's team
    When the supervisor creates a team message for the agent's team
    Then the response status is 200

  @rule:teammessage.create-supervisor-only @mutates
  Scenario: An agent may not create a team message
    When the agent creates a team message for the agent's team
    Then the response is 401 "Authorization Failure"

  @rule:user.bad-credentials-401 @mutates
  Scenario: Creating a team message with unknown credentials is an Authorization Failure
    When someone with unknown credentials creates a team message for the agent's team
    Then the response is 401 "Authorization Failure"

  # p202 lists 503 Service Unavailable; p7 gives the body every API answers out of service.
  @rule:system.out-of-service-503 @requires:fault_injection @mutates
  Scenario: While Finesse is out of service, creating a team message answers 503
    Given Finesse is out of service
    When the supervisor creates a team message for the agent's team
    Then the response is 503 "Service Unavailable"
    And the error message is "SERVER_OUT_OF_SERVICE"

  # p202 lists 500 Internal Server Error; a lab provokes a runtime exception through its hook
  # (capabilities.fault_injection.commands.runtime_exception).
  @rule:system.runtime-exception-500 @requires:fault_injection @mutates
  Scenario: A runtime exception while creating a team message is an Internal Server Error
    Given Finesse meets a runtime exception
    When the supervisor creates a team message for the agent's team
    Then the response is 500 "Internal Server Error"
