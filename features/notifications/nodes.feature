# Sources: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1), the
# notifications chapter: p346 (connecting to the Notification Service; the XMPP domains come
# from SystemInfo), p348–355 (Dialog notifications), p361 (Team notifications). Which nodes
# Finesse subscribes a user to by itself, and which it must subscribe to, is on the developer
# site's "Subscription Management" page (DEV/subscription-management). reference.md §7.2
# (session rules, automatic subscriptions) and §7.5 (the notification catalogue).
@guide:12.5:p346
Feature: Notifications — the nodes a user hears on
  When a user connects, Finesse subscribes it to its own User, Dialogs and Media nodes and to
  SystemInfo. A team's Users node reaches a supervisor only once it subscribes to it.

  # Reference §7.2, §7.5: a user's state change goes out on its own User node, with no
  # subscription asked for.
  @requires:notifications @rule:notify.auto-subscribed @rule:notify.user @rule:user.not-ready-to-ready @rule:user.state-change-202 @mutates
  Scenario: An agent hears its own state change on its User node
    Given the agent is NOT_READY
    When the agent sets their state to READY
    Then the request is accepted
    And the agent receives a User notification with state READY for this request

  # p348–355, reference §7.5: a call the agent places is posted on its Dialogs node.
  @guide:12.5:p348 @requires:notifications @requires:calls @rule:notify.auto-subscribed @rule:notify.dialog @rule:dialog.make-call @mutates
  Scenario: An agent hears its new call on its Dialogs node
    Given the agent is NOT_READY
    And the second agent is NOT_READY
    When the agent calls the second agent
    Then the request is accepted
    And the agent receives a Dialog notification for this request

  # Reference §7.2, §7.5 (Media row): a state change in a media routing domain goes out on the
  # user's node for that MRD. Non-voice media exist on UCCE only.
  @deployment:UCCE @requires:nonvoice_media @requires:notifications @rule:notify.auto-subscribed @rule:notify.media @rule:media.change-state @rule:media.state-change-202 @mutates
  Scenario: An agent hears its media state change on its Media node
    Given the agent is signed in to the media routing domain
    When the agent sets their media state to READY
    Then the request is accepted
    And the agent receives a Media notification with state READY for this request

  # Reference §7.5 and §8: SystemInfo goes out when Finesse's status changes; the JavaScript
  # library reads IN_SERVICE and OUT_OF_SERVICE from it. The profile's fault hook takes Finesse
  # out of service; the cleanup brings it back if the scenario stops early.
  @requires:notifications @requires:fault_injection @rule:notify.auto-subscribed @rule:notify.system-info @rule:system.out-of-service-503 @mutates
  Scenario: An agent hears Finesse leave and return to service on SystemInfo
    Given Finesse is out of service
    Then the agent receives a SystemInfo notification with status OUT_OF_SERVICE
    When Finesse is back in service
    Then the agent receives a SystemInfo notification with status IN_SERVICE

  # p361, reference §7.2: Finesse subscribes nobody to a team's Users node. The agent's change
  # is published (its own node shows it), yet the supervisor, not subscribed, hears nothing.
  @guide:12.5:p361 @requires:notifications @rule:notify.team-explicit-subscription @rule:user.not-ready-to-ready @rule:user.state-change-202 @mutates
  Scenario: A supervisor that has not subscribed hears nothing on its team's Users node
    Given the agent is NOT_READY
    When the agent sets their state to READY
    Then the request is accepted
    And the agent receives a User notification with state READY for this request
    And the supervisor receives no Team notification for the agent

  # p361, reference §7.2, §7.5: once subscribed to its team's Users node, the supervisor hears a
  # summary of each member's change there. The cleanup removes the subscription.
  @guide:12.5:p361 @requires:notifications @rule:notify.team-explicit-subscription @rule:user.not-ready-to-ready @rule:user.state-change-202 @mutates
  Scenario: A subscribed supervisor hears a team member's state change on the team's Users node
    Given the agent is NOT_READY
    When the supervisor subscribes to the team's Users node
    And the agent sets their state to READY
    Then the request is accepted
    And the supervisor receives a Team notification with the agent's state READY
