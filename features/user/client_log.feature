# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1), p163
# (the ClientLog object: POST only); developer.cisco.com/docs/finesse "ClientLog API
# Parameters" (logData at most 1,048,576 characters) and "ClientLog API Errors" (400
# Parameter Missing, 400 Invalid Input for a logData over the limit, 400 Operation Failure,
# 401 Authorization Failure, 401 Invalid Authorization User Specified, 405 for GET or PUT).
# The page with the success status is not among the stored ones, so any 2xx passes. Operation
# Failure (the server failed to store the log) has no request that provokes it.
@guide:12.5:p163 @mutates
Feature: ClientLog — post a client log
  A desktop or gadget sends its client-side log to Finesse with POST on the user's
  ClientLog; Finesse stores it as a file named after the user.

  @rule:clientlog.post
  Scenario: An agent posts its client log
    When the agent posts a client log of 100 characters
    Then the request succeeds

  @rule:clientlog.post @rule:clientlog.size-limit
  Scenario: A client log of exactly 1,048,576 characters is accepted
    When the agent posts a client log of 1048576 characters
    Then the request succeeds

  @rule:clientlog.size-limit
  Scenario: A client log of 1,048,577 characters is Invalid Input
    When the agent posts a client log of 1048577 characters
    Then the response is 400 "Invalid Input"

  @rule:clientlog.parameter-missing
  Scenario: A client log without logData is Parameter Missing
    When the agent posts a client log without logData
    Then the response is 400 "Parameter Missing"

  @rule:user.own-object-only
  Scenario: An agent cannot post another agent's client log
    When the second agent posts the agent's client log
    Then the response is 401 "Invalid Authorization User Specified"

  @rule:user.bad-credentials-401
  Scenario: A client log with unknown credentials is an Authorization Failure
    When someone with unknown credentials posts the agent's client log
    Then the response is 401 "Authorization Failure"

  @rule:clientlog.post-only
  Scenario Outline: <method> on a ClientLog is Method Not Allowed
    When the agent sends <method> to their ClientLog
    Then the response is 405 "Method Not Allowed"

    Examples:
      | method |
      | GET    |
      | PUT    |
