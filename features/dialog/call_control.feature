# Sources: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Dialog—Make a Call" (p80–82) and "Dialog—Take Action on Participant" (ANSWER, HOLD,
# RETRIEVE, DROP); reference.md §6.1–6.4 (dialog and participant states, actions lists),
# §4.2–4.5 (user states during calls on CCE and CCX), §7.5 (the Dialog notification each
# accepted request causes on the acting user's Dialogs node). These are the building blocks
# the monitor, barge and preview features use as setup.
@guide:12.5:p80 @requires:calls
Feature: Dialog — call control
  An agent makes a call with POST /finesse/api/User/{id}/Dialogs (MAKE_CALL) and acts on its
  participant with PUT /finesse/api/Dialog/{id}. Each participant lists the actions its state
  allows.

  @rule:dialog.make-call @mutates
  Scenario: Calling another agent rings that agent
    Given the agent is NOT_READY
    And the second agent is NOT_READY
    When the agent calls the second agent
    Then the request is accepted
    And the agent receives a Dialog notification for this request
    And the second agent's participant becomes ALERTING
    And the second agent may ANSWER

  # Reference §4.5: answering a non-ICD call is published as TALKING on the answering
  # agent's User node on CCE; on CCX the agent stays NOT_READY and no User update comes.
  @rule:dialog.answer @rule:dialog.make-call @rule:dialog.user-states-non-icd @mutates
  Scenario Outline: Answering makes both participants active
    Given the agent is NOT_READY
    And the second agent is NOT_READY
    When the agent calls the second agent
    And the second agent answers the call
    Then the request is accepted
    And the second agent receives a Dialog notification for this request
    And the second agent's participant becomes ACTIVE
    And the agent's participant becomes ACTIVE
    And the second agent may HOLD, DROP, UPDATE_CALL_DATA, CONSULT_CALL
    And the second agent receives <answer notification> for this request

    @deployment:UCCE
    Examples: UCCE
      | answer notification                    |
      | a User notification with state TALKING |

    @deployment:UCCX
    Examples: UCCX
      | answer notification  |
      | no User notification |

  @rule:dialog.hold-retrieve @mutates
  Scenario: Holding and retrieving a call
    Given the agent is on a call with the second agent
    When the second agent holds the call
    Then the request is accepted
    And the second agent receives a Dialog notification for this request
    And the second agent's participant becomes HELD
    And the second agent may RETRIEVE, DROP, UPDATE_CALL_DATA
    When the second agent retrieves the call
    Then the request is accepted
    And the second agent receives a Dialog notification for this request
    And the second agent's participant becomes ACTIVE

  @rule:dialog.drop @mutates
  Scenario: Dropping ends a two-party call for both agents
    Given the agent is on a call with the second agent
    When the agent drops the call
    Then the request is accepted
    And the agent receives a Dialog notification for this request
    And the agent has no dialogs
    And the second agent has no dialogs

  # Reference §4.2 and §4.5: on CCE both agents go TALKING (HOLD when held, published on the
  # holder's User node); on CCX a non-ICD call leaves both NOT_READY, so there the states must
  # stay as they were and the hold publishes no User update.
  @rule:dialog.user-states-non-icd @rule:dialog.hold-retrieve @rule:dialog.drop @mutates
  Scenario Outline: The agents' states during an agent-to-agent call
    Given the agent is on a call with the second agent
    Then the agent's state <change> <talking>
    And the second agent's state <change> <talking>
    When the second agent holds the call
    Then the second agent's state <change> <held>
    And the second agent receives <hold notification> for this request
    When the agent drops the call
    Then the agent's state <change> NOT_READY
    And the second agent's state <change> NOT_READY

    @deployment:UCCE
    Examples: UCCE
      | change  | talking | held | hold notification                   |
      | becomes | TALKING | HOLD | a User notification with state HOLD |

    @deployment:UCCX
    Examples: UCCX
      | change | talking   | held      | hold notification    |
      | stays  | NOT_READY | NOT_READY | no User notification |

  # Reference §4.2: READY → RESERVED when a routed call is offered, → TALKING on answer, and
  # back to the state before the call afterwards. The UCCX table in the guide is short; that
  # CCX agents go RESERVED and TALKING on ICD calls is the reference's inference (§4.3).
  # Routing picks any READY agent of the team, so these scenarios run alone.
  @rule:dialog.icd-call-states @exclusive @rule:dialog.make-call @rule:dialog.answer @mutates
  Scenario: An ICD call reserves a READY agent, who talks once it answers
    Given the agent is READY
    And the second agent is NOT_READY
    When the second agent calls the ICD number
    Then the agent's state becomes RESERVED
    And the agent's participant becomes ALERTING
    When the agent answers the call
    Then the agent receives a User notification with state TALKING for this request
    And the agent's state becomes TALKING
    When the agent drops the call
    Then the agent's state becomes READY

  # Reference §4.5: holding an ICD call shows HOLD on CCE, published on the agent's User
  # node; a CCX agent stays TALKING and no User update comes.
  @rule:dialog.icd-hold-states @exclusive @rule:dialog.hold-retrieve @mutates
  Scenario Outline: Holding an ICD call
    Given the agent is on an ICD call from the second agent
    When the agent holds the call
    Then the agent's participant becomes HELD
    And the agent's state <how> <state>
    And the agent receives <notification> for this request

    @deployment:UCCE
    Examples: UCCE
      | how     | state | notification                        |
      | becomes | HOLD  | a User notification with state HOLD |

    @deployment:UCCX
    Examples: UCCX
      | how   | state   | notification         |
      | stays | TALKING | no User notification |

  # Reference §4.5: a READY request during a non-ICD call takes effect after the call on CCE;
  # CCX refuses it asynchronously (Invalid State; its CTI code is checked in
  # notifications/async_errors.feature), so the agent returns to NOT_READY.
  @rule:dialog.pending-state @rule:user.state-change-202 @mutates
  Scenario Outline: Asking for READY during a call
    Given the agent is on a call with the second agent
    When the agent sets their state to READY
    Then the request is accepted
    And the agent receives <outcome> for this request
    When the agent drops the call
    Then the agent's state <change> <after>

    @deployment:UCCE
    Examples: UCCE
      | outcome               | change  | after |
      | no asynchronous error | becomes | READY |

    @deployment:UCCX
    Examples: UCCX
      | outcome                                     | change | after     |
      | an asynchronous error of type Invalid State | stays  | NOT_READY |

  # Reference §2.1 D2: toAddress equal to fromAddress is 400 Invalid Destination.
  @rule:dialog.make-call-invalid-destination @mutates
  Scenario: Calling one's own extension is Invalid Destination
    Given the agent is NOT_READY
    When the agent calls their own extension
    Then the response is 400 "Invalid Destination"
    And the agent has no dialogs

  @rule:dialog.make-call-parameter-missing @mutates
  Scenario: A call without a destination is Parameter Missing
    Given the agent is NOT_READY
    When the agent makes a call without a destination
    Then the response is 400 "Parameter Missing"

  # G12.5 p109: an action that is not in the participant's actions list fails
  # asynchronously (Generic Error); nothing changes.
  @guide:12.5:p109 @rule:dialog.action-not-in-list @rule:dialog.make-call @mutates
  Scenario: An action the participant does not offer changes nothing
    Given the agent is NOT_READY
    And the second agent is NOT_READY
    When the agent calls the second agent
    Then the second agent's participant becomes ALERTING
    When the second agent holds the call
    Then the request is refused
    And the second agent's participant stays ALERTING

  # G12.5 p80: an unknown dialogId is Not Found.
  @rule:dialog.unknown-dialog-404
  Scenario: Reading an unknown dialog is Not Found
    When the agent reads an unknown dialog
    Then the response status is 404

  # G12.5 p80 and reference §4.2: on UCCE 12.5 an agent may call out from READY and is then
  # NOT_READY with reason code 50006 while the call is in progress.
  @deployment:UCCE @rule:reasoncode.make-call-from-ready-50006 @rule:dialog.make-call @mutates
  Scenario: Calling out from READY on UCCE gives NOT_READY with reason 50006
    Given the agent is READY
    And the second agent is NOT_READY
    When the agent calls the second agent
    Then the request is accepted
    And the agent receives a Dialog notification for this request
    And the agent's state becomes NOT_READY
    And the agent's reason code is 50006

  # p32: the user in the URI must be the one in the credentials.
  @guide:12.5:p32 @rule:dialog.act-for-other-user-401 @mutates
  Scenario: An agent cannot make a call on another agent's behalf
    Given the agent is NOT_READY
    And the second agent is NOT_READY
    When the second agent makes a call on the agent's behalf
    Then the response is 401 "Invalid Authorization User Specified"
    And the agent has no dialogs

  # p82 lists 401 Authorization Failure for MAKE_CALL: credentials Finesse rejects.
  @guide:12.5:p82 @rule:dialog.bad-credentials-401 @mutates
  Scenario: A call with unknown credentials is an Authorization Failure
    Given the agent is NOT_READY
    When someone with unknown credentials sends the agent's call request
    Then the response is 401 "Authorization Failure"
    And the second agent has no dialogs

  # p82 lists 400 Bad Request for a request body that is invalid.
  @guide:12.5:p82 @rule:dialog.malformed-body-400 @mutates
  Scenario: A call request that is not well-formed XML is a Bad Request
    Given the agent is NOT_READY
    When the agent sends a malformed call request
    Then the response is 400 "Bad Request"
    And the agent has no dialogs

  # p80: Dialog—Get Dialog answers the Dialog object by its id.
  @guide:12.5:p80 @rule:dialog.get @mutates
  Scenario: A participant reads its call by id
    Given the agent is on a call with the second agent
    When the agent reads the call by its id
    Then the response status is 200
    And the dialog read by id has the agent's participant ACTIVE
