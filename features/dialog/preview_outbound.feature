# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# "Dialog—Accept, Close, or Reject an Outbound Option Preview Reservation" and "… a Direct
# Preview Outbound Reservation", p109–110
# (../shared/finesse/guide/p109-dialog-preview-outbound-reservation.txt); reference.md §4.2–4.4,
# §6.6. Outbound Option preview is a CCE feature, Direct Preview a CCX one. A reservation is
# placed by the profile's hook, as a dialer would.
@guide:12.5:p109 @requires:calls @requires:outbound_preview
Feature: Dialog — preview outbound reservations
  Finesse posts a dialog of type OUTBOUND_PREVIEW to the reserved agent, who is in
  RESERVED_OUTBOUND_PREVIEW. The agent ACCEPTs, CLOSEs or REJECTs it with PUT /Dialog/{id}.

  @rule:dialog.preview-reservation @mutates
  Scenario Outline: A reservation reserves the agent and offers ACCEPT, CLOSE and REJECT
    When the dialer places <reservation> on the agent
    Then the agent's state becomes RESERVED_OUTBOUND_PREVIEW
    And the agent may ACCEPT, CLOSE, REJECT

    @deployment:UCCE
    Examples: UCCE
      | reservation                      |
      | an outbound preview reservation  |

    @deployment:UCCX
    Examples: UCCX
      | reservation                |
      | a Direct Preview reservation |

  # Reference §4.2–4.3: RESERVED_OUTBOUND_PREVIEW → TALKING when the call arrives.
  @rule:dialog.preview-accept @mutates
  Scenario Outline: Accepting the reservation connects the call
    Given the agent has <reservation>
    When the agent accepts the reservation
    Then the request is accepted
    And the agent receives a Dialog notification for this request
    And the agent's state becomes TALKING

    @deployment:UCCE
    Examples: UCCE
      | reservation                      |
      | an outbound preview reservation  |

    @deployment:UCCX
    Examples: UCCX
      | reservation                |
      | a Direct Preview reservation |

  # Reference §4.2 (CCE): closed or rejected, the agent returns to READY, the state it had
  # before. For CCX Direct Preview the reference does not say; the same outcome is assumed.
  @rule:dialog.preview-close-reject @mutates
  Scenario Outline: Closing or rejecting the reservation ends it
    Given the agent has <reservation>
    When the agent <action> the reservation
    Then the request is accepted
    And the agent receives a Dialog notification for this request
    And the agent has no dialogs
    And the agent's state becomes READY

    @deployment:UCCE
    Examples: UCCE
      | reservation                     | action  |
      | an outbound preview reservation | closes  |
      | an outbound preview reservation | rejects |

    @deployment:UCCX
    Examples: UCCX
      | reservation                  | action  |
      | a Direct Preview reservation | closes  |
      | a Direct Preview reservation | rejects |

  @rule:dialog.preview-parameter-missing @mutates
  Scenario Outline: An action without targetMediaAddress is Parameter Missing
    Given the agent has <reservation>
    When the agent accepts the reservation without a targetMediaAddress
    Then the response is 400 "Parameter Missing"
    And the agent's state stays RESERVED_OUTBOUND_PREVIEW

    @deployment:UCCE
    Examples: UCCE
      | reservation                     |
      | an outbound preview reservation |

    @deployment:UCCX
    Examples: UCCX
      | reservation                  |
      | a Direct Preview reservation |

  # p109: an unknown requestedAction is Invalid Input; the reservation stays.
  @rule:dialog.preview-invalid-input @mutates
  Scenario Outline: An unknown action on a reservation is Invalid Input
    Given the agent has <reservation>
    When the agent sends an unknown action to the reservation
    Then the response is 400 "Invalid Input"
    And the agent's state stays RESERVED_OUTBOUND_PREVIEW

    @deployment:UCCE
    Examples: UCCE
      | reservation                     |
      | an outbound preview reservation |

    @deployment:UCCX
    Examples: UCCX
      | reservation                  |
      | a Direct Preview reservation |

  @rule:dialog.action-unknown-dialog-404 @mutates
  Scenario: Accepting an unknown dialog is Dialog Not Found
    Given the agent is NOT_READY
    When the agent accepts an unknown dialog
    Then the response status is 404

  # p109: an action not in the participant's list (HOLD on a reservation) fails with an
  # asynchronous Generic Error; the reservation stays.
  @rule:dialog.action-not-in-list @mutates
  Scenario Outline: Holding a reservation changes nothing
    Given the agent has <reservation>
    When the agent holds the reservation
    Then the request is refused
    And the agent's state stays RESERVED_OUTBOUND_PREVIEW
    And the agent may ACCEPT, CLOSE, REJECT

    @deployment:UCCE
    Examples: UCCE
      | reservation                     |
      | an outbound preview reservation |

    @deployment:UCCX
    Examples: UCCX
      | reservation                  |
      | a Direct Preview reservation |

  # p110: Direct Preview is CCX only; on CCE its actions answer 501 Not Implemented.
  @guide:12.5:p110 @deployment:UCCE @rule:dialog.direct-preview-cce-501 @mutates
  Scenario: Direct Preview actions on UCCE are Not Implemented
    Given the agent has a Direct Preview reservation
    When the agent accepts the reservation
    Then the response status is 501

  # p109 lists 401 Authorization Failure and 401 Invalid Authorization User Specified.
  @rule:dialog.bad-credentials-401 @mutates
  Scenario Outline: A reservation action with unknown credentials is an Authorization Failure
    Given the agent has <reservation>
    When someone with unknown credentials sends the agent's reservation acceptance request
    Then the response is 401 "Authorization Failure"
    And the agent's state stays RESERVED_OUTBOUND_PREVIEW

    @deployment:UCCE
    Examples: UCCE
      | reservation                     |
      | an outbound preview reservation |

    @deployment:UCCX
    Examples: UCCX
      | reservation                  |
      | a Direct Preview reservation |

  @rule:dialog.act-for-other-user-401 @mutates
  Scenario Outline: Another agent cannot accept the agent's reservation
    Given the agent has <reservation>
    When the second agent sends the agent's reservation acceptance request
    Then the response is 401 "Invalid Authorization User Specified"
    And the agent's state stays RESERVED_OUTBOUND_PREVIEW

    @deployment:UCCE
    Examples: UCCE
      | reservation                     |
      | an outbound preview reservation |

    @deployment:UCCX
    Examples: UCCX
      | reservation                  |
      | a Direct Preview reservation |
