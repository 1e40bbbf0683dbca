"""One account of a session: both runners, the history rows and the export say the same.

The same scripted session (a routine with three exercises; skip the first hold after 3 s, then
stop 2 s into the next one) runs through the full-screen runner and the plain runner, each
with a real history file. The done screen, the plain summary line, the history row and the JSON
export must all agree on what was done, skipped and stopped.
"""

from __future__ import annotations

import io
import json

import pytest

from keys_support import FakeKeys
from stretchtimer import cli, locations
from stretchtimer.history.recorder import HistoryRecorder
from stretchtimer.history.store import HistoryStore
from stretchtimer.plain import run_plain
from stretchtimer.routines.model import HoldStep, Routine
from stretchtimer.session.clock import FakeClock
from stretchtimer.session.plan import build_plan
from stretchtimer.session.summary import SessionSummary
from stretchtimer.tui.done import DoneScreen
from stretchtimer.tui.runner import RunnerScreen
from tui_support import SIZE, build

ROUTINE = Routine(
    "three",
    "Three holds",
    (HoldStep("Reach", 10, sides=("left", "right"), switch=0), HoldStep("Bend", 10)),
    prepare=0,
)
# the script: (clock reading, key)
SCRIPT = ((3.0, "right"), (5.0, "q"), (5.5, "y"))
EXPECTED = {"done": 0, "skipped": 1, "stopped": 1, "status": "stopped", "active": 5.0}


def _facts(summary: SessionSummary) -> dict[str, object]:
    return {
        "done": summary.done,
        "skipped": summary.skipped,
        "stopped": summary.stopped,
        "status": summary.status.value,
        "active": summary.active_seconds,
    }


async def _run_full_screen() -> tuple[SessionSummary, list[str]]:
    clock = FakeClock()
    app = build(ROUTINE, clock, history=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for at, key in SCRIPT:
            clock.set(at)
            runner = app.screen_stack[1] if len(app.screen_stack) > 1 else app.screen
            if isinstance(runner, RunnerScreen):
                runner.tick()
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, DoneScreen)
        facts = str(app.screen.query_one("#facts").render()).splitlines()
        summary = app.screen.summary
        await app.workers.wait_for_complete()
    return summary, facts


def _run_plain() -> tuple[SessionSummary, str]:
    clock = FakeClock()
    plan = build_plan(ROUTINE)
    out = io.StringIO()
    recorder = HistoryRecorder.for_plan(plan)
    summary = run_plain(
        plan,
        clock=clock,
        sleep=clock.sleep,
        out=out,
        sinks=[recorder],
        keys=FakeKeys(clock, *SCRIPT),
    )
    return summary, out.getvalue().splitlines()[-1]


async def test_both_runners_the_history_and_the_export_agree(
    capsys: pytest.CaptureFixture[str],
) -> None:
    tui_summary, facts = await _run_full_screen()
    plain_summary, last_line = _run_plain()

    assert _facts(tui_summary) == _facts(plain_summary) == EXPECTED
    assert facts[1:] == ["Exercises done: 0 of 3", "Skipped: 1", "Stopped during: 1"]
    assert last_line == (
        "Stopped after 0:05 active: Three holds, 0 of 3 exercises done, 1 skipped, 1 stopped"
    )

    store = HistoryStore(locations.history_db())
    rows = store.sessions(with_steps=True)
    store.close()
    assert len(rows) == 2
    for row in rows:
        assert (row.steps_done, row.steps_skipped, row.steps_stopped, row.status) == (
            0,
            1,
            1,
            "stopped",
        )
        assert [s.status for s in row.steps] == ["skipped", "stopped"]

    capsys.readouterr()
    assert cli.main(["history", "--json"]) == 0
    exported = json.loads(capsys.readouterr().out)["sessions"]
    for session in exported:
        assert (
            session["steps_done"],
            session["steps_skipped"],
            session["steps_stopped"],
            session["status"],
        ) == (0, 1, 1, "stopped")
        assert [(s["status"], s["skipped"]) for s in session["steps"]] == [
            ("skipped", True),
            ("stopped", True),
        ]
