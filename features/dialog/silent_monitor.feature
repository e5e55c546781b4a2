# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Dialog—Make a Silent Monitor Call" and "End a Silent Monitor Call", p98–99;
# reference.md §6.5 and §2.1 D8–D9.
@guide:12.5:p98 @requires:calls
Feature: Dialog — silent monitor
  A supervisor who is NOT_READY monitors an agent of its team who is on a call, with
  SILENT_MONITOR from its own extension to the agent's. It ends the session with DROP.

  @rule:dialog.silent-monitor @mutates
  Scenario: A supervisor silently monitors an agent on a call
    Given the agent is on a call with the second agent
    And the supervisor is NOT_READY
    When the supervisor silently monitors the agent
    Then the request is accepted
    And the supervisor receives a Dialog notification for this request
    And the supervisor has a silent monitoring session on the agent

  # p98–99: CCE supervisor TALKING while monitoring; CCX supervisor stays NOT_READY.
  @rule:dialog.silent-monitor-states @mutates
  Scenario Outline: The supervisor's state while monitoring
    Given the agent is on a call with the second agent
    And the supervisor is silently monitoring the agent
    Then the supervisor's state <change> <state>

    @deployment:UCCE
    Examples: UCCE
      | change  | state   |
      | becomes | TALKING |

    @deployment:UCCX
    Examples: UCCX
      | change | state     |
      | stays  | NOT_READY |

  # Reference §2.1 D8: 401 for an agent the supervisor may not monitor.
  @rule:dialog.silent-monitor-own-team-only @mutates
  Scenario: A supervisor cannot monitor an agent on another team
    Given the agent is on a call with the other-team agent
    And the supervisor is NOT_READY
    When the supervisor silently monitors the other-team agent
    Then the response status is 401
    And the supervisor gets no silent monitoring session

  # Reference §6.5: a supervisor already TALKING gets 400 Invalid State. On CCE a monitoring
  # supervisor is TALKING.
  @deployment:UCCE @rule:dialog.silent-monitor-supervisor-busy @rule:dialog.silent-monitor-states @mutates
  Scenario: A supervisor who is already talking cannot start another session
    Given the agent is on a call with the second agent
    And the supervisor is silently monitoring the agent
    When the supervisor silently monitors the second agent
    Then the response is 400 "Invalid State"

  # p99: the agent must be on a call (CCE 13145 / CCX 88049 asynchronously otherwise).
  @rule:dialog.silent-monitor-agent-on-call @mutates
  Scenario: An agent who is not on a call cannot be monitored
    Given the agent is NOT_READY
    And the supervisor is NOT_READY
    When the supervisor silently monitors the agent
    Then the request is refused
    And the supervisor gets no silent monitoring session

  @guide:12.5:p99 @rule:dialog.silent-monitor-end @mutates
  Scenario: The supervisor ends the session with DROP
    Given the agent is on a call with the second agent
    And the supervisor is silently monitoring the agent
    When the supervisor ends the monitoring
    Then the request is accepted
    And the supervisor receives a Dialog notification for this request
    And the supervisor has no dialogs
    And the supervisor's state becomes NOT_READY
    And the agent's participant stays ACTIVE

  @guide:12.5:p99 @rule:dialog.silent-monitor-ends-with-call @rule:dialog.drop @mutates
  Scenario: The session ends when the agent's call ends
    Given the agent is on a call with the second agent
    And the supervisor is silently monitoring the agent
    When the agent drops the call
    Then the supervisor has no dialogs

  # p98: the supervisor must be NOT_READY. The page names no error for READY, so either a
  # 4xx or an accepted request that starts nothing passes.
  @rule:dialog.silent-monitor-supervisor-not-ready @mutates
  Scenario: A READY supervisor cannot start silent monitoring
    Given the agent is on a call with the second agent
    And the supervisor is READY
    When the supervisor silently monitors the agent
    Then the request is refused
    And the supervisor gets no silent monitoring session

  # p98, reference §6.4: fromAddress must be the supervisor's own extension (400 Invalid Input
  # is the mock's reading; the page does not pair an error with it).
  @rule:dialog.silent-monitor-from-own-extension @mutates
  Scenario: Silent monitoring from another extension is refused
    Given the agent is on a call with the second agent
    And the supervisor is NOT_READY
    When the supervisor silently monitors the agent from the second agent's extension
    Then the response status is 400
    And the supervisor gets no silent monitoring session

  # Reference §6.5: a silent monitor call cannot itself be monitored. The error is not stated.
  @rule:dialog.silent-monitor-not-a-monitor-call @rule:dialog.silent-monitor-agent-on-call @mutates
  Scenario: A supervisor's monitoring session cannot be monitored
    Given the agent is on a call with the second agent
    And the supervisor is silently monitoring the agent
    And the second supervisor is NOT_READY
    When the second supervisor silently monitors the supervisor
    Then the request is refused
    And the second supervisor gets no silent monitoring session

  # p98 lists 400 Parameter Missing; toAddress, the agent's extension, is required.
  @rule:dialog.silent-monitor-parameter-missing @mutates
  Scenario: A silent monitor without the agent's extension is Parameter Missing
    Given the agent is on a call with the second agent
    And the supervisor is NOT_READY
    When the supervisor silently monitors without a toAddress
    Then the response is 400 "Parameter Missing"
    And the supervisor gets no silent monitoring session

  # p98 lists 401 Authorization Failure and 401 Invalid Authorization User Specified.
  @rule:dialog.bad-credentials-401 @mutates
  Scenario: A silent monitor with unknown credentials is an Authorization Failure
    Given the agent is on a call with the second agent
    And the supervisor is NOT_READY
    When someone with unknown credentials sends the supervisor's silent monitor request
    Then the response is 401 "Authorization Failure"
    And the supervisor gets no silent monitoring session

  @rule:dialog.act-for-other-user-401 @mutates
  Scenario: A silent monitor on another supervisor's URI is refused
    Given the agent is on a call with the second agent
    And the supervisor is NOT_READY
    When the second supervisor sends the supervisor's silent monitor request
    Then the response is 401 "Invalid Authorization User Specified"
    And the supervisor gets no silent monitoring session
