# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Media API Errors" (developer.cisco.com/docs/finesse/media-api-errors; G12.5 p185) and the
# Media security constraint "users can only act on their own Media objects" (p171).
@guide:12.5:p185 @deployment:UCCE @requires:nonvoice_media
Feature: Media — error rows of the Media API Errors table
  The table names 400 Invalid Input for a parameter that is invalid or not recognized and
  401 Invalid Authorization User Specified for a request made for another user.

  # The Media APIs take only LOGIN, READY, NOT_READY and LOGOUT (p168–171); TALKING is a
  # state no Media request may ask for.
  @rule:media.invalid-state-invalid-input @mutates
  Scenario: An unknown state value is Invalid Input
    Given the agent is signed in to the media routing domain
    When the agent sets their media state to TALKING
    Then the response is 400 "Invalid Input"
    And the error names the media routing domain
    And the agent's media state stays NOT_READY

  @rule:media.other-user-invalid-authorization @rule:media.own-objects-only @mutates
  Scenario: A change to another agent's Media is Invalid Authorization User Specified
    Given the second agent is signed in to the media routing domain
    When the agent sets the second agent's media state to NOT_READY with the global NOT_READY reason code
    Then the response is 401 "Invalid Authorization User Specified"
    And the second agent's media state stays NOT_READY
