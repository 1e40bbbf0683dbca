"""A small org.freedesktop.Notifications service, for the real notification test.

Run inside ``dbus-run-session``: ``python notification_service.py RESULT ANSWER -- COMMAND...``.
It owns the notification service name on the private session bus, runs COMMAND (a stretchtimer
command that shows a reminder), answers the first notification by invoking its ANSWER action
(``start``, ``snooze`` or ``none``), waits for COMMAND to end, and writes what it received and
COMMAND's output to RESULT as JSON.
"""

import asyncio
import json
import sys
from typing import Annotated, Any

from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusDict, DBusInt32, DBusSignature, DBusStr, DBusUInt32
from dbus_fast.service import ServiceInterface, dbus_method, dbus_signal

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


Strings = Annotated[list[str], DBusSignature("as")]
Pair = Annotated[list[int | str], DBusSignature("us")]
Closed = Annotated[list[int], DBusSignature("uu")]
Info = Annotated[list[str], DBusSignature("ssss")]


class Notifications(ServiceInterface):
    def __init__(self, answer: str) -> None:
        super().__init__(NAME)
        self.answer = answer
        self.received: list[dict[str, Any]] = []
        self.closed: list[int] = []

    @dbus_method(name="Notify")
    def notify(
        self,
        app_name: DBusStr,
        replaces_id: DBusUInt32,
        app_icon: DBusStr,
        summary: DBusStr,
        body: DBusStr,
        actions: Strings,
        hints: DBusDict,
        expire_timeout: DBusInt32,
    ) -> DBusUInt32:
        nid = len(self.received) + 1
        self.received.append(
            {
                "app_name": app_name,
                "summary": summary,
                "body": body,
                "actions": list(actions),
                "expire_timeout": expire_timeout,
            }
        )
        if self.answer != "none" and nid == 1:
            asyncio.get_running_loop().call_later(0.05, self.action_invoked, nid, self.answer)
        return nid

    @dbus_method(name="CloseNotification")
    def close_notification(self, nid: DBusUInt32):  # type: ignore[no-untyped-def]
        self.closed.append(nid)

    @dbus_method(name="GetCapabilities")
    def get_capabilities(self) -> Strings:
        return ["actions", "body"]

    @dbus_method(name="GetServerInformation")
    def get_server_information(self) -> Info:
        return ["test-notifications", "stretchtimer-tests", "1.0", "1.2"]

    @dbus_signal(name="ActionInvoked")
    def action_invoked(self, nid: int, key: str) -> Pair:
        return [nid, key]

    @dbus_signal(name="NotificationClosed")
    def notification_closed(self, nid: int, reason: int) -> Closed:
        return [nid, reason]


async def main(result: str, answer: str, command: list[str]) -> None:
    bus = await MessageBus().connect()
    service = Notifications(answer)
    bus.export(PATH, service)
    await bus.request_name(NAME)
    proc = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(proc.communicate(), 20)
    with open(result, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "received": service.received,
                "closed": service.closed,
                "returncode": proc.returncode,
                "stdout": out.decode(),
                "stderr": err.decode(),
            },
            handle,
        )
    bus.disconnect()


if __name__ == "__main__":
    separator = sys.argv.index("--")
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[separator + 1 :]))
