# Source: developer.cisco.com "Dialog API Errors": any runtime exception is answered 500
# Internal Server Error (and Cisco Finesse API Errors, HTTP errors, for RUNTIME_EXCEPTION).
# A lab provokes one through its hook (capabilities.fault_injection.commands.runtime_exception).
@guide:12.5:p80 @requires:fault_injection @requires:calls
Feature: Dialog — server error
  A call request while Finesse meets a runtime exception.

  @rule:system.runtime-exception-500 @mutates
  Scenario: A runtime exception answers a call request with 500 Internal Server Error
    Given the agent is NOT_READY
    And the second agent is NOT_READY
    And Finesse meets a runtime exception
    When the agent calls the second agent
    Then the response is 500 "Internal Server Error"
