"""The done screen: what was done, the time taken and what was skipped; Enter goes home."""

from __future__ import annotations

from rich.console import Console

from stretchtimer.config import Settings
from stretchtimer.session.events import SegmentRecord, SessionRecord, SessionStatus, StepStatus
from stretchtimer.session.plan import build_plan
from stretchtimer.session.summary import summarize
from stretchtimer.tui.app import make_app
from stretchtimer.tui.done import DoneScreen, segments_table, summary_lines
from stretchtimer.tui.home import HomeScreen
from tui_support import FULL, SIZE, text

PLAN = build_plan(FULL)


def record(status: SessionStatus, skipped: set[int], paused: float = 0.0) -> SessionRecord:
    rec = SessionRecord(
        FULL.id, FULL.name, len(PLAN.segments), status=status, paused_seconds=paused
    )
    for seg in PLAN.segments:
        if status is SessionStatus.STOPPED and seg.index > 5:
            break
        actual = 2.0 if seg.index in skipped else (seg.duration or 30.0)
        rec.segments.append(
            SegmentRecord(
                seg.index,
                seg.kind.value,
                seg.label,
                seg.side,
                seg.set_number,
                seg.duration,
                actual,
                StepStatus.SKIPPED if seg.index in skipped else StepStatus.DONE,
            )
        )
        rec.active_seconds += actual
    return rec


def table_text(rec: SessionRecord) -> str:
    console = Console(width=80, record=True, color_system=None)
    console.print(segments_table(rec))
    return console.export_text()


def test_summary_of_a_completed_session() -> None:
    rec = record(SessionStatus.COMPLETED, skipped={3}, paused=75)
    # work segments: calf left, calf right, toes 1, toes 2, squats
    assert summary_lines(summarize(rec, PLAN.work_segments)) == [
        "Time taken: 4:42 (plus 1:15 paused)",  # 282 s
        "Exercises done: 4 of 5",
        "Skipped: 1",
    ]
    lines = table_text(rec).splitlines()
    assert lines[0].split() == ["Exercise", "Set", "Time"]
    assert lines[1].split() == ["✓", "Wall", "calf", "stretch,", "left", "1", "1:00"]
    assert lines[2].split() == ["–", "Wall", "calf", "stretch,", "right", "1", "skipped"]
    assert lines[5].split() == ["✓", "Squats", "1", "0:30"]


def test_a_part_run_twice_counts_once() -> None:
    rec = record(SessionStatus.COMPLETED, skipped={1})
    first = rec.segments[1]
    # back to the left calf stretch, then completed it
    rec.segments.insert(
        2,
        SegmentRecord(
            first.index,
            first.kind,
            first.label,
            first.side,
            first.set_number,
            first.planned,
            60.0,
            StepStatus.DONE,
            attempt=2,
        ),
    )
    assert summary_lines(summarize(rec, PLAN.work_segments))[1:] == [
        "Exercises done: 5 of 5",
        "Skipped: none",
    ]
    assert table_text(rec).count("Wall calf stretch, left") == 1


def test_summary_without_skips_or_pauses() -> None:
    rec = record(SessionStatus.COMPLETED, skipped=set())
    assert summary_lines(summarize(rec, PLAN.work_segments))[1:] == [
        "Exercises done: 5 of 5",
        "Skipped: none",
    ]
    assert "paused" not in summary_lines(summarize(rec, PLAN.work_segments))[0]


async def test_done_screen_shows_the_result_and_enter_goes_home() -> None:
    app = make_app(settings=Settings(), save_config=False, watch_interval=None)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        home = app.screen
        assert isinstance(home, HomeScreen)
        app.push_screen(DoneScreen(record(SessionStatus.STOPPED, skipped={5}), PLAN))
        await pilot.pause()
        assert text(app, "#headline") == "Stopped"
        assert text(app, "#routine-name") == "Test routine"
        assert "Exercises done: 2 of 5" in text(app, "#facts")
        assert "Skipped: 1" in text(app, "#facts")
        await pilot.press("enter")
        assert app.screen is home


async def test_everything_skipped_is_not_well_done() -> None:
    app = make_app(settings=Settings(), save_config=False, watch_interval=None)
    async with app.run_test(size=SIZE) as pilot:
        skipped = {seg.index for seg in PLAN.segments}
        app.push_screen(DoneScreen(record(SessionStatus.COMPLETED, skipped=skipped), PLAN))
        await pilot.pause()
        assert text(app, "#headline") == "Everything skipped: not counted as done"


async def test_q_on_done_quits() -> None:
    app = make_app(settings=Settings(), save_config=False, watch_interval=None)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(DoneScreen(record(SessionStatus.COMPLETED, skipped=set()), PLAN))
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
