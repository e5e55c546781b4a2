# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "User—Change Agent State with Reason Code", page 51, and "User—Get Reason Code (List)",
# pages 52–53; and the Cisco community thread "Changing agent state and code with API"
# (../shared/finesse/guide/community-thread-reasoncode-not-allowed.txt, "COMM" below).
# Rules as summarised in reference.md §4.7.
@guide:12.5:p51
Feature: User — change agent state with a reason code
  A reasonCodeId goes with NOT_READY or LOGOUT. It is the database id from the reason code's
  uri, not its code. Usable codes are global or assigned to the user's team; system codes and
  another team's codes are refused with finesse.api.reasoncode.not_allowed.

  @rule:reasoncode.team-code-accepted @mutates @rule:user.state-change-202
  Scenario: An agent goes NOT_READY with a reason code of its team
    Given the agent is READY
    When the agent sets their state to NOT_READY with the team NOT_READY reason code
    Then the request is accepted
    And the agent receives a User notification with state NOT_READY for this request
    And the agent's state becomes NOT_READY
    And the agent's reason code id is the team NOT_READY reason code

  @rule:reasoncode.global-code-accepted @mutates @rule:user.state-change-202
  Scenario: An agent goes NOT_READY with a global reason code
    Given the agent is READY
    When the agent sets their state to NOT_READY with the global NOT_READY reason code
    Then the request is accepted
    And the agent receives a User notification with state NOT_READY for this request
    And the agent's state becomes NOT_READY
    And the agent's reason code id is the global NOT_READY reason code

  # COMM (2019): the same API signs out with a LOGOUT reason code.
  @rule:reasoncode.logout-code-accepted @mutates @rule:user.state-change-202
  Scenario Outline: An agent signs out with a <kind> LOGOUT reason code
    Given the agent is NOT_READY
    When the agent sets their state to LOGOUT with the <kind> LOGOUT reason code
    Then the request is accepted
    And the agent receives a User notification with state LOGOUT for this request
    And the agent's state becomes LOGOUT

    Examples:
      | kind   |
      | global |
      | team   |

  # COMM: the thread's later posts show NOT_READY without a reasonCodeId working fine.
  @guide:community:3920309 @rule:reasoncode.optional-for-api @rule:user.ready-to-not-ready @mutates @rule:user.state-change-202
  Scenario: NOT_READY without a reason code is accepted
    Given the agent is READY
    When the agent sets their state to NOT_READY
    Then the request is accepted
    And the agent receives a User notification with state NOT_READY for this request
    And the agent's state becomes NOT_READY

  # COMM: the reasonCodeId is the number in the uri; the code value is something else.
  @guide:community:3920309 @rule:reasoncode.database-id @mutates @rule:reasoncode.unknown-does-not-exist @rule:reasoncode.get-unknown-404
  Scenario: The code value is not a reason code id
    Given the agent is READY
    When the agent sets their state to NOT_READY with the team NOT_READY reason code's code value as the id
    Then the response status is 400
    And the error message contains "ReasonCode does not exist"
    And the agent's state stays READY

  # COMM (UCCX): an id that does not exist gives "ReasonCode does not exist, codeId=…".
  @guide:community:3920309 @rule:reasoncode.unknown-does-not-exist @mutates
  Scenario: An unknown reason code id does not exist
    Given the agent is READY
    When the agent sets their state to NOT_READY with an unknown reason code id
    Then the response status is 400
    And the error message contains "ReasonCode does not exist"
    And the agent's state stays READY

  # COMM: system reason codes are listed only so that admins know which codes are taken; the
  # thread's NOT_READY with a system code gets not_allowed.
  @guide:community:3920309 @rule:reasoncode.system-code-not-allowed @mutates
  Scenario: A system reason code is not allowed
    Given the agent is READY
    When the agent sets their state to NOT_READY with the system NOT_READY reason code
    Then the response is 400 "Invalid Input"
    And the error data is "finesse.api.reasoncode.not_allowed"
    And the agent's state stays READY

  # Reference §4.7: a usable code is global or assigned to one of the user's teams; COMM asks
  # exactly this ("Are you sure that the user is part of that particular team?").
  @guide:community:3920309 @rule:reasoncode.other-team-code-not-allowed @mutates
  Scenario: Another team's reason code is not allowed
    Given the agent is READY
    When the agent sets their state to NOT_READY with the other team's NOT_READY reason code
    Then the response is 400 "Invalid Input"
    And the error data is "finesse.api.reasoncode.not_allowed"
    And the agent's state stays READY

  # Reference §4.6: the with-reason-code API lets users act only on their own User object, so
  # a supervisor can never attach a reason code; the reference reads COMM's not_allowed this way.
  @guide:community:3920309 @rule:reasoncode.own-object-only @mutates
  Scenario: A supervisor cannot attach a reason code to an agent's state change
    Given the agent is NOT_READY
    When the supervisor sets the agent's state to LOGOUT with the global LOGOUT reason code
    Then the response is 400 "Invalid Input"
    And the error data is "finesse.api.reasoncode.not_allowed"
    And the agent's state stays NOT_READY

  # p51: the API takes a reason code only for NOT_READY or LOGOUT.
  @rule:reasoncode.only-not-ready-or-logout @mutates
  Scenario: A reason code with READY is refused
    Given the agent is NOT_READY
    When the agent sets their state to READY with the global NOT_READY reason code
    Then the response status is 400
    And the agent's state stays NOT_READY

  # p52–53 and COMM: a user's list holds global codes and its team's codes, each with the
  # database id in its uri.
  @guide:12.5:p53 @rule:reasoncode.list-per-user
  Scenario: An agent's NOT_READY list holds its team's codes and the global ones
    When the agent lists their NOT_READY reason codes
    Then the response status is 200
    And the list holds the team NOT_READY reason code
    And the list holds the global NOT_READY reason code
    And the list does not hold the other team's NOT_READY reason code

  @guide:12.5:p53 @rule:reasoncode.list-per-user
  Scenario: The other-team agent's list holds its own team's code
    When the other-team agent lists their NOT_READY reason codes
    Then the response status is 200
    And the list holds the other team's NOT_READY reason code
    And the list does not hold the team NOT_READY reason code

  @guide:12.5:p53 @rule:reasoncode.list-needs-category
  Scenario: Listing reason codes needs a category
    When the agent lists their reason codes without a category
    Then the response status is 400

  @guide:12.5:p52 @rule:reasoncode.get-by-id
  Scenario: An agent reads one reason code by its database id
    When the agent reads the team NOT_READY reason code
    Then the response status is 200
    And the reason code's category is NOT_READY

  @guide:12.5:p52 @rule:reasoncode.get-unknown-404
  Scenario: Reading an unknown reason code is Not Found
    When the agent reads an unknown reason code
    Then the response status is 404

  # COMM: NOT_READY and LOGOUT have their own reason codes (ids differ per category). How a
  # server refuses a code of the other category is not said.
  @guide:community:3920309 @rule:reasoncode.category-must-match @mutates
  Scenario: A LOGOUT reason code is no NOT_READY reason code
    Given the agent is READY
    When the agent sets their state to NOT_READY with the global LOGOUT reason code
    Then the request is refused
    And the agent's state stays READY

  # COMM (UCCX): a sign-out with system reason code 33 "works perfectly".
  @guide:community:3920309 @deployment:UCCX @rule:reasoncode.system-code-logout-uccx @rule:user.state-change-202 @mutates
  Scenario: On UCCX an agent signs out with a system LOGOUT reason code
    Given the agent is NOT_READY
    When the agent sets their state to LOGOUT with the system LOGOUT reason code
    Then the request is accepted
    And the agent receives a User notification with state LOGOUT for this request
    And the agent's state becomes LOGOUT

  # Reference §4.1: reasonCodeId is -1 when no code applies, e.g. just after sign-in.
  @guide:12.5:p45 @rule:reasoncode.none-is-minus-one @rule:user.sign-in @mutates
  Scenario: Just after sign-in the reason code id is -1
    Given the agent is LOGOUT
    When the agent signs in with their extension
    Then the agent's state becomes NOT_READY
    And the agent's reason code is -1

  # p52 and reference §4.7: a ReasonCode carries uri, category, code, label and forAll.
  @guide:12.5:p52 @rule:reasoncode.object-fields
  Scenario: A reason code carries its uri, category, code, label and forAll
    When the agent reads the team NOT_READY reason code
    Then the response status is 200
    And the reason code has a uri, category, code, label and forAll

  # Reference §4.7: only an administrator reads another user's reason codes.
  @guide:12.5:p52 @rule:reasoncode.read-other-user-401
  Scenario: An agent cannot list another user's reason codes
    When the agent lists the second agent's NOT_READY reason codes
    Then the response status is 401

  # p46, reference §4.4: on UCCE an agent may leave a progressive or predictive reservation
  # (RESERVED_OUTBOUND) for NOT_READY only with a reason code while NOT_READY codes are
  # configured. The error is not stated. The hook places the reservation, as a dialer would.
  @guide:12.5:p46 @deployment:UCCE @rule:reasoncode.reserved-outbound-needs-code @mutates
  Scenario: Leaving a progressive reservation for NOT_READY without a reason code is refused
    Given the agent has a progressive reservation
    When the agent sets their state to NOT_READY
    Then the request is refused
    And the agent's state stays RESERVED_OUTBOUND

  @guide:12.5:p46 @deployment:UCCE @rule:reasoncode.reserved-outbound-needs-code @rule:user.state-change-202 @mutates
  Scenario: Leaving a progressive reservation for NOT_READY with a reason code is accepted
    Given the agent has a progressive reservation
    When the agent sets their state to NOT_READY with the global NOT_READY reason code
    Then the request is accepted
    And the agent receives a User notification with state NOT_READY for this request
    And the agent's state becomes NOT_READY
