#!/usr/bin/env python3
"""A real third-party XMPP client (slixmpp) against the mock's Notification Service.

Usage: slixmpp_client.py HOST PORT JID PASSWORD NODE TIMEOUT_SECONDS

Connects over plain TCP (no TLS, SASL PLAIN allowed unencrypted, as the Finesse samples
do), sends presence and fetches the roster, prints "ONLINE", then prints one line
"EVENT {json}" per pubsub item ({"node": ..., "update": the un-escaped <Update>}) and
exits 0 after the first item on NODE.

Exit codes: 2 timeout, 3 authentication failed, 4 disconnected, 5 slixmpp missing.
Driven by tests/slixmpp.rs.
"""

import asyncio
import json
import sys

try:
    import slixmpp
except ImportError:
    print("MISSING slixmpp (pip install slixmpp)", flush=True)
    sys.exit(5)


class Client(slixmpp.ClientXMPP):
    def __init__(self, jid, password, node, done):
        super().__init__(jid, password)
        self.node = node
        self.done = done
        # The mock's XMPP port is plain TCP, like Finesse's 5222 when enabled.
        self.enable_starttls = False
        self.enable_direct_tls = False
        self.enable_plaintext = True
        self.register_plugin("xep_0060")  # pubsub events
        self.register_plugin("xep_0199")  # ping
        self.plugin["feature_mechanisms"].unencrypted_plain = True
        self.add_event_handler("session_start", self.on_start)
        self.add_event_handler("pubsub_publish", self.on_publish)
        self.add_event_handler("failed_auth", lambda _: self.finish(3, "AUTH_FAILED"))
        self.add_event_handler("disconnected", lambda _: self.finish(4, "DISCONNECTED"))

    def finish(self, code, line):
        if not self.done.done():
            print(line, flush=True)
            self.done.set_result(code)

    async def on_start(self, _event):
        self.send_presence()
        await self.get_roster()
        print("ONLINE", flush=True)

    def on_publish(self, msg):
        # slixmpp raises this once per item while iterating the items itself: read the
        # item, do not iterate them again (that would restart its iteration).
        items = msg["pubsub_event"]["items"]
        node = items["node"]
        payload = items["item"]["payload"]
        update = payload.text if payload is not None else ""
        print("EVENT " + json.dumps({"node": node, "update": update}), flush=True)
        if node == self.node and not self.done.done():
            self.done.set_result(0)


async def main():
    host, port, jid, password, node, timeout = sys.argv[1:7]
    done = asyncio.get_running_loop().create_future()
    xmpp = Client(jid, password, node, done)
    xmpp.connect(host, int(port))
    try:
        code = await asyncio.wait_for(done, float(timeout))
    except asyncio.TimeoutError:
        print("TIMEOUT", flush=True)
        code = 2
    if code != 4:
        try:
            await asyncio.wait_for(xmpp.disconnect(), 5)
        except asyncio.TimeoutError:
            pass
    return code


if __name__ == "__main__":
    if len(sys.argv) != 7:
        print(__doc__, file=sys.stderr)
        sys.exit(64)
    sys.exit(asyncio.run(main()))
