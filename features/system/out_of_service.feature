# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Cisco Finesse REST APIs — Out of service", page 7: while Finesse is out of service every
# API answers 503 with ErrorType "Service Unavailable", an empty ErrorData and the message
# SERVER_OUT_OF_SERVICE. Pages 29 and 171 list 503 for the Notification Service not running.
# reference.md §1.6 and §8.
@guide:12.5:p7 @requires:fault_injection
Feature: System — out of service
  Faults are switched through the profile's fault hook. Each scenario restores service.

  @rule:system.out-of-service-503 @mutates
  Scenario Outline: While Finesse is out of service, <api> answers 503 SERVER_OUT_OF_SERVICE
    Given Finesse is out of service
    When the agent calls <api>
    Then the response is 503 "Service Unavailable"
    And the error message is "SERVER_OUT_OF_SERVICE"
    And the error data is empty

    Examples:
      | api                      |
      | GET User                 |
      | PUT User state           |
      | GET ReasonCodes          |
      | GET ReasonCode           |

    @deployment:UCCE @requires:nonvoice_media
    Examples: Media APIs (UCCE)
      | api                      |
      | GET Media list           |
      | PUT Media state          |

  @guide:12.5:p29 @rule:system.notification-service-503 @mutates
  Scenario: Signing in while the Notification Service is down gives 503
    Given the agent is LOGOUT
    And the Notification Service is down
    When the agent signs in with their extension
    Then the response status is 503
    When the Notification Service is back up
    Then the agent's state stays LOGOUT

  # Not a rule of the guide: our check that the fault hook restores the target, so that the
  # scenarios after a fault start from a working Finesse.
  @rule:system.out-of-service-503 @mutates
  Scenario: Finesse answers again once it is back in service
    Given Finesse is out of service
    When the agent calls GET User
    Then the response status is 503
    When Finesse is back in service
    And the agent calls GET User
    Then the response status is 200

  # The HTTP errors section of "Cisco Finesse API Errors" (developer.cisco.com, not p7): in
  # PARTIAL_SERVICE, as in OUT_OF_SERVICE, every request gets 503. It names no ErrorType,
  # message or data for this state, so only the status is checked.
  @rule:system.partial-service-503 @mutates
  Scenario Outline: In partial service, <api> answers 503
    Given Finesse is in partial service
    When the agent calls <api>
    Then the response status is 503

    Examples:
      | api             |
      | GET User        |
      | GET ReasonCodes |
