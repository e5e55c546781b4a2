# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "User—Change Agent State", p47 (../shared/finesse/guide/p047-user-change-agent-state.txt);
# reference.md §4.4. The wrap-up agent's desk settings must ask for wrap-up on incoming calls,
# and the profile gives its timer (test_data.wrap_up_timer). On UCCX wrap-up belongs to the
# queue, so the UCCX scenarios use a call routed through the ICD number. The scenarios also
# rely on DROP ending the call and on a state asked for during the call, hence their extra
# @rule tags.
@guide:12.5:p47 @requires:calls
Feature: User — wrap-up after a call
  With wrap-up, a call ends in WORK (the agent then goes NOT_READY) or, on UCCE, in
  WORK_READY (the agent then goes READY). The wrap-up timer ends either.

  @deployment:UCCE @rule:user.wrap-up-work @rule:dialog.drop @mutates
  Scenario: After a call an agent who was NOT_READY wraps up in WORK, then is NOT_READY
    Given the wrap-up agent answers a call from the agent
    When the agent drops the call
    Then the wrap-up agent's state becomes WORK
    And the wrap-up agent's state becomes NOT_READY when the wrap-up timer runs out

  @deployment:UCCE @rule:user.wrap-up-work-ready @rule:dialog.drop @rule:dialog.pending-state @mutates
  Scenario: An agent who asked for READY during the call wraps up in WORK_READY, then is READY
    Given the wrap-up agent answers a call from the agent
    When the wrap-up agent sets their state to READY
    And the agent drops the call
    Then the wrap-up agent's state becomes WORK_READY
    And the wrap-up agent's state becomes READY when the wrap-up timer runs out

  @deployment:UCCX @rule:user.wrap-up-work @rule:dialog.drop @rule:reasoncode.optional-for-api @mutates
  Scenario: On UCCX an agent who chose NOT_READY during a queued call wraps up in WORK, then is NOT_READY
    Given the wrap-up agent answers an ICD call from the agent
    When the wrap-up agent sets their state to NOT_READY
    And the agent drops the call
    Then the wrap-up agent's state becomes WORK
    And the wrap-up agent's state becomes NOT_READY when the wrap-up timer runs out

  # p47: UCCX has no WORK_READY. Where its WORK then leads the reference does not say, so
  # only the wrap-up state is checked.
  @deployment:UCCX @rule:user.wrap-up-work-ready @rule:dialog.drop @mutates
  Scenario: On UCCX an agent who was READY wraps up in WORK, never WORK_READY
    Given the wrap-up agent answers an ICD call from the agent
    When the agent drops the call
    Then the wrap-up agent's state becomes WORK
