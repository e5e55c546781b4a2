# Source: developer.cisco.com (Finesse Web Services Developer Guide 12.5(1) pages):
# "Queue—Get List of Queues for User" (GET /User/{id}/Queues: every user may list any user's
# queues; 200, 401 Authorization Failure, 404 User Not Found, 500), "Queue—Get Queue"
# (GET /Queue/{id}: any user may read any queue; a queue assigned to no user gives -1 for its
# numeric statistics and empty string statistics; 200, 401, 404 Not Found, 500), "Queue" and
# "Queue API Parameters" (uri, name and the eleven statistics; agentsReady / agentsNotReady
# count the queue's agents in READY / NOT_READY), "Queue API Errors".
# Both APIs exist only with Unified CCE (stand-alone Finesse): UCCX runs skip this feature.
# The queue read is the first of the agent's own list; the unassigned queue is the profile's
# test_data.unassigned_queue_id (inconclusive without it).
@guide:dev:queue-get-queue @deployment:UCCE
Feature: Queue — get a user's queues and a queue
  A user lists the queues (skill groups) a user is assigned to, and reads one queue with its
  statistics: calls in queue and the number of its agents in each state.

  @rule:queue.user-queues-list
  Scenario: An agent lists its queues, each with its statistics
    When the agent reads the agent's queues
    Then the response status is 200
    And the list gives each queue its uri, its name and every statistic

  @rule:queue.get
  Scenario: An agent reads one of its queues by its uri
    When the agent reads the first of the agent's queues
    Then the response status is 200
    And the response is that queue with its name and every statistic

  @rule:queue.statistics-follow-states @mutates
  Scenario Outline: A queue counts its <state> agent
    Given the agent is <state>
    When the agent reads the first of the agent's queues
    Then the response status is 200
    And the queue counts the agent among its <state> agents

    Examples:
      | state     |
      | NOT_READY |
      | READY     |

  @rule:queue.unassigned-minus-1
  Scenario: A queue assigned to no user reads -1 for its numeric statistics
    When the agent reads a queue assigned to no user
    Then the response status is 200
    And every numeric statistic is -1 and the start time is empty

  @rule:queue.unknown-404
  Scenario: A queue id that does not exist is Not Found
    When the agent reads an unknown queue
    Then the response is 404 "Not Found"

  @rule:queue.user-queues-unknown-user-404
  Scenario: The queues of a user that does not exist are User Not Found
    When the agent reads the queues of an unknown user
    Then the response is 404 "User Not Found"

  @rule:user.bad-credentials-401
  Scenario: Listing queues with unknown credentials is an Authorization Failure
    When someone with unknown credentials reads the agent's queues
    Then the response is 401 "Authorization Failure"

  @rule:user.bad-credentials-401
  Scenario: Reading a queue with unknown credentials is an Authorization Failure
    When someone with unknown credentials reads the first of the agent's queues
    Then the response is 401 "Authorization Failure"

  # "Queue API Errors": any runtime exception is answered 500 Internal Server Error. A lab
  # provokes one through its hook (capabilities.fault_injection.commands.runtime_exception).
  @rule:system.runtime-exception-500 @requires:fault_injection @mutates
  Scenario: A runtime exception while listing the agent's queues is an Internal Server Error
    Given Finesse meets a runtime exception
    When the agent reads the agent's queues
    Then the response is 500 "Internal Server Error"
