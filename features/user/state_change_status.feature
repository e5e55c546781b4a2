# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1), p42–48
# ("User—Change Agent State"): an accepted state change answers 202 Accepted with an empty
# body, and the outcome follows as a notification. The 12.6-era pages (developer.cisco.com
# "Cisco Finesse APIs" and "User—Change Agent State", reference.md §1.2) allow 200 or 202
# for a successful write. An upgrade check shows this pair as one scenario becoming skipped
# and one becoming applicable, not as a regression.
@guide:12.5:p42
Feature: User — the status of an accepted state change, by release
  The same request on each release; what the release allows as the accepted status differs.

  @until:12.5 @rule:user.state-change-202 @rule:user.not-ready-to-ready @mutates
  Scenario: Up to 12.5, an accepted state change answers 202 Accepted with an empty body
    Given the agent is NOT_READY
    When the agent sets their state to READY
    Then the request is accepted
    And the agent's state becomes READY

  @since:12.6 @rule:user.state-change-202 @rule:user.not-ready-to-ready @mutates
  Scenario: From 12.6, an accepted state change answers 200 or 202 with an empty body
    Given the agent is NOT_READY
    When the agent sets their state to READY
    Then the request is accepted
    And the agent's state becomes READY
