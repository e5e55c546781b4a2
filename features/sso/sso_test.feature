# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Single Sign-On—Test API" (p189–190): GET /desktop/sso/test, for agents and supervisors,
# tests the SSO authentication and authorization set-up. It answers an HTML page about the
# user and the token, which posts { status, errorMessage } to its opener; clients without that
# API read the cookie the response sets: ssotest=true on success, ssotest=false on a failure,
# whose errorMessage is AUTH_ERROR or NO TOKEN. Responses 200, 400, 401, 500; the page pairs
# no status with the failure example, so the failure scenario checks only the cookie and the
# message. Only agents who sign in with SSO access tokens can run this; a profile whose agents
# have passwords skips it.
@guide:12.5:p189
Feature: Single Sign-On — test the SSO set-up
  A client checks that its access token is accepted with GET /desktop/sso/test, and reads the
  outcome from the ssotest cookie.

  @rule:sso.test-api
  Scenario: The SSO test passes with the agent's access token
    Given the agent signs in with an SSO access token
    When the agent runs the SSO test with its SSO access token
    Then the SSO test passes

  @rule:sso.test-api-failure
  Scenario: The SSO test fails with a made-up token and says why
    Given the agent signs in with an SSO access token
    When the agent runs the SSO test with a made-up token
    Then the SSO test fails, naming why
