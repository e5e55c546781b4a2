# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Single Sign-On—Fetch Access Token" (p190): GET /desktop/sso/token, for agents and
# supervisors, optional return_user=yes|no and return_refresh_token=true|false, answers JSON
# with the access token and the refresh token; fetching "might involve" the browser's trip to
# Cisco IdS and the identity provider. developer.cisco.com, SSO client integration: the user is
# named by cc_username (query or cookie); the answer is JSON with token and user_id.
# Responses 200, 400, 401, 500: the page pairs none of the errors with a case, so no scenario
# asserts one. The scenario fetches as an agent that is signed in already (its access token
# goes with the request); where Finesse sends the request on to the identity provider's login
# page, which the harness does not drive, it is inconclusive. Only agents who sign in with SSO
# access tokens can run this; a profile whose agents have passwords skips it.
@guide:12.5:p190
Feature: Single Sign-On — fetch an access token
  A client fetches the user's access token and refresh token from Finesse with
  GET /desktop/sso/token.

  @rule:sso.fetch-token
  Scenario: An agent signed in through SSO fetches an access token and its refresh token
    Given the agent signs in with an SSO access token
    When the agent, signed in with its SSO access token, fetches an access token
    Then Finesse answers a new access token and its refresh token
