# Source: developer.cisco.com, Cisco Finesse REST API Developer Guide, "User—Get List of
# Workflows" (GET /finesse/api/User/{id}/Workflows: the workflows and workflow actions assigned
# to the user; deprecated from 12.5(1) for the TeamResource APIs, still documented; "Any user
# can get their own workflows"; 200, 400, 401 Authorization Failure, 404, 500; example: a
# Workflows list of Workflow with name, description and a TriggerSet of type, name and
# triggers).
# Not here: TeamResource—Get Workflows and a parity scenario with it, whose URI no stored
# page gives.
@guide:dev:user-get-list-of-workflows
Feature: User — workflows
  A user reads the workflows assigned to it with GET /finesse/api/User/{id}/Workflows.

  @rule:user.workflows-list
  Scenario: An agent lists its workflows, each with a name and a TriggerSet
    When the agent lists their workflows
    Then the response lists workflows, each with a name and a TriggerSet

  # "Any user can get their own workflows." The page lists 401 Authorization Failure without
  # saying when it is sent, so any refusal passes.
  @rule:user.workflows-own-only
  Scenario: An agent may not list another agent's workflows
    When the agent lists the second agent's workflows
    Then the workflows are not served
