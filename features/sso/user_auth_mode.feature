# Source: developer.cisco.com/docs/finesse, "Single Sign-On—Get User Authentication Mode" and
# "Single Sign-On Parameters" (the Single Sign-On APIs of the 12.5(1) guide, p189–193, and
# later releases): GET /finesse/api/UserAuthMode/{username} or /{userId} answers 200 with
# <UserAuthMode><authMode>, the user's authentication mode (SSO or non-SSO; the example writes
# NON_SSO). Any user may call it without authentication. 403 Forbidden ("UserAuthModeService is
# disabled") when the CLI property webservices enableUserAuthMode is false: no scenario, as a
# lab would need a hook to switch that property. The FAQ notes that 11.6(1) and 12.0(1) lack
# this API. The expected mode is the one the profile signs the agent in with: a password is
# NON_SSO, an access token SSO, so the scenarios run on any lab.
@guide:12.5:p189 @since:12.5
Feature: Single Sign-On — get a user's authentication mode
  Before it signs a user in, a client asks Finesse whether that user signs in with SSO or with
  a password, with GET /finesse/api/UserAuthMode/{username or userId}.

  @rule:sso.user-auth-mode
  Scenario: The mode asked by user id is the one the agent signs in with
    When the agent asks for its authentication mode by user id
    Then the response status is 200
    And the authentication mode is the one the profile signs the agent in with

  @rule:sso.user-auth-mode
  Scenario: The mode asked by login name is the one the agent signs in with
    When the agent asks for its authentication mode by login name
    Then the response status is 200
    And the authentication mode is the one the profile signs the agent in with

  @rule:sso.user-auth-mode-anonymous
  Scenario: A client without credentials may ask for a user's authentication mode
    When a client without credentials asks for the agent's authentication mode
    Then the response status is 200
    And the response gives an authentication mode
