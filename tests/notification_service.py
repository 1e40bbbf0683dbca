"""A small org.freedesktop.Notifications service, for the real notification test.

Run inside ``dbus-run-session``: ``python notification_service.py RESULT ANSWER -- COMMAND...``.
It owns the notification service name on the private session bus, runs COMMAND (a stretchtimer
command that shows a reminder), answers the first notification by invoking its ANSWER action
(``start``, ``snooze`` or ``none``), waits for COMMAND to end, and writes what it received and
COMMAND's output to RESULT as JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from dbus_fast.aio import MessageBus
from dbus_fast.service import ServiceInterface, dbus_method, dbus_signal

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


class Notifications(ServiceInterface):
    def __init__(self, answer: str) -> None:
        super().__init__(NAME)
        self.answer = answer
        self.received: list[dict[str, Any]] = []
        self.closed: list[int] = []

    @dbus_method()
    def Notify(self, app_name: "s", replaces_id: "u", app_icon: "s",  # type: ignore[name-defined] # noqa: F821, UP037, N802
               summary: "s", body: "s", actions: "as", hints: "a{sv}",  # type: ignore[name-defined] # noqa: F821, UP037
               expire_timeout: "i") -> "u":  # type: ignore[name-defined] # noqa: F821, UP037
        nid = len(self.received) + 1
        self.received.append({"app_name": app_name, "summary": summary, "body": body,
                              "actions": list(actions), "expire_timeout": expire_timeout})
        if self.answer != "none" and nid == 1:
            asyncio.get_running_loop().call_later(0.05, self.ActionInvoked, nid, self.answer)
        return nid

    @dbus_method()
    def CloseNotification(self, nid: "u"):  # type: ignore[name-defined,no-untyped-def] # noqa: F821, UP037, N802, ANN201
        self.closed.append(nid)

    @dbus_method()
    def GetCapabilities(self) -> "as":  # type: ignore[name-defined] # noqa: F821, UP037, N802
        return ["actions", "body"]

    @dbus_method()
    def GetServerInformation(self) -> "ssss":  # type: ignore[name-defined] # noqa: F821, UP037, N802
        return ["test-notifications", "stretchtimer-tests", "1.0", "1.2"]

    @dbus_signal()
    def ActionInvoked(self, nid: int, key: str) -> "us":  # type: ignore[name-defined] # noqa: F821, UP037, N802
        return [nid, key]

    @dbus_signal()
    def NotificationClosed(self, nid: int, reason: int) -> "uu":  # type: ignore[name-defined] # noqa: F821, UP037, N802
        return [nid, reason]


async def main(result: str, answer: str, command: list[str]) -> None:
    bus = await MessageBus().connect()
    service = Notifications(answer)
    bus.export(PATH, service)
    await bus.request_name(NAME)
    proc = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 20)
    with open(result, "w", encoding="utf-8") as handle:
        json.dump({"received": service.received, "closed": service.closed,
                   "returncode": proc.returncode, "stdout": out.decode(),
                   "stderr": err.decode()}, handle)
    bus.disconnect()


if __name__ == "__main__":
    separator = sys.argv.index("--")
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[separator + 1:]))
