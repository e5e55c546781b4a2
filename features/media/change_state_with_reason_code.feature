# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Media—Change Agent State with Reason Code", page 171
# (../shared/finesse/guide/p171-media-change-state-with-reason-code.txt); Media API errors,
# pages 169–170 and 185; reference.md §5. Non-voice media exist on UCCE only.
@guide:12.5:p171 @deployment:UCCE @requires:nonvoice_media
Feature: Media — change agent state with a reason code
  In one non-voice Media Routing Domain, a user moves to NOT_READY or LOGOUT with
  PUT /finesse/api/User/{id}/Media/{mrdId}, passing the reason code's database id. Finesse
  accepts with 202, echoes the requestId header, and the Media shows the new state.

  @rule:media.state-change-202 @mutates
  Scenario: NOT_READY with a reason code is accepted and becomes visible
    Given the agent is READY in the media routing domain
    When the agent sets their media state to NOT_READY with the team NOT_READY reason code
    Then the request is accepted
    And the agent receives a Media notification with state NOT_READY for this request
    And the agent's media state becomes NOT_READY
    And the agent's media reason code id is the team NOT_READY reason code

  @rule:media.state-change-202 @mutates
  Scenario: LOGOUT with a reason code is accepted and becomes visible
    Given the agent is signed in to the media routing domain
    When the agent sets their media state to LOGOUT with the global LOGOUT reason code
    Then the request is accepted
    And the agent receives a Media notification with state LOGOUT for this request
    And the agent's media state becomes LOGOUT

  # p171 header parameters: the requestId comes back in the 202 response. The same page
  # leaves it out of the events the request causes, so the Media notification is tied to the
  # request by its requestId or, when that is empty, by its node and state.
  @rule:media.request-id-echoed @rule:media.state-change-202 @mutates
  Scenario: The 202 echoes the requestId header
    Given the agent is signed in to the media routing domain
    When the agent sets their media state to NOT_READY with the global NOT_READY reason code
    Then the request is accepted
    And the response echoes the requestId
    And the agent receives a Media notification with state NOT_READY for this request

  @rule:media.state-parameter-missing @mutates
  Scenario: A media state change without a state is Parameter Missing
    Given the agent is signed in to the media routing domain
    When the agent sends a Media update without a state
    Then the response is 400 "Parameter Missing"
    And the error names the media routing domain
    And the agent's media state stays NOT_READY

  @rule:media.unknown-mrd-404 @mutates
  Scenario: An unknown mrdId is Not Found
    When the agent sets the media state of an unknown media routing domain to NOT_READY with the global NOT_READY reason code
    Then the response status is 404

  @rule:media.unknown-user-404 @mutates
  Scenario: An unknown user is Not Found
    When the agent sets the media state of an unknown user to NOT_READY with the global NOT_READY reason code
    Then the response status is 404

  # p171 security constraints: users act only on their own Media objects.
  @rule:media.own-objects-only @mutates
  Scenario: An agent cannot change another agent's media state
    Given the second agent is signed in to the media routing domain
    When the agent sets the second agent's media state to NOT_READY with the global NOT_READY reason code
    Then the response status is 401
    And the second agent's media state stays NOT_READY

  @rule:media.own-objects-only @mutates
  Scenario: A supervisor cannot change an agent's media state either
    Given the agent is signed in to the media routing domain
    When the supervisor sets the agent's media state to LOGOUT with the global LOGOUT reason code
    Then the response status is 401
    And the agent's media state stays NOT_READY

  # p171: 503 when the Notification Service is not running.
  @rule:media.notification-service-503 @requires:fault_injection @mutates
  Scenario: The Notification Service being down gives 503
    Given the agent is signed in to the media routing domain
    And the Notification Service is down
    When the agent sets their media state to NOT_READY with the global NOT_READY reason code
    Then the response status is 503

  @rule:reasoncode.other-team-code-not-allowed @mutates
  Scenario: Another team's reason code is not allowed in a media domain either
    Given the agent is READY in the media routing domain
    When the agent sets their media state to NOT_READY with the other team's NOT_READY reason code
    Then the response status is 400
    And the agent's media state stays READY

  # p171: a reason code goes with NOT_READY or LOGOUT only; the error for READY is not stated.
  @rule:media.reason-code-only-not-ready-or-logout @mutates
  Scenario: READY with a reason code is refused
    Given the agent is signed in to the media routing domain
    When the agent sets their media state to READY with the team NOT_READY reason code
    Then the response status is 400
    And the agent's media state stays NOT_READY

  # p171: the reason code is required while codes are configured for the state (the test
  # data configures NOT_READY codes for the agent's team). The error is not stated.
  @rule:media.reason-code-required-if-configured @mutates
  Scenario: NOT_READY without a reason code is refused while codes are configured
    Given the agent is READY in the media routing domain
    When the agent sets their media state to NOT_READY without a reason code
    Then the request is refused
    And the agent's media state stays READY

  @rule:media.malformed-body-400 @mutates
  Scenario: A malformed Media body is a Bad Request
    Given the agent is signed in to the media routing domain
    When the agent sends a malformed Media update
    Then the response is 400 "Bad Request"
    And the agent's media state stays NOT_READY

  @rule:media.bad-credentials-401 @mutates
  Scenario: Unknown credentials are Unauthorized on the Media API
    When someone with unknown credentials sets the agent's media state to NOT_READY
    Then the response is 401 "Authorization Failure"
