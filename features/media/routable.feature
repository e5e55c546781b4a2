# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Media—Change Agent to Routable/Not Routable", pages 172–173 (also developer.cisco.com
# task-routing page of that name). Non-voice media exist on UCCE only.
@guide:12.5:p172 @deployment:UCCE @requires:nonvoice_media
Feature: Media — make an agent routable or not routable in a Media Routing Domain
  PUT /finesse/api/User/{id}/Media/{mrdId} with <routable>true|false</routable> decides
  whether CCE may route tasks to the agent in that MRD, without changing the agent's state.
  Signing in and going READY make the agent routable again.

  # p172: not routable stops new tasks without a state change; the scenario puts the agent
  # back to routable so that a lab is left as it was found.
  @rule:media.routable-set @rule:media.state-change-202 @mutates
  Scenario: An agent can make themselves not routable and routable again
    Given the agent is signed in and routable in the media routing domain
    When the agent makes themselves not routable in the media routing domain
    Then the request is accepted
    And the agent's media routable becomes false
    And the agent's media state stays NOT_READY
    When the agent makes themselves routable in the media routing domain
    Then the request is accepted
    And the agent's media routable becomes true

  # p173 lists "400: Bad Request (for example, invalid input for parameters)" while the Media
  # error table names an invalid parameter Invalid Input: only the status is asserted.
  @rule:media.routable-invalid-value-400 @mutates
  Scenario: A routable value other than true or false is refused
    Given the agent is signed in and routable in the media routing domain
    When the agent sets their media routable to "maybe"
    Then the response status is 400
    And the agent's media routable stays true

  # p172: "The agent's mode is set to routable automatically ... when the agent changes to
  # READY state."
  @rule:media.ready-makes-routable @rule:media.change-state @rule:media.state-change-202 @mutates
  Scenario: Going READY makes a not-routable agent routable
    Given the agent is signed in and not routable in the media routing domain
    When the agent sets their media state to READY
    Then the request is accepted
    And the agent's media state becomes READY
    And the agent's media routable becomes true
