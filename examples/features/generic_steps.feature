# An example of a lab team's own scenario, written only with the built-in generic steps.
# Run it with: cargo run --release -- run --features examples/features
@guide:12.5:p47
Feature: Example — a scenario written with generic steps

  @rule:user.state-change-202 @mutates
  Scenario: An agent goes READY with a raw request
    Given the agent is NOT_READY
    When the agent sends PUT "/finesse/api/User/{agent}" with body:
      """
      <User><state>READY</state></User>
      """
    Then the response status is 202
    And the agent's state becomes READY
