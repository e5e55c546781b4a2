# Sources: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Dialog—Take Action on Participant", p86 (TRANSFER; a transfer without a consult call fails
# asynchronously with Generic Error), the participant state table p126–127 (TRANSFER completes
# a transfer between the held call and the active call; a HELD participant gets it while an
# active call exists), "Dialog Notification" (p349; DEV/dialog-notification: after a consult,
# transferring the original call leaves the original call as the surviving one, with its
# fromAddress and toAddress). The request goes on the held original dialog, as in the
# developer forum's consult-and-transfer flow (reference §6.4). Both platforms; reference
# §4.2–4.5 for the user states after the call.
@guide:12.5:p86 @requires:calls
Feature: Dialog — transfer after a consult
  After the consulted party answers, the agent completes the consult as a transfer with
  TRANSFER on the held original call: the original call's other party talks to the consulted
  party and the agent leaves both calls.

  @rule:dialog.transfer @rule:dialog.consult @rule:dialog.user-states-non-icd @mutates
  Scenario Outline: A transfer connects the caller with the consulted agent
    Given the agent is on a call with the second agent
    And the agent has a consult call answered by the other-team agent
    When the agent transfers the call
    Then the request is accepted
    And the agent receives a Dialog notification for this request
    And the agent has no dialogs
    And the second agent and the other-team agent are connected
    And the second agent's call still runs from the agent's extension to the second agent's extension
    And the other-team agent has 1 dialog
    And the agent's state <change> NOT_READY
    And the other-team agent's state <change> <talking>

    @deployment:UCCE
    Examples: UCCE
      | change  | talking |
      | becomes | TALKING |

    @deployment:UCCX
    Examples: UCCX
      | change | talking   |
      | stays  | NOT_READY |

  @rule:dialog.transfer-without-consult @mutates
  Scenario: A transfer without a consult call fails with Generic Error
    Given the agent is on a call with the second agent
    When the agent transfers the call
    Then the agent receives an asynchronous error of type Generic Error for this request
    And the agent's participant stays ACTIVE
    And the agent's call keeps 2 participants

  # p86: a transfer or a conference on the original call after the agent retrieved it fails
  # asynchronously with Generic Error.
  @rule:dialog.completion-after-retrieve @rule:dialog.hold-retrieve @mutates
  Scenario Outline: After retrieving the original call, a <action> on it fails with Generic Error
    Given the agent is on a call with the second agent
    And the agent has a consult call answered by the other-team agent
    When the agent retrieves the call
    Then the agent's participant in the original call becomes ACTIVE
    When the agent <verb> the original call
    Then the agent receives an asynchronous error of type Generic Error for this request
    And the agent's call keeps 2 participants

    Examples:
      | action     | verb        |
      | transfer   | transfers   |
      | conference | conferences |
