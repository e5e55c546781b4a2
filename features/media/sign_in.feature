# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Media—Sign In" and "Media—Get Media (List)", pages 167–170; reference.md §5.1–5.2.
@guide:12.5:p168 @deployment:UCCE @requires:nonvoice_media
Feature: Media — sign in to a non-voice Media Routing Domain
  Signing in to an MRD needs maxDialogLimit (1 to 10), state LOGIN and interruptAction.
  The user then lands in NOT_READY in that MRD.

  @rule:media.sign-in @rule:media.state-change-202 @mutates
  Scenario: Signing in to a media routing domain lands in NOT_READY
    Given the agent is signed out of the media routing domain
    When the agent signs in to the media routing domain
    Then the request is accepted
    And the agent receives a Media notification with state NOT_READY for this request
    And the agent's media state becomes NOT_READY

  @rule:media.sign-in-parameters @mutates
  Scenario Outline: Signing in without <parameter> is Parameter Missing
    Given the agent is signed out of the media routing domain
    When the agent signs in to the media routing domain without <parameter>
    Then the response is 400 "Parameter Missing"
    And the agent's media state stays LOGOUT

    Examples:
      | parameter       |
      | maxDialogLimit  |
      | interruptAction |

  # p168: dialogLogoutAction is optional and means CLOSE. The value is readable on the node the
  # user signed in on, which is the node the suite talks to.
  @rule:media.dialog-logout-action-default @rule:media.sign-in @rule:media.state-change-202 @mutates
  Scenario: Signing in without dialogLogoutAction means CLOSE
    Given the agent is signed out of the media routing domain
    When the agent signs in to the media routing domain without dialogLogoutAction
    Then the request is accepted
    And the agent receives a Media notification with state NOT_READY for this request
    And the agent's media state becomes NOT_READY
    And the agent's media dialogLogoutAction is CLOSE

  @rule:media.sign-in-parameters @mutates
  Scenario: A maxDialogLimit above 10 is refused
    Given the agent is signed out of the media routing domain
    When the agent signs in to the media routing domain with maxDialogLimit 11
    Then the response status is 400
    And the agent's media state stays LOGOUT

  # p169: a second sign-in fails (E_ARM_STAT_AGENT_ALREADY_LOGGED_IN); whether synchronously
  # or by notification is not clear, so either passes as long as the state stays.
  @guide:12.5:p169 @rule:media.sign-in-twice @mutates
  Scenario: Signing in twice changes nothing
    Given the agent is READY in the media routing domain
    When the agent signs in to the media routing domain
    Then the request is refused
    And the agent's media state stays READY

  @guide:12.5:p167 @rule:media.list
  Scenario: The media list holds the test media routing domain
    When the agent reads their media list
    Then the response status is 200
    And the media list holds the test media routing domain
