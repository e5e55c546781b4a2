# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "User—Sign In as a Mobile Agent", pages 30–32; the User object (DEV/user) and "User—Get
# User" for the mobileAgent node. Unified Mobile Agent is a Unified CCE feature (p31; the
# asynchronous error of p32 is listed for Unified CCE; the JavaScript library's User.WorkMode
# applies to Unified CCE only): the scenarios run on UCCE. "The mobile agent" is a user the
# lab configured as a mobile agent (users.mobile_agents); it signs in on its extension and
# the profile's test_data.mobile_agent_dial_number.
@guide:12.5:p31 @deployment:UCCE
Feature: User — sign in as a mobile agent
  A sign-in may carry a mobileAgent element with the connection mode (CALL_BY_CALL or
  NAILED_CONNECTION) and the number the system dials. Both are required.

  @rule:user.mobile-sign-in @rule:user.state-change-202 @rule:user.sign-in @mutates
  Scenario Outline: A mobile agent signs in in <mode> mode
    Given the mobile agent is LOGOUT
    When the mobile agent signs in as a mobile agent in mode <mode>
    Then the request is accepted
    And the mobile agent's state becomes NOT_READY
    And the mobile agent's User shows mobile agent mode <mode> and the dial number

    Examples:
      | mode              |
      | CALL_BY_CALL      |
      | NAILED_CONNECTION |

  # p32: 400 Parameter Missing when the mode or the dialNumber is not provided.
  @rule:user.mobile-sign-in-parameter-missing @mutates
  Scenario Outline: A mobile sign-in without a <what> is a missing parameter
    Given the mobile agent is LOGOUT
    When the mobile agent signs in as a mobile agent without a <what>
    Then the response is 400 "Parameter Missing"
    And the mobile agent's state stays LOGOUT

    Examples:
      | what        |
      | mode        |
      | dial number |

  # p32: 400 Invalid Input when the mode is not valid.
  @rule:user.mobile-sign-in-invalid-mode @mutates
  Scenario: A mobile sign-in with a mode that does not exist is invalid input
    Given the mobile agent is LOGOUT
    When the mobile agent signs in as a mobile agent in mode BY_CARRIER_PIGEON
    Then the response is 400 "Invalid Input"
    And the mobile agent's state stays LOGOUT

  # p32, asynchronous errors (Unified CCE): an agent who is not configured as a mobile agent
  # is refused as Mode Not Allowed. "The agent" is an ordinary agent of the profile.
  @rule:user.mobile-sign-in-not-configured @mutates
  Scenario: An agent not configured as a mobile agent cannot sign in as one
    Given the agent is LOGOUT
    When the agent signs in as a mobile agent in mode CALL_BY_CALL
    Then the agent receives an asynchronous error of type Mode Not Allowed for this request
    And the agent's state stays LOGOUT
