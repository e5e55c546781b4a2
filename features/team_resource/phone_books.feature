# Source: developer.cisco.com, Cisco Finesse REST API Developer Guide:
# "TeamResource—Get Phone Books" (GET /finesse/api/TeamResource/{teamId}/PhoneBooks with the
# header "Range: objects=1-6000": the team's phone books and their first contacts within the
# range, 1 to 6000, global phone books first, then the team's; agents and supervisors of the
# team; 200, 206 Partial Content, 401, 404 for a team that does not exist, 416 for a range
# outside 1–6000); its note and "What's New in Cisco Finesse 12.6(2)": from 12.6(2) the list
# is served without a Range; "TeamResource API Errors" (401 Authorization Failure, 404 Not
# Found / TeamId Not Found, 416 Range Not Satisfiable).
# The TeamResource object (12.5(1)) replaces the per-user lists, which 12.5(1) deprecated.
# The other TeamResource operations are not here: no stored page gives their URIs.
@guide:dev:teamresource-get-phone-books
Feature: TeamResource — the team's phone books
  A member of a team reads the team's phone books, and the first contacts in them, with
  GET /finesse/api/TeamResource/{teamId}/PhoneBooks and a Range header.

  @rule:teamresource.phonebooks-get
  Scenario: An agent reads its team's phone books, global ones first
    When the agent reads the agent's team phone books with the range "objects=1-6000"
    Then the response lists the team's phone books, global ones first

  @rule:teamresource.phonebooks-get
  Scenario: The team's supervisor reads the team's phone books, global ones first
    When the supervisor reads the agent's team phone books with the range "objects=1-6000"
    Then the response lists the team's phone books, global ones first

  @rule:teamresource.phonebooks-range
  Scenario: A range of one contact lists at most one contact
    When the agent reads the agent's team phone books with the range "objects=1-1"
    Then the response lists at most 1 contact

  @rule:teamresource.phonebooks-range-416
  Scenario: A range beyond 6000 contacts is Range Not Satisfiable
    When the agent reads the agent's team phone books with the range "objects=1-6001"
    Then the response is 416 "Range Not Satisfiable"

  # Before 12.6(2) the Range is required; the page does not say how a request without one
  # is refused. (@until is inclusive, so 12.6(1) is the last release this applies to.)
  @rule:teamresource.phonebooks-without-range @until:12.6(1)
  Scenario: Before 12.6(2) the phone books are not served without a Range
    When the agent reads the agent's team phone books without a range
    Then the phone books are not served

  @rule:teamresource.phonebooks-without-range @since:12.6(2)
  Scenario: From 12.6(2) the phone books are served without a Range
    When the agent reads the agent's team phone books without a range
    Then the response lists the team's phone books, global ones first

  # Security constraints: agents and supervisors who are part of the team. The page lists
  # 401 Invalid Authorization without pairing it with this case, so any refusal passes.
  @rule:teamresource.phonebooks-members-only
  Scenario: An agent of another team may not read the team's phone books
    When the other-team agent reads the agent's team phone books with the range "objects=1-6000"
    Then the phone books are not served

  @rule:teamresource.unknown-team-404
  Scenario: The phone books of a team that does not exist are Not Found
    When the agent reads the phone books of an unknown team
    Then the response is 404 for a team that does not exist

  @rule:user.bad-credentials-401
  Scenario: Reading a team's phone books with unknown credentials is an Authorization Failure
    When someone with unknown credentials reads the agent's team phone books
    Then the response is 401 "Authorization Failure"

  # "TeamResource API Errors": any runtime exception is answered 500 Internal Server Error. A
  # lab provokes one through its hook (capabilities.fault_injection.commands.runtime_exception).
  @rule:system.runtime-exception-500 @requires:fault_injection @mutates
  Scenario: A runtime exception while reading the phone books is an Internal Server Error
    Given Finesse meets a runtime exception
    When the agent reads the agent's team phone books with the range "objects=1-6000"
    Then the response is 500 "Internal Server Error"
