# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1), Single
# Sign-On (p189: access and refresh tokens are issued as a pair; once the refresh token
# expires the access token cannot be refreshed) and "Single Sign-On—Refresh Existing Access
# Token" (p193): POST /desktop/sso/token, form fields token and refresh-token (optional
# return_user=yes), agents and supervisors; third-party applications refresh after 75% of the
# token's lifetime. Responses 200, 400, 401, 500: the page pairs none of the errors with a
# case, so no scenario asserts one. Only agents who sign in with SSO access tokens can run
# this; a profile whose agents have passwords skips it.
@guide:12.5:p193
Feature: Single Sign-On — refresh an existing access token
  An agent's access token expires; before it does, the agent trades it and its refresh token
  for a new access token with POST /desktop/sso/token.

  @rule:sso.refresh-token
  Scenario: An agent refreshes its access token and Finesse accepts the new one
    Given the agent signs in with an SSO access token
    When the agent refreshes its access token and reads its User with the new one
    Then the response status is 200
