"""The history recorder, driven by the real engine on a fake clock, writing a real file."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from pathlib import Path

from history_support import TZ, calf_plan
from stretchtimer.history.recorder import HistoryRecorder
from stretchtimer.history.store import HistoryStore
from stretchtimer.session.clock import FakeClock
from stretchtimer.session.engine import SessionEngine
from stretchtimer.session.events import Event


class Wall:
    """A wall clock for the recorder that moves with the fake engine clock."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.origin = datetime(2024, 5, 15, 21, 0, tzinfo=TZ)

    def __call__(self) -> datetime:
        return self.origin + timedelta(seconds=self.clock())


def drive(sink: HistoryRecorder, events: list[Event]) -> None:
    for event in events:
        sink(event)


def test_a_completed_session_is_recorded(tmp_path: Path) -> None:
    clock = FakeClock()
    plan = calf_plan()
    engine = SessionEngine(plan, clock)
    store = HistoryStore(tmp_path / "h.sqlite3")
    recorder = HistoryRecorder.for_plan(plan, store, now=Wall(clock))
    recorder.begin()
    drive(recorder, engine.start())
    clock.advance(3.0)
    drive(recorder, engine.poll())
    drive(recorder, engine.pause())
    clock.advance(10.0)  # paused
    drive(recorder, engine.resume())
    clock.advance(20.0)
    drive(recorder, engine.poll())
    assert recorder.close(10)

    [row] = store.sessions(with_steps=True)
    assert row.id == recorder.session_id
    assert (row.routine_id, row.routine_name, row.status) == ("calves", "Calf stretch", "completed")
    assert [(s.kind, s.side, s.planned, s.actual, s.skipped) for s in row.steps] == [
        ("prepare", None, 2.0, 2.0, False),
        ("hold", "left", 3.0, 3.0, False),
        ("switch", "right", 1.0, 1.0, False),
        ("hold", "right", 3.0, 3.0, False),
    ]
    assert (row.active_seconds, row.paused_seconds) == (9.0, 10.0)
    # steps count the exercise itself (the two holds), not the get-ready or the switch
    assert (row.steps_done, row.steps_total) == (2, 2)
    assert row.started_at == Wall(FakeClock()).origin
    assert row.ended_at == Wall(FakeClock()).origin + timedelta(seconds=33)
    assert recorder.notice is None


def test_skipping_every_exercise_is_not_a_completed_session(tmp_path: Path) -> None:
    clock = FakeClock()
    plan = calf_plan()
    engine = SessionEngine(plan, clock)
    store = HistoryStore(tmp_path / "h.sqlite3")
    recorder = HistoryRecorder.for_plan(plan, store, now=Wall(clock))
    drive(recorder, engine.start())
    while engine.state.value == "running":
        clock.advance(0.5)
        drive(recorder, engine.skip())
    assert engine.record.status.value == "completed"  # the engine reached the end...
    assert recorder.close(10)
    [row] = store.sessions(with_steps=True)
    assert row.status == "stopped"  # ...but nothing was done: no streak for it
    assert row.steps_done == 0 and len(row.steps) == len(plan.segments)
    assert store.streaks().current == 0


def test_stop_leaves_a_stopped_session_with_its_steps(tmp_path: Path) -> None:
    clock = FakeClock()
    plan = calf_plan()
    engine = SessionEngine(plan, clock)
    store = HistoryStore(tmp_path / "h.sqlite3")
    recorder = HistoryRecorder.for_plan(plan, store)
    try:  # what a runner does on Ctrl+C: stop the engine, pass the events, close
        drive(recorder, engine.start())  # the first event begins the session
        clock.advance(3.5)
        drive(recorder, engine.poll())
        raise KeyboardInterrupt
    except KeyboardInterrupt:
        drive(recorder, engine.stop())
    finally:
        assert recorder.close(10)
    [row] = store.sessions(with_steps=True)
    assert row.status == "stopped"
    assert [(s.kind, s.skipped) for s in row.steps] == [("prepare", False), ("hold", True)]
    assert row.steps_done == 0 and row.active_seconds == 3.5


def test_writes_happen_off_the_calling_thread(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    threads: set[str] = set()
    original = store.start_session

    def spy(*args: object, **kwargs: object) -> int:
        threads.add(threading.current_thread().name)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    store.start_session = spy  # type: ignore[method-assign]
    recorder = HistoryRecorder(store, "r", "R", 1)
    recorder.begin()
    assert recorder.close(10)
    assert threads == {"history-writer"}


def test_unavailable_history_never_raises(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    clock = FakeClock()
    plan = calf_plan()
    engine = SessionEngine(plan, clock)
    notices: list[str] = []
    recorder = HistoryRecorder.for_plan(
        plan, HistoryStore(blocker / "history.sqlite3"), on_notice=notices.append
    )
    drive(recorder, engine.start())
    clock.advance(100)
    drive(recorder, engine.poll())
    assert not recorder.close(10)  # not even a pending file can be written there
    assert recorder.session_id is None
    assert recorder.notice is not None and "not recorded" in recorder.notice
    assert notices == recorder.notices and len(notices) == 2


def test_corrupt_history_is_replaced_and_the_user_told(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"garbage" * 1000)
    plan = calf_plan()
    clock = FakeClock()
    engine = SessionEngine(plan, clock)
    recorder = HistoryRecorder.for_plan(plan, HistoryStore(path))
    drive(recorder, engine.start())
    drive(recorder, engine.stop())
    assert recorder.close(10)
    assert recorder.notice is not None and ".corrupt-" in recorder.notice
    assert [r.status for r in HistoryStore(path).sessions()] == ["stopped"]


def test_default_store_is_the_user_history_file(isolated_dirs: dict[str, Path]) -> None:
    plan = calf_plan()
    engine = SessionEngine(plan, FakeClock())
    recorder = HistoryRecorder.for_plan(plan)
    assert not isolated_dirs["data"].exists()
    drive(recorder, engine.start())
    drive(recorder, engine.stop())
    assert recorder.close(10)
    assert (isolated_dirs["data"] / "history.sqlite3").exists()


def test_close_is_idempotent_and_later_events_are_ignored(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    plan = calf_plan()
    engine = SessionEngine(plan, FakeClock())
    recorder = HistoryRecorder.for_plan(plan, store)
    assert recorder.close() and recorder.close()  # never begun: nothing written
    drive(recorder, engine.start())
    assert store.sessions() == []


def test_ctrl_c_in_the_plain_runner_leaves_a_stopped_session(tmp_path: Path) -> None:
    import io

    from stretchtimer.plain import run_plain

    clock = FakeClock()
    plan = calf_plan()
    store = HistoryStore(tmp_path / "h.sqlite3")
    recorder = HistoryRecorder.for_plan(plan, store)

    def sleep(seconds: float) -> None:
        if clock() >= 4.0:  # during the left hold
            raise KeyboardInterrupt
        clock.sleep(seconds)

    try:
        record = run_plain(plan, clock=clock, sleep=sleep, out=io.StringIO(), sinks=[recorder])
    finally:
        assert recorder.close(10)
    assert record.status == "stopped"
    [row] = store.sessions(with_steps=True)
    assert row.status == "stopped"
    assert [(s.kind, s.skipped) for s in row.steps] == [("prepare", False), ("hold", True)]


async def test_ctrl_c_in_the_app_runner_leaves_a_stopped_session(tmp_path: Path) -> None:
    from stretchtimer.config import Settings
    from stretchtimer.tui.app import make_app
    from stretchtimer.tui.runner import RunnerScreen

    clock = FakeClock()
    plan = calf_plan()
    store = HistoryStore(tmp_path / "h.sqlite3")
    recorders: list[HistoryRecorder] = []

    def sinks(p: object) -> list[HistoryRecorder]:
        recorders.append(HistoryRecorder.for_plan(plan, store))
        return recorders

    app = make_app(
        routine=plan.routine,
        clock=clock,
        settings=Settings(),
        sinks_factory=sinks,
        save_config=False,
        watch_interval=None,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        clock.advance(3.5)
        await pilot.pause(0.1)
        await pilot.press("ctrl+c")
    assert app.return_code == 130
    [recorder] = recorders
    assert recorder.close(10)  # already closed by the runner: nothing left to write
    [row] = store.sessions(with_steps=True)
    assert row.status == "stopped"
    assert [(s.kind, s.skipped) for s in row.steps] == [("prepare", False), ("hold", True)]
