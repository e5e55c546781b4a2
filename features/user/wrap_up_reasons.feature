# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "User—Get Wrap-Up Reason", page 54; "User—Get Wrap-Up Reason List" (deprecated from 12.5 in
# favour of TeamResource, still documented); the "WrapUpReason" object, page 244.
# A wrap-up reason is global (forAll) or assigned to teams; "the test wrap-up reason" is the
# profile's test_data.wrap_up_reason, one the agents may apply.
@guide:12.5:p54
Feature: User — wrap-up reasons
  A user reads its own wrap-up reasons, the list or one by its database id. Only an
  administrator reads another user's.

  @rule:wrapup.list-per-user
  Scenario: An agent's wrap-up reason list holds the reasons it may apply
    When the agent lists their wrap-up reasons
    Then the response status is 200
    And the list holds the test wrap-up reason

  # p54 and the object page (p244): uri, label and forAll. The object page writes the uri as
  # /finesse/api/WrapUpReason/{id}, p54's example as …/User/{id}/WrapUpReason/{id}; both end
  # in the id, which is all the step checks.
  @rule:wrapup.object-fields
  Scenario: An agent reads one wrap-up reason by its database id
    When the agent reads their test wrap-up reason
    Then the response status is 200
    And the wrap-up reason has a uri ending in its id, a label and forAll

  # p54: only an administrator can get another user's wrap-up reasons.
  @rule:wrapup.read-other-user-401
  Scenario: An agent cannot list another user's wrap-up reasons
    When the agent lists the second agent's wrap-up reasons
    Then the response is 401 "Invalid Authorization User Specified"

  @rule:wrapup.read-other-user-401
  Scenario: An agent cannot read another user's wrap-up reason
    When the agent reads the second agent's test wrap-up reason
    Then the response is 401 "Invalid Authorization User Specified"

  # p54 names both "404 Not Found (the wrap-up reason does not exist)" and "400 Finesse API
  # Error (the object does not exist)": the page contradicts itself, so either passes.
  @rule:wrapup.get-unknown-not-found
  Scenario: Reading an unknown wrap-up reason is refused as not existing
    When the agent reads an unknown wrap-up reason
    Then the wrap-up reason is not found
