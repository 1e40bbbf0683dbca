"""Desktop notifications with "Start" and "Snooze 15 min", through ``desktop-notifier``.

On Linux that is the freedesktop ``org.freedesktop.Notifications`` service on the D-Bus session
bus; on macOS and Windows the system's notification centre. :func:`desktop_problem` says why
notifications cannot be shown here (no session bus, no notification service), so ``remind test``
and ``doctor`` can tell the user instead of failing quietly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

NOTIFICATIONS = "org.freedesktop.Notifications"
START, SNOOZE, DISMISSED, NO_ANSWER, FAILED = "start", "snooze", "dismissed", "no answer", "failed"
CHECK_TIMEOUT = 3.0


def session_bus_address() -> str | None:
    """Return the D-Bus session bus address, also where a scheduler's job lacks it.

    Jobs started by cron do not inherit ``DBUS_SESSION_BUS_ADDRESS``; the user's bus is then
    usually the socket ``$XDG_RUNTIME_DIR/bus`` (``/run/user/UID/bus``).
    """
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "").strip()
    if address:
        return address
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    socket = Path(runtime, "bus")
    return f"unix:path={socket}" if socket.exists() else None


def _use_session_bus() -> str | None:
    address = session_bus_address()
    if address and not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = address  # for desktop-notifier's connection
    return address


async def _freedesktop_problem() -> str | None:
    from dbus_fast import Message
    from dbus_fast.aio import MessageBus

    if _use_session_bus() is None:
        return "no desktop session here (no D-Bus session bus): reminders cannot be shown"
    try:
        bus = await MessageBus().connect()
    except Exception as exc:  # any failure to reach the bus means the same to the user
        return f"cannot reach the D-Bus session bus ({exc}): reminders cannot be shown"
    try:
        for method in ("ListNames", "ListActivatableNames"):
            reply = await bus.call(
                Message(
                    destination="org.freedesktop.DBus",
                    path="/org/freedesktop/DBus",
                    interface="org.freedesktop.DBus",
                    member=method,
                )
            )
            if reply.body and NOTIFICATIONS in reply.body[0]:
                return None
    finally:
        bus.disconnect()
    return (
        "no notification service on the desktop session bus (nothing provides "
        f"{NOTIFICATIONS}): reminders cannot be shown"
    )


async def _server_info() -> str:
    from dbus_fast import Message
    from dbus_fast.aio import MessageBus

    _use_session_bus()
    bus = await MessageBus().connect()
    try:

        def call(member: str) -> Message:
            return Message(
                destination=NOTIFICATIONS,
                path="/org/freedesktop/Notifications",
                interface=NOTIFICATIONS,
                member=member,
            )

        info = await bus.call(call("GetServerInformation"))
        caps = await bus.call(call("GetCapabilities"))
    finally:
        bus.disconnect()
    name = str(info.body[0]) if info.body else "unknown"
    buttons = (
        "yes"
        if caps.body and "actions" in caps.body[0]
        else ("no (Start and Snooze are not shown; click the notification or run the routine)")
    )
    return f"{name}; buttons: {buttons}"


def server_info() -> str | None:
    """Return the notification server's name and whether it shows buttons (Linux), or None.

    Blocking (at most a few seconds).
    """
    if not (sys.platform.startswith("linux") or sys.platform.startswith("freebsd")):
        return None
    try:
        return asyncio.run(asyncio.wait_for(_server_info(), CHECK_TIMEOUT))
    except Exception:  # reported as unknown: desktop_problem() says what is wrong
        return None


def desktop_problem() -> str | None:
    """Return why desktop notifications cannot be shown here, or None when they can.

    Blocking (at most a few seconds): call it from a command, not from a UI's event loop.
    """
    if sys.platform.startswith("linux") or sys.platform.startswith("freebsd"):
        try:
            return asyncio.run(asyncio.wait_for(_freedesktop_problem(), CHECK_TIMEOUT))
        except TimeoutError:
            return "the D-Bus session bus did not answer: reminders cannot be shown"
    try:
        from desktop_notifier.backends.dummy import DummyNotificationCenter
        from desktop_notifier.main import get_backend_class
    except ImportError:
        return "the desktop-notifier package is missing: reinstall stretchtimer"
    if get_backend_class() is DummyNotificationCenter:
        return (
            "this system offers desktop notifications only to signed app bundles "
            "(or none at all): reminders cannot be shown"
        )
    return None


async def ask(
    title: str, message: str, wait: float, *, on_sent: Callable[[], object] | None = None
) -> str:
    """Show a notification with "Start" and "Snooze 15 min" and wait for the user's answer.

    Args:
        title: the notification's title.
        message: its text.
        wait: seconds to wait for an answer.
        on_sent: called once the notification service took it.

    Returns:
        ``start`` (Start pressed, or the notification clicked), ``snooze``, ``dismissed``,
        ``no answer`` (``wait`` ran out) or ``failed`` (the notification was not shown).
    """
    from desktop_notifier import Button, DesktopNotifier, Urgency

    _use_session_bus()
    logging.getLogger("desktop_notifier").setLevel(logging.CRITICAL)  # we report failures
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[str] = loop.create_future()
    sent = asyncio.Event()

    def reply(value: str) -> None:
        if not answer.done():
            answer.set_result(value)

    notifier = DesktopNotifier(app_name="stretchtimer")
    await notifier.send(
        title=title,
        message=message,
        urgency=Urgency.Normal,
        buttons=[
            Button(title="Start", on_pressed=lambda: reply(START), identifier=START),
            Button(title="Snooze 15 min", on_pressed=lambda: reply(SNOOZE), identifier=SNOOZE),
        ],
        on_clicked=lambda: reply(START),
        on_dismissed=lambda: reply(DISMISSED),
        on_dispatched=sent.set,
    )
    if not sent.is_set():
        return FAILED
    if on_sent is not None:
        on_sent()
    try:
        return await asyncio.wait_for(answer, wait)
    except TimeoutError:
        return NO_ANSWER
    finally:
        with contextlib.suppress(Exception):  # closing a notification already gone
            await notifier.clear_all()
