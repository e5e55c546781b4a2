# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Media—Change Agent State" and "Media—Sign Out", pages 169–171 and 188; reference.md §5.2
# (the guide pages themselves are summarised there). Non-voice media exist on UCCE only.
@guide:12.5:p169 @deployment:UCCE @requires:nonvoice_media
Feature: Media — change state in a non-voice Media Routing Domain
  Once signed in to an MRD, a user moves between READY and NOT_READY there with
  PUT /finesse/api/User/{id}/Media/{mrdId}. A user who is not signed in cannot change state,
  READY while already READY changes nothing, and a voice sign-out also ends the MRD sessions.

  @rule:media.change-state @rule:media.state-change-202 @mutates
  Scenario: A signed-in user can go READY in the media routing domain
    Given the agent is signed in to the media routing domain
    When the agent sets their media state to READY
    Then the request is accepted
    And the agent receives a Media notification with state READY for this request
    And the agent's media state becomes READY

  # p170 (reference §5.2): READY → READY is ignored, with no notification. Over REST an
  # unchanged stateChangeTime shows it; on the Media node, the absence of an update.
  @guide:12.5:p170 @rule:media.ready-to-ready-ignored @rule:media.state-change-202 @mutates
  Scenario: READY while already READY changes nothing
    Given the agent is READY in the media routing domain
    And the agent's media stateChangeTime is noted
    When the agent sets their media state to READY
    Then the request is accepted
    And the agent receives no Media notification for this request
    And the agent's media state stays READY
    And the agent's media stateChangeTime is unchanged

  # p170: the guide names the ARM error (E_ARM_STAT_AGENT_NOT_LOGGED_IN) but not whether it
  # comes back synchronously or by notification, so either refusal passes if the state stays.
  @guide:12.5:p170 @rule:media.not-signed-in-refused @mutates
  Scenario: A user who is not signed in cannot go READY
    Given the agent is signed out of the media routing domain
    When the agent sets their media state to READY
    Then the request is refused
    And the agent's media state stays LOGOUT

  # p188: a voice sign-out can sign the user out of every MRD. Which channels it covers is a
  # server CLI setting (p32, utils finesse user_signout_channel); the default covers all, and
  # a lab that narrowed it will see this scenario fail for that reason.
  @guide:12.5:p188 @rule:media.voice-logout-signs-out-mrds @rule:user.state-change-202 @rule:reasoncode.logout-code-accepted @mutates
  Scenario: A voice sign-out also signs the user out of the media routing domain
    Given the agent is NOT_READY
    And the agent is signed in to the media routing domain
    When the agent sets their state to LOGOUT with the global LOGOUT reason code
    Then the request is accepted
    And the agent receives a User notification with state LOGOUT for this request
    And the agent's media state becomes LOGOUT
