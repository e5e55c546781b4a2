# Sources: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1): p109
# (an accepted Dialog request can still fail; the failure comes as a notification in the format
# of the "Dialog CTI Error Notification"), p169 and p367 (Media errors name the MRD); p45–47
# (state changes, and states asked for during a call). The CTI errors per platform come from
# the developer site's "User—Change Agent State" page, section "Platform-Based API Differences"
# (DEV/user—change-agent-state), as summarised in reference.md §4.5. Error shape: reference.md
# §3.2–3.4; nodes: §7.2, §7.5.
@guide:12.5:p109
Feature: Notifications — asynchronous errors
  Finesse accepts these requests with 202 and only then finds that it cannot carry them out.
  The failure arrives as apiErrors in a notification on a node of the user who asked, tied to
  the request by its requestId or, where the target leaves that empty, by naming what the
  request acted on. Where UCCE and UCCX answer differently, the rows say how.

  # DEV/user—change-agent-state, Platform-Based API Differences (reference §4.5): NOT_READY
  # from a signed-out agent fails as Invalid State, with a CTI code that differs per platform.
  @guide:12.5:p45 @requires:notifications @rule:notify.logout-to-not-ready-error @rule:user.not-ready-needs-sign-in @rule:user.state-change-202 @mutates
  Scenario Outline: NOT_READY asked for while signed out fails with the platform's CTI error
    Given the agent is LOGOUT
    When the agent sets their state to NOT_READY
    Then the request is accepted
    And the agent receives an asynchronous error of type Invalid State with code <code> <constant> for this request
    And the agent's state stays LOGOUT

    @deployment:UCCE
    Examples: UCCE
      | code | constant                      |
      | 257  | CF_INVALID_PASSWORD_SPECIFIED |

    @deployment:UCCX
    Examples: UCCX
      | code | constant             |
      | 1010 | CF_INVALID_PARAMETER |

  # DEV/user—change-agent-state, Platform-Based API Differences (reference §4.5): during an ICD
  # call UCCE keeps READY for after the call; UCCX refuses it (265 CF_INVALID_AGENT_WORKMODE).
  # A routed call goes to a READY agent, so on both platforms the agent is READY again after it
  # (reference §4.2). Routing picks any READY agent of the team, so the rows run alone.
  @guide:12.5:p47 @requires:notifications @requires:calls @exclusive @rule:user.state-change-202 @mutates
  Scenario Outline: READY asked for during an ICD call
    Given the agent is on an ICD call from the second agent
    When the agent sets their state to READY
    Then the request is accepted
    And the agent receives <outcome> for this request
    When the agent drops the call
    Then the agent's state becomes READY

    @deployment:UCCE
    Examples: UCCE keeps READY for after the call
      | outcome               |
      | no asynchronous error |

    @deployment:UCCX @rule:notify.pending-ready-during-call-error
    Examples: UCCX refuses it
      | outcome                                                                             |
      | an asynchronous error of type Invalid State with code 265 CF_INVALID_AGENT_WORKMODE |

  # DEV/user—change-agent-state, Platform-Based API Differences (reference §4.5): during a
  # non-ICD call UCCE keeps READY for after the call; UCCX refuses it (33 CF_RESOURCE_BUSY), and
  # the agent, NOT_READY before the call, is NOT_READY after it.
  @guide:12.5:p47 @requires:notifications @requires:calls @rule:dialog.pending-state @rule:user.state-change-202 @mutates
  Scenario Outline: READY asked for during a non-ICD call
    Given the agent is on a call with the second agent
    When the agent sets their state to READY
    Then the request is accepted
    And the agent receives <outcome> for this request
    When the agent drops the call
    Then the agent's state <change> <after>

    @deployment:UCCE
    Examples: UCCE keeps READY for after the call
      | outcome               | change  | after |
      | no asynchronous error | becomes | READY |

    @deployment:UCCX @rule:notify.pending-ready-during-call-error
    Examples: UCCX refuses it
      | outcome                                                                   | change | after     |
      | an asynchronous error of type Invalid State with code 33 CF_RESOURCE_BUSY | stays  | NOT_READY |

  # DEV/user—change-agent-state, Platform-Based API Differences (reference §4.5): with a
  # NOT_READY already waiting for the end of an ICD call, the agent asks for NOT_READY with
  # another reason. UCCE takes the newer reason; UCCX holds one pending NOT_READY per call and
  # refuses the second (265 CF_INVALID_AGENT_WORKMODE), so the first reason is the one applied.
  @guide:12.5:p47 @requires:notifications @requires:calls @exclusive @rule:notify.pending-reason-change-error @rule:reasoncode.team-code-accepted @rule:user.state-change-202 @mutates
  Scenario Outline: A second NOT_READY reason asked for during an ICD call
    Given the agent is on an ICD call from the second agent
    When the agent sets their state to NOT_READY with the team NOT_READY reason code
    Then the request is accepted
    And the agent receives no asynchronous error for this request
    When the agent sets their state to NOT_READY with the global NOT_READY reason code
    Then the request is accepted
    And the agent receives <outcome> for this request
    When the agent drops the call
    Then the agent's state becomes NOT_READY
    And the agent's reason code id is the <applied> NOT_READY reason code

    @deployment:UCCE
    Examples: UCCE takes the newer reason
      | outcome               | applied |
      | no asynchronous error | global  |

    @deployment:UCCX
    Examples: UCCX keeps the first reason
      | outcome                                                                             | applied |
      | an asynchronous error of type Invalid State with code 265 CF_INVALID_AGENT_WORKMODE | team    |

  # p109: an action that the participant's actions list does not offer (the page's example is
  # HOLD on a reservation, which offers ACCEPT, CLOSE and REJECT) is accepted, then fails as
  # Generic Error in the Dialog CTI error format: on the acting user's Dialogs node, not its
  # User node (reference §3.2, §7.5).
  @requires:notifications @requires:calls @requires:outbound_preview @rule:notify.dialog-cti-error @rule:dialog.action-not-in-list @mutates
  Scenario Outline: Holding a reservation fails on the Dialogs node as Generic Error
    Given the agent has <reservation>
    When the agent holds the reservation
    Then the request is accepted
    And the agent receives an asynchronous error of type Generic Error for this request
    And the asynchronous error for this request arrives on the agent's Dialogs node
    And the agent's state stays RESERVED_OUTBOUND_PREVIEW

    @deployment:UCCE
    Examples: UCCE
      | reservation                     |
      | an outbound preview reservation |

    @deployment:UCCX
    Examples: UCCX
      | reservation                  |
      | a Direct Preview reservation |

  # p109 states the rule for every deployment; a ringing call offers ANSWER but not HOLD. This
  # scenario needs no dialer, so labs without preview reservations check the rule too.
  @requires:notifications @requires:calls @rule:notify.dialog-cti-error @rule:dialog.action-not-in-list @rule:dialog.make-call @mutates
  Scenario: Holding a call that still rings fails on the Dialogs node as Generic Error
    Given the agent is NOT_READY
    And the second agent is NOT_READY
    When the agent calls the second agent
    Then the second agent's participant becomes ALERTING
    When the second agent holds the call
    Then the request is accepted
    And the second agent receives an asynchronous error of type Generic Error for this request
    And the asynchronous error for this request arrives on the second agent's Dialogs node
    And the second agent's participant stays ALERTING

  # p169 and p367 (reference §3.2, §3.4): a second sign-in to an MRD fails with the ARM error
  # E_ARM_STAT_AGENT_ALREADY_LOGGED_IN (errorData 1). As a notification it goes to the user's
  # node for that MRD and names the MRD in errorMedia. Non-voice media exist on UCCE only.
  @guide:12.5:p367 @deployment:UCCE @requires:nonvoice_media @requires:notifications @rule:notify.media-error-names-mrd @rule:media.sign-in-twice @rule:media.state-change-202 @mutates
  Scenario: A second media sign-in fails on the Media node and names the media routing domain
    Given the agent is READY in the media routing domain
    When the agent signs in to the media routing domain
    Then the request is accepted
    And the agent receives an asynchronous error of type Agent already logged into MRD with code 1 E_ARM_STAT_AGENT_ALREADY_LOGGED_IN for this request
    And the asynchronous error for this request arrives on the agent's Media node and names the media routing domain
    And the agent's media state stays READY

  # p171 (header parameters): a Media request's requestId ties it to its response or to its
  # asynchronous error; the p367 sample error notification carries it. The same page leaves it
  # out of the events the request causes, and p22 calls the echo best effort, so this is the
  # one place the suite requires the requestId itself. Non-voice media exist on UCCE only.
  @guide:12.5:p171 @deployment:UCCE @requires:nonvoice_media @requires:notifications @rule:notify.request-id @rule:media.sign-in-twice @rule:media.state-change-202 @mutates
  Scenario: A media request's asynchronous error carries the request's requestId
    Given the agent is signed in to the media routing domain
    When the agent signs in to the media routing domain
    Then the request is accepted
    And the asynchronous error the agent receives for this request carries the request's requestId
