# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Dialog—Make a Barge Call", p101–102 (../shared/finesse/guide/p102-dialog-barge-call.txt);
# reference.md §6.5 and §2.1 D10–D11. The page lists 400 Invalid Destination, 400 20700
# (conference resource limit), 400 20999 (barge via a non-conference-controller, or an
# outstanding consult call), 401 Invalid Authorization User Specified.
@guide:12.5:p102 @requires:calls
Feature: Dialog — barge
  A supervisor barges into a call it is silently monitoring with BARGE_CALL, naming the
  monitoring dialog in associatedDialogUri. The call becomes a conference with the agent as
  its controller.

  @rule:dialog.barge @mutates
  Scenario: Barging into a monitored call joins the supervisor to it
    Given the agent is on a call with the second agent
    And the supervisor is silently monitoring the agent
    When the supervisor barges in on the agent's call
    Then the request is accepted
    And the supervisor receives a Dialog notification for this request
    And the supervisor is on the agent's call
    And the agent's call has 3 participants

  # p101: a supervisor must be monitoring the call before barging in. The page gives no
  # error for it, so a 4xx or an accepted request that changes nothing passes.
  @rule:dialog.barge-needs-monitoring @mutates
  Scenario: A supervisor must be monitoring the call to barge in
    Given the agent is on a call with the second agent
    And the supervisor is NOT_READY
    When the supervisor barges in on the agent's call without monitoring it
    Then the request is refused
    And the agent's call keeps 2 participants

  # Barging needs a monitoring session (p101), and monitoring needs the agent on the
  # supervisor's team (p98–99, reference §6.5); 401 is the refusal p102 lists for a user the
  # request may not act for.
  @rule:dialog.barge-own-team-only @mutates
  Scenario: A supervisor cannot barge into the call of an agent on another team
    Given the agent is on a call with the other-team agent
    And the supervisor is NOT_READY
    When the supervisor barges in on the other-team agent's call without monitoring it
    Then the response status is 401
    And the agent's call keeps 2 participants

  @rule:dialog.barge-bridge-full-20700 @requires:fault_injection @mutates
  Scenario: No free conference bridge gives 20700
    Given the agent is on a call with the second agent
    And the supervisor is silently monitoring the agent
    And the conference bridge is full
    When the supervisor barges in on the agent's call
    Then the response is 400 "20700"
    And the agent's call keeps 2 participants

  # After the first barge the agent controls the conference; the second agent does not.
  @rule:dialog.barge-controller-only-20999 @mutates
  Scenario: Barging in through an agent who does not control the conference gives 20999
    Given the agent is on a call with the second agent
    And the supervisor has barged in on the agent's call
    And the second supervisor is silently monitoring the second agent
    When the second supervisor barges in on the second agent's call
    Then the response is 400 "20999"
    And the agent's call keeps 3 participants

  # p102: 20999 also when the agent has an outstanding consult call. The consult puts the
  # original call on hold; the consult case is the one the page names.
  @rule:dialog.barge-outstanding-consult-20999 @mutates
  Scenario: Barging in while the agent has a consult call out gives 20999
    Given the agent is on a call with the second agent
    And the supervisor is silently monitoring the agent
    And the agent consults the other-team agent
    When the supervisor barges in on the agent's call
    Then the response is 400 "20999"
    And the agent's call keeps 2 participants

  @rule:dialog.barge-agent-held-invalid-destination @mutates
  Scenario: Barging in while the agent holds the call is Invalid Destination
    Given the agent is on a call with the second agent
    And the supervisor is silently monitoring the agent
    And the agent holds the call
    And the agent's participant becomes HELD
    When the supervisor barges in on the agent's call
    Then the response is 400 "Invalid Destination"
    And the agent's call keeps 2 participants

  # p102, Platform-Based API Differences: on CCE the supervisor is TALKING while monitoring and
  # after barging, the agent TALKING throughout. On CCX the supervisor is NOT_READY while
  # monitoring; after barging an ICD call it is TALKING; on a non-ICD call both stay NOT_READY.
  # ICD rows run alone, because routing may pick any READY agent of the team.
  @rule:dialog.barge-states @rule:dialog.silent-monitor-states @rule:dialog.barge @mutates
  Scenario Outline: States while monitoring and after barging, <call>
    Given the agent is on <call>
    And the supervisor is silently monitoring the agent
    Then the supervisor's state <m> <monitoring>
    And the agent's state stays <agent>
    When the supervisor barges in on the agent's call
    Then the supervisor is on the agent's call
    And the supervisor's state <b> <barged>
    And the agent's state stays <agent>

    @deployment:UCCE
    Examples: UCCE, non-ICD call
      | call                         | m       | monitoring | b     | barged  | agent   |
      | a call with the second agent | becomes | TALKING    | stays | TALKING | TALKING |

    @deployment:UCCE @exclusive
    Examples: UCCE, ICD call
      | call                              | m       | monitoring | b     | barged  | agent   |
      | an ICD call from the second agent | becomes | TALKING    | stays | TALKING | TALKING |

    @deployment:UCCX
    Examples: UCCX, non-ICD call
      | call                         | m     | monitoring | b     | barged    | agent     |
      | a call with the second agent | stays | NOT_READY  | stays | NOT_READY | NOT_READY |

    @deployment:UCCX @exclusive
    Examples: UCCX, ICD call
      | call                              | m     | monitoring | b       | barged  | agent   |
      | an ICD call from the second agent | stays | NOT_READY  | becomes | TALKING | TALKING |

  # Reference §2.1 D11: the supervisor ends a barge with DROP; the call goes on.
  @rule:dialog.barge-end @mutates
  Scenario: The supervisor leaves the barged call and the agents stay connected
    Given the agent is on a call with the second agent
    And the supervisor has barged in on the agent's call
    When the supervisor leaves the call
    Then the request is accepted
    And the supervisor receives a Dialog notification for this request
    And the supervisor has no dialogs
    And the agent's call keeps 2 participants

  @rule:dialog.barge-parameter-missing @mutates
  Scenario: A barge without associatedDialogUri is Parameter Missing
    Given the agent is on a call with the second agent
    And the supervisor is silently monitoring the agent
    When the supervisor barges in on the agent's call without an associatedDialogUri
    Then the response is 400 "Parameter Missing"
    And the agent's call keeps 2 participants

  # Reference §3.5: a malformed field is Invalid Input.
  @rule:dialog.barge-invalid-input @mutates
  Scenario: A barge naming something that is no Dialog URI is Invalid Input
    Given the agent is on a call with the second agent
    And the supervisor is silently monitoring the agent
    When the supervisor barges in on the agent's call with a malformed associatedDialogUri
    Then the response is 400 "Invalid Input"
    And the agent's call keeps 2 participants

  # p82, reference §6.5: an administrator has no device and is no authorized supervisor.
  @guide:12.5:p82 @rule:dialog.admin-cannot-barge @mutates
  Scenario: An administrator cannot barge in
    Given the agent is on a call with the second agent
    And the supervisor is silently monitoring the agent
    When the administrator barges in on the agent's call
    Then the response is 401 "Invalid Authorization User Specified"
    And the agent's call keeps 2 participants

  @rule:dialog.bad-credentials-401 @mutates
  Scenario: A barge with unknown credentials is an Authorization Failure
    Given the agent is on a call with the second agent
    And the supervisor is silently monitoring the agent
    When someone with unknown credentials barges in on the agent's call as the supervisor
    Then the response is 401 "Authorization Failure"
    And the error message is "UNAUTHORIZED"
    And the agent's call keeps 2 participants
