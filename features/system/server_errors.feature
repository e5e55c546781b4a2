# Source: developer.cisco.com "Cisco Finesse API Errors", HTTP errors (12.6-era text; the
# 12.5(1) guide's p7 lists the same statuses): Finesse answers 500 for a database error
# while the database is thought to be up (DB_RUNTIME_EXCEPTION), for any other runtime
# exception, a CTI link lost but not yet noticed among them (RUNTIME_EXCEPTION), and when the
# AWS services it uses are down (AWS_SERVICE_UNAVAILABLE). The page names the kind without
# saying which element carries it, so the check accepts it in any ErrorType, ErrorMessage or
# ErrorData. "User API Errors" and "Dialog API Errors" answer a runtime exception with
# ErrorType Internal Server Error.
# A lab provokes each kind through its profile hook (see docs/profile-schema.md); without
# the hook commands these scenarios are skipped with the reason.
@guide:12.5:p7 @requires:fault_injection
Feature: System — server errors (500)
  Each scenario switches one server-side failure on through the hook; the cleanup clears it.

  @rule:system.db-runtime-exception-500 @mutates
  Scenario: A database error while the database looks up answers 500 DB_RUNTIME_EXCEPTION
    Given Finesse meets a database runtime exception
    When the agent calls GET User
    Then the response status is 500
    And the error names "DB_RUNTIME_EXCEPTION"

  @rule:system.runtime-exception-500 @mutates
  Scenario Outline: A runtime exception answers <api> with 500 Internal Server Error
    Given Finesse meets a runtime exception
    When the agent calls <api>
    Then the response is 500 "Internal Server Error"
    And the error names "RUNTIME_EXCEPTION"

    Examples:
      | api            |
      | GET User       |
      | PUT User state |

  @rule:system.aws-unavailable-500 @mutates
  Scenario: Finesse answers 500 AWS_SERVICE_UNAVAILABLE while the AWS services are down
    Given the AWS services are unavailable to Finesse
    When the agent calls GET User
    Then the response status is 500
    And the error names "AWS_SERVICE_UNAVAILABLE"
