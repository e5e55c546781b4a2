# Sources: the developer site's "Dialog—Update Call Variable Data" and "Dialog API Errors"
# pages (Invalid Input: an unknown or repeated variable name, or an Outbound Option BA*
# variable); Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Dialog—Make a Call", p80–82 (call variables with MAKE_CALL: UCCE only, 400 Invalid Input on
# UCCX); reference.md §2.1 D4, §6.1 (callVariable1–10, ECC variables named user.…), §7.5
# (the Dialog notification carries the whole Dialog).
@requires:calls
Feature: Dialog — call data
  A participant sets the call variables, ECC variables and wrap-up reason of its call with
  PUT /finesse/api/Dialog/{id}, requestedAction UPDATE_CALL_DATA and mediaProperties. On UCCE
  a call can also start with call variables set by MAKE_CALL.

  # The update is made on a routed call: call variables belong to the contact the routing
  # created, and a lab may protect them on a direct call between agents.
  @requires:notifications @exclusive @rule:dialog.update-call-data @mutates
  Scenario: A participant sets call variables and the wrap-up reason
    Given the agent is on an ICD call from the second agent
    When the agent updates the call data with callVariable1 = "order 1234", callVariable10 = "gold", wrap-up reason "Sale"
    Then the request is accepted
    And the agent receives a Dialog notification for this request showing callVariable1 = "order 1234", callVariable10 = "gold", wrap-up reason "Sale"
    And the agent's call shows callVariable1 = "order 1234", callVariable10 = "gold", wrap-up reason "Sale"
    And the second agent's call shows callVariable1 = "order 1234"

  # Dialog API Errors: an unknown name, or a name given twice, is Invalid Input.
  @rule:dialog.update-call-data-invalid-names @mutates
  Scenario Outline: Call data with <what> is Invalid Input
    Given the agent is on a call with the second agent
    When the agent updates the call data with <data>
    Then the response is 400 "Invalid Input"
    And the agent's call shows callVariable2 = ""

    Examples:
      | what                        | data                                                     |
      | an unknown variable         | callVariable2 = "x", notAVariable = "y"                  |
      | a variable beyond the tenth | callVariable2 = "x", callVariable11 = "y"                |
      | a variable named twice      | callVariable2 = "x", callVariable2 = "y"                 |

  # Dialog API Errors lists the Outbound Option variables as Invalid Input without naming a
  # platform; reference.md reads that part of the page as UCCX's, so the rule is checked
  # where both readings agree.
  @deployment:UCCX @rule:dialog.update-call-data-outbound-variables @mutates
  Scenario: The Outbound Option variables cannot be set
    Given the agent is on a call with the second agent
    When the agent updates the call data with BACampaign = "spring"
    Then the response is 400 "Invalid Input"

  # p80–82: MAKE_CALL may carry call variables on UCCE.
  @guide:12.5:p80 @deployment:UCCE @rule:dialog.make-call-variables @rule:dialog.make-call @mutates
  Scenario: A call made with call variables shows them
    Given the agent is NOT_READY
    And the second agent is NOT_READY
    When the agent calls the second agent with callVariable3 = "from the CRM"
    Then the request is accepted
    And the second agent's call shows callVariable3 = "from the CRM"

  # p80–82: on UCCX call variables in MAKE_CALL are Invalid Input.
  @guide:12.5:p80 @deployment:UCCX @rule:dialog.make-call-variables-uccx-400 @mutates
  Scenario: A call with call variables is Invalid Input on UCCX
    Given the agent is NOT_READY
    And the second agent is NOT_READY
    When the agent calls the second agent with callVariable3 = "from the CRM"
    Then the response is 400 "Invalid Input"
    And the second agent has no dialogs
