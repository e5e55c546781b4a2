# Source: the developer site's "Dialog CTI Error Notification" page (reference.md §3.2, §7.5):
# a call operation (MAKE_CALL, HOLD, RETRIEVE, ANSWER, END, TRANSFER, CONSULT, CONFERENCE) that
# CTI refuses fails after its 202 with apiErrors of type Call Operation Failure, the CTI error
# code in errorData and its constant in errorMessage, published on the user's Dialogs node
# with the Dialog as source and an empty requestId in the page's payload (a target that
# echoes the request's requestId passes too). The page's sample is 34
# CF_RESOURCE_OUT_OF_SERVICE, the error of a resource that is out of service; a lab names a
# phone that exists but is out of service in test_data.out_of_service_device.
@requires:notifications @requires:calls
Feature: Notifications — Dialog CTI errors
  A call operation that CTI refuses is accepted, then fails with the CTI error code and
  constant on the Dialogs node of the user who asked.

  @rule:notify.dialog-cti-error-call-operation-failure @rule:notify.dialog-cti-error @mutates
  Scenario: A call to an out-of-service phone fails with the CTI error
    Given the agent is NOT_READY
    When the agent calls the out-of-service phone
    Then the request is accepted
    And the agent receives an asynchronous error of type Call Operation Failure with code 34 CF_RESOURCE_OUT_OF_SERVICE for this request
    And the asynchronous error for this request arrives on the agent's Dialogs node
