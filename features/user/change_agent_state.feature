# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "User—Change Agent State", pages 42–47; the supervisor rules are on page 47
# (../shared/finesse/guide/p047-user-change-agent-state.txt). Transition tables: pages 42–45;
# platform differences: reference.md §4.2–4.5. Error shapes: pages 7, 29–33.
@guide:12.5:p47
Feature: User — change agent state
  An agent changes its own state with PUT /finesse/api/User/{id}. Finesse accepts the request
  with 202 and an empty body, and the new state shows on the User once processed. A supervisor
  may change the state of users on its own team, within the limits of page 47.

  # p45: sign-in is LOGIN with the extension; the agent then lands in NOT_READY.
  @guide:12.5:p45 @rule:user.state-change-202 @rule:user.sign-in @mutates
  Scenario: An agent signs in and lands in NOT_READY
    Given the agent is LOGOUT
    When the agent signs in with their extension
    Then the request is accepted
    And the agent receives a User notification with state NOT_READY for this request
    And the agent's state becomes NOT_READY

  # p29–30 (User—Sign In to Finesse, its asynchronous errors; DEV/user—sign-in-to-finesse): a
  # sign-in on a device that does not exist is accepted, then fails as Invalid Device on every
  # deployment, in the format of the Dialog CTI error notification. That page gives no CTI
  # code: the UCCE row checks the one of a real capture (reference §3.2); what UCCX sends is not
  # documented, so its row checks the type only. The extension is test_data.unknown_extension,
  # digits, so that it is looked up rather than refused as malformed (p29's 400).
  @guide:12.5:p30 @rule:user.sign-in-unknown-device @rule:user.state-change-202 @mutates
  Scenario Outline: Signing in with an extension no phone has fails as Invalid Device
    Given the agent is LOGOUT
    When the agent signs in with an unknown extension
    Then the request is accepted
    And the agent receives <error> for this request
    And the agent's state stays LOGOUT

    @deployment:UCCE
    Examples: UCCE
      | error                                                                                        |
      | an asynchronous error of type Invalid Device with code 260 CF_INVALID_LOGON_DEVICE_SPECIFIED |

    @deployment:UCCX
    Examples: UCCX
      | error                                        |
      | an asynchronous error of type Invalid Device |

  @guide:12.5:p45 @rule:user.state-change-202 @rule:user.not-ready-to-ready @mutates
  Scenario: A NOT_READY agent becomes READY
    Given the agent is NOT_READY
    When the agent sets their state to READY
    Then the request is accepted
    And the agent receives a User notification with state READY for this request
    And the agent's state becomes READY

  @guide:12.5:p45 @rule:user.state-change-202 @rule:user.ready-to-not-ready @rule:reasoncode.optional-for-api @mutates
  Scenario: A READY agent becomes NOT_READY
    Given the agent is READY
    When the agent sets their state to NOT_READY
    Then the request is accepted
    And the agent receives a User notification with state NOT_READY for this request
    And the agent's state becomes NOT_READY

  @guide:12.5:p45 @rule:user.state-change-202 @rule:user.not-ready-to-logout @mutates
  Scenario: A NOT_READY agent signs out
    Given the agent is NOT_READY
    When the agent sets their state to LOGOUT
    Then the request is accepted
    And the agent receives a User notification with state LOGOUT for this request
    And the agent's state becomes LOGOUT

  # p42–45: UCCE signs an agent out only from NOT_READY; UCCX also from READY. The guide does
  # not say how UCCE refuses it, so either a 4xx or an accepted request that changes nothing
  # passes. Only the UCCX sign-out is accepted, so only it has a notification to look for.
  @guide:12.5:p45 @deployment:UCCE @rule:user.cce-logout-only-from-not-ready @mutates
  Scenario: On UCCE signing out straight from READY is refused
    Given the agent is READY
    When the agent sets their state to LOGOUT
    Then the request is refused
    And the agent's state stays READY

  @guide:12.5:p45 @deployment:UCCX @rule:user.uccx-logout-from-ready @rule:user.state-change-202 @mutates
  Scenario: On UCCX an agent signs out straight from READY
    Given the agent is READY
    When the agent sets their state to LOGOUT
    Then the request is accepted
    And the agent receives a User notification with state LOGOUT for this request
    And the agent's state becomes LOGOUT

  # Reference §4.5: LOGOUT → NOT_READY fails asynchronously (CCE 257, CCX 1010); the codes are
  # checked per platform in notifications/async_errors.feature.
  @guide:12.5:p45 @rule:user.not-ready-needs-sign-in @mutates @rule:user.state-change-202
  Scenario: A signed-out agent cannot go NOT_READY without signing in
    Given the agent is LOGOUT
    When the agent sets their state to NOT_READY
    Then the request is accepted
    And the agent receives an asynchronous error of type Invalid State for this request
    And the agent's state stays LOGOUT

  # Reference §3.2 and §3.4: a real capture (PKG error-invalid-state.xml) shows READY for an
  # agent who is not signed in failing on the User node as Invalid State (CTI code 22, which
  # is not asserted: the capture does not say which platform it came from).
  @guide:12.5:p45 @rule:user.ready-needs-sign-in @mutates @rule:user.state-change-202
  Scenario: A signed-out agent cannot go READY without signing in
    Given the agent is LOGOUT
    When the agent sets their state to READY
    Then the request is accepted
    And the agent receives an asynchronous error of type Invalid State for this request
    And the agent's state stays LOGOUT

  # The guide's example error for a missing state: Parameter Missing, ErrorData "state".
  @guide:12.5:p48 @rule:user.state-parameter-missing @mutates
  Scenario: A state change without a state is refused as Parameter Missing
    Given the agent is NOT_READY
    When the agent sends a User update without a state
    Then the response is 400 "Parameter Missing"
    And the error data is "state"
    And the agent's state stays NOT_READY

  # p33 example: Invalid Input, ErrorData "state", for a state the API does not take.
  @guide:12.5:p33 @rule:user.invalid-state-value @mutates
  Scenario Outline: A state the API cannot set is refused as Invalid Input
    Given the agent is NOT_READY
    When the agent sets their state to <state>
    Then the response is 400 "Invalid Input"
    And the error data is "state"
    And the agent's state stays NOT_READY

    Examples:
      | state   |
      | TALKING |
      | DANCING |

  @guide:12.5:p29 @rule:user.sign-in-needs-extension @mutates
  Scenario: Signing in without an extension is refused as Parameter Missing
    Given the agent is LOGOUT
    When the agent signs in without an extension
    Then the response is 400 "Parameter Missing"
    And the error data is "extension"
    And the agent's state stays LOGOUT

  # Reference §3.5: LOGOUT while already signed out is 400 Invalid State.
  @guide:12.5:p74 @rule:user.logout-twice-invalid-state @mutates
  Scenario: Signing out twice is refused as Invalid State
    Given the agent is LOGOUT
    When the agent sets their state to LOGOUT
    Then the response is 400 "Invalid State"

  @guide:12.5:p29 @rule:user.malformed-body-400 @mutates
  Scenario: A malformed User body is refused as Bad Request
    Given the agent is NOT_READY
    When the agent sends a malformed User update
    Then the response is 400 "Bad Request"
    And the agent's state stays NOT_READY

  # p47 security constraints: agents act only on their own User object.
  @guide:12.5:p47 @rule:user.own-object-only @mutates
  Scenario: An agent cannot change another agent's state
    Given the second agent is NOT_READY
    When the agent sets the second agent's state to READY
    Then the response is 401 "Invalid Authorization User Specified"
    And the second agent's state stays NOT_READY

  @guide:12.5:p33 @rule:user.own-object-only
  Scenario: An agent cannot read another agent's User
    When the agent reads the second agent's User
    Then the response is 401 "Invalid Authorization User Specified"

  @guide:12.5:p33 @rule:user.unknown-user-404
  Scenario: Reading an unknown user is Not Found
    When the agent reads an unknown user's User
    Then the response status is 404

  # p7: every request carries Basic credentials; bad ones get 401. An unknown user name is
  # used so that a lab account is never locked out by this scenario.
  @guide:12.5:p7 @rule:user.bad-credentials-401
  Scenario: Unknown credentials are refused
    When someone with unknown credentials reads the agent's User
    Then the response is 401 "Authorization Failure"

  # ---- Supervisor rules, page 47 ----

  @rule:user.supervisor-sets-ready @mutates @rule:user.state-change-202
  Scenario: A supervisor makes an agent on its team READY
    Given the agent is NOT_READY
    When the supervisor sets the agent's state to READY
    Then the request is accepted
    And the agent receives a User notification with state READY for this request
    And the agent's state becomes READY

  # p47 + reference §4.5: the forced NOT_READY carries a hard-coded code, 999 or 33.
  @rule:user.supervisor-hardcoded-reason @mutates @rule:user.state-change-202
  Scenario Outline: A supervisor forces a READY agent NOT_READY with the hard-coded reason code
    Given the agent is READY
    When the supervisor sets the agent's state to NOT_READY
    Then the request is accepted
    And the agent receives a User notification with state NOT_READY for this request
    And the agent's state becomes NOT_READY
    And the agent's reason code is <code>

    @deployment:UCCE
    Examples: UCCE
      | code |
      | 999  |

    @deployment:UCCX
    Examples: UCCX
      | code |
      | 33   |

  @rule:user.supervisor-own-team-only @mutates
  Scenario: A supervisor cannot change the state of an agent on another team
    Given the other-team agent is READY
    When the supervisor sets the other-team agent's state to NOT_READY
    Then the response is 401 "Invalid Supervisor"
    And the other-team agent's state stays READY

  # p47 names the three states; reference §3.5 gives 400 Invalid State for a supervisor
  # setting another.
  @rule:user.supervisor-settable-states @mutates
  Scenario Outline: A supervisor may set only NOT_READY, READY or LOGOUT
    Given the agent is READY
    When the supervisor sets the agent's state to <state>
    Then the response is 400 "Invalid State"
    And the agent's state stays READY

    Examples:
      | state |
      | WORK  |
      | HOLD  |
      | LOGIN |

  @rule:user.supervisor-logout-from @mutates @rule:user.state-change-202
  Scenario Outline: A supervisor signs out an agent who is <state>
    Given the agent is <state>
    When the supervisor sets the agent's state to LOGOUT
    Then the request is accepted
    And the agent receives a User notification with state LOGOUT for this request
    And the agent's state becomes LOGOUT

    Examples:
      | state     |
      | READY     |
      | NOT_READY |

  # p47 lists the states a supervisor may sign a user out from; LOGOUT is not one of them.
  # Reference §3.5 gives 400 Invalid State for LOGOUT → LOGOUT.
  @rule:user.supervisor-logout-from @mutates
  Scenario: A supervisor cannot sign out an agent who is already signed out
    Given the agent is LOGOUT
    When the supervisor sets the agent's state to LOGOUT
    Then the response status is 400
    And the agent's state stays LOGOUT

  # p47: NOT_READY only from READY, WORK or WORK_READY; the error is not stated.
  @rule:user.supervisor-not-ready-from @mutates
  Scenario Outline: A supervisor cannot force NOT_READY on an agent who is <state>
    Given the agent is <state>
    When the supervisor sets the agent's state to NOT_READY
    Then the request is refused
    And the agent's state stays <state>
    And the agent shows no supervisor reason code

    Examples:
      | state     |
      | NOT_READY |
      | LOGOUT    |

  # p47: a reason code with a supervisor's NOT_READY is rejected with 400 Invalid Input.
  @rule:user.supervisor-no-reason-code @mutates
  Scenario: A supervisor must not send a reason code when forcing NOT_READY
    Given the agent is READY
    When the supervisor sets the agent's state to NOT_READY with the team NOT_READY reason code
    Then the response is 400 "Invalid Input"
    And the agent's state stays READY
