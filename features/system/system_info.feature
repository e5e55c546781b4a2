# Source: Cisco Finesse Web Services Developer and JavaScript Guide, Release 12.5(1),
# SystemInfo (p333: the fields, and the values status and lastCTIHeartbeatStatus take);
# developer.cisco.com "SystemInfo" and "SystemInfo API Parameters" for what 12.6(1) added:
# finesseMMode and finesseTimeInMMode (and ctiMMode, ctiTimeInMMode on Unified CCE), each
# node's httpsPort, xmppPort and xmppSecurePort. "What's New in Cisco Finesse 12.6(2)" lists
# the maintenance-mode additions. An upgrade check shows the 12.6 scenario as newly
# applicable, not as a regression.
@guide:12.5:p333
Feature: System — SystemInfo fields
  Any authenticated user reads SystemInfo; the suite checks the fields each release documents.

  @rule:system.info-fields
  Scenario: SystemInfo gives every field the 12.5 guide lists
    When the agent reads SystemInfo
    Then the response status is 200
    And SystemInfo gives every field of the 12.5 guide

  @since:12.6 @rule:system.info-12.6-fields
  Scenario: From 12.6, SystemInfo reports maintenance mode and each node's ports
    When the agent reads SystemInfo
    Then the response status is 200
    And SystemInfo reports the maintenance mode and each node's ports
