"""The diary in the history file: migration, cramps, dismissal, export and import."""

from __future__ import annotations

import io
import json
import re
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from history_support import TODAY, TZ, seed_history
from stretchtimer import cli, locations
from stretchtimer.history import schema
from stretchtimer.history.cramps import CrampLog, current_advice
from stretchtimer.history.diary import Cramp, DiaryError
from stretchtimer.history.exchange import (
    ImportProblem,
    import_document,
    parse_document,
    write_document,
)
from stretchtimer.history.insights import AdviceRules
from stretchtimer.history.store import HistoryStore

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
DIARY_MIGRATION = next(i for i, m in enumerate(schema.MIGRATIONS) if "CREATE TABLE cramps" in m)


def at(days_ago: int, hour: int = 3) -> datetime:
    d = TODAY - timedelta(days=days_ago)
    return datetime(d.year, d.month, d.day, hour, 0, tzinfo=TZ)


def test_migration_from_the_schema_before_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    old = sqlite3.connect(path)
    for migration in schema.MIGRATIONS[:DIARY_MIGRATION]:
        old.executescript(migration)
    for n in range(1, 51):
        old.execute(
            "INSERT INTO sessions (id, routine_id, routine_name, started_at, ended_at, "
            "updated_at, status, active_seconds, steps_done, steps_total) VALUES "
            "(?, 'legs', 'Legs', ?, ?, ?, 'completed', 60, 1, 1)",
            (
                n * 2,
                f"2024-05-{n % 28 + 1:02d}T21:00:00+02:00",
                "2024-05-01T21:01:00+02:00",
                "2024-05-01T21:01:00+02:00",
            ),
        )
        old.execute(
            "INSERT INTO steps (session_id, seq, segment_index, kind, label, side, "
            "set_number, planned, actual, skipped) VALUES (?, 1, 0, 'hold', 'Calf', "
            "'left', 1, 60, 60, 0)",
            (n * 2,),
        )
    old.execute(f"PRAGMA user_version = {DIARY_MIGRATION}")
    old.commit()
    old.close()

    with HistoryStore(path) as store:
        sessions = store.sessions(with_steps=True)
        assert len(sessions) == 50 and sorted(s.id for s in sessions) == list(range(2, 101, 2))
        assert all(len(s.steps) == 1 for s in sessions)
        uids = [s.uid for s in sessions]
        assert len(set(uids)) == 50 and all(UUID.match(u) for u in uids)
        assert CrampLog(store).cramps() == []
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    with pytest.raises(sqlite3.IntegrityError):  # uids stay unique
        db.execute("UPDATE sessions SET uid = ? WHERE id = 4", (uids[0],))
    db.close()
    with HistoryStore(path) as store:  # reopening keeps the same uids
        assert [s.uid for s in store.sessions()] == uids


def test_new_sessions_get_a_uid(tmp_path: Path) -> None:
    store = seed_history(tmp_path / "h.sqlite3")
    uids = {s.uid for s in store.sessions()}
    assert len(uids) == 16 and all(UUID.match(u) for u in uids)
    store.close()


def test_cramp_log_add_update_delete(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        log = CrampLog(store)
        first = log.add(Cramp(at=at(2), woke=True, note="left calf"))
        second = log.add(Cramp(at=at(1, 15), severity=3))
        assert (first.id, second.id) == (1, 2) and first.uid != second.uid
        assert [c.id for c in log.cramps()] == [2, 1]
        assert log.get(1) == first
        assert log.update(Cramp(at=at(2), severity=9, id=1, uid=first.uid))
        assert log.get(1).severity == 9  # type: ignore[union-attr]
        assert not log.update(Cramp(at=at(2), id=99))
        with pytest.raises(DiaryError):
            log.add(Cramp(at=at(0), severity=12))
        assert log.delete(2) and not log.delete(2)
        assert log.count() == 1 and log.first_day() == at(2).date()


def test_reads_create_nothing(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "none" / "h.sqlite3")
    assert CrampLog(store).cramps() == [] and CrampLog(store).dismissal() is None
    assert current_advice(store, TODAY, AdviceRules()) is None
    assert not (tmp_path / "none").exists()


def test_current_advice_and_dismissal(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        log = CrampLog(store)
        for n in (1, 4, 9):
            log.add(Cramp(at=at(n), woke=True))
        due = current_advice(store, TODAY, AdviceRules())
        assert due is not None and due[1] == ["sleep"]
        assert "woke you on 3 nights" in due[0] and "potassium" in due[0]
        log.dismiss(TODAY, due[1])
        assert current_advice(store, TODAY + timedelta(days=29), AdviceRules()) is None
        log.add(Cramp(at=at(0, 14), swelling=True))
        again = current_advice(store, TODAY + timedelta(days=1), AdviceRules())
        assert again is not None and again[1] == ["signs", "sleep"]


# -- export and import -----------------------------------------------------------------------


def export_text(store: HistoryStore) -> str:
    out = io.StringIO()
    write_document(store.export(), CrampLog(store).cramps(oldest_first=True), out)
    return out.getvalue()


def filled(path: Path) -> HistoryStore:
    store = seed_history(path)
    log = CrampLog(store)
    for n, kw in enumerate(
        [
            {"woke": True},
            {"note": 'stairs "quoted" ✓'},
            {"minutes": 1.5, "leg": "left"},
            {"redness": True},
        ]
    ):
        log.add(Cramp(at=at(n * 3, 2 + n * 6), **kw))  # type: ignore[arg-type]
    log.delete(2)  # a gap in the ids
    return store


def test_round_trip_export_import_export(tmp_path: Path) -> None:
    store = filled(tmp_path / "a.sqlite3")
    document = export_text(store)
    data = json.loads(document)
    assert len(data["sessions"]) == 16 and len(data["cramps"]) == 3
    with HistoryStore(tmp_path / "b.sqlite3") as empty:
        result = import_document(empty, *parse_document(document))
        assert (result.sessions_added, result.cramps_added, result.conflicts) == (16, 3, [])
        assert export_text(empty) == document
        again = import_document(empty, *parse_document(document))
        assert (again.sessions_added, again.cramps_added) == (0, 0)
        assert (again.sessions_present, again.cramps_present) == (16, 3)
        assert export_text(empty) == document
    store.close()


def test_merge_keeps_the_existing_on_conflict(tmp_path: Path) -> None:
    store = filled(tmp_path / "a.sqlite3")
    data = json.loads(export_text(store))
    data["cramps"][0]["severity"] = 1
    data["sessions"][0]["status"] = "stopped"
    data["cramps"].append(
        {**data["cramps"][1], "uid": "0a6f7bd2-52a6-4b5b-9a0b-fc1e0f4c4e0e", "id": 1}
    )
    result = import_document(store, *parse_document(json.dumps(data)))
    assert (result.sessions_added, result.sessions_present) == (0, 15)
    assert (result.cramps_added, result.cramps_present) == (1, 2)
    assert len(result.conflicts) == 2 and "kept the one here" in result.conflicts[0]
    assert CrampLog(store).cramps(oldest_first=True)[0].severity == 5
    assert CrampLog(store).count() == 4  # the new one got a free id
    store.close()


def test_legacy_array_twice_adds_once(tmp_path: Path) -> None:
    store = filled(tmp_path / "a.sqlite3")
    legacy = json.loads(export_text(store))["sessions"]
    for s in legacy:
        del s["uid"]
    text = json.dumps(legacy)
    with HistoryStore(tmp_path / "b.sqlite3") as other:
        assert import_document(other, *parse_document(text)).sessions_added == 16
        assert import_document(other, *parse_document(text)).sessions_added == 0
    store.close()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{", "not valid JSON: line 1, column 2"),
        ('{"x": 1}', "not a stretchtimer history export"),
        ('{"stretchtimer_history": 2}', "written in format 2"),
        (
            '{"stretchtimer_history": 1, "sessions": [{"routine": "x"}]}',
            "session 1: `started_at` is missing",
        ),
        (
            '{"stretchtimer_history": 1, "cramps": [{"uid": "nope", '
            '"at": "2024-05-01T03:00:00+02:00", "leg": "left", "muscle": "calf", "severity": 3}]}',
            "cramp 1: `uid` is not a UUID",
        ),
        (
            '{"stretchtimer_history": 1, "cramps": '
            '[{"uid": "0a6f7bd2-52a6-4b5b-9a0b-fc1e0f4c4e0e", '
            '"at": "2024-05-01T03:00:00", "leg": "left", "muscle": "calf", "severity": 3}]}',
            "lacks its UTC offset",
        ),
        (
            '{"stretchtimer_history": 1, "cramps": '
            '[{"uid": "0a6f7bd2-52a6-4b5b-9a0b-fc1e0f4c4e0e", '
            '"at": "2024-05-01T03:00:00+02:00", "leg": "left", "muscle": "calf", "severity": 30}]}',
            "severity must be a whole number from 0 to 10",
        ),
    ],
)
def test_bad_documents(text: str, problem: str) -> None:
    with pytest.raises(ImportProblem, match=re.escape(problem)):
        parse_document(text)


def test_import_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = filled(tmp_path / "a.sqlite3")
    file = tmp_path / "backup.json"
    file.write_text(export_text(source), encoding="utf-8")
    source.close()
    assert cli.main(["history", "import", str(file)]) == 0
    assert capsys.readouterr().out == (
        f"Imported from {file}: 16 new sessions (0 already here), 3 new cramps (0 already here).\n"
    )
    assert cli.main(["history", "import", str(file)]) == 0
    assert "0 new sessions (16 already here), 0 new cramps (3 already here)" in (
        capsys.readouterr().out
    )
    bad = tmp_path / "bad.json"
    bad.write_text('{"stretchtimer_history": 1, "sessions": [{}]}', encoding="utf-8")
    assert cli.main(["history", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: session 1: `started_at` is missing; nothing was imported" in err
    assert cli.main(["history", "import", str(tmp_path / "missing.json")]) == 1
    assert "cannot read" in capsys.readouterr().err
    with HistoryStore(locations.history_db()) as store:
        assert store.count() == 16


def test_dst_times_survive_the_round_trip(tmp_path: Path) -> None:
    from datetime import timezone

    cet, cest = timezone(timedelta(hours=1)), timezone(timedelta(hours=2))
    with HistoryStore(tmp_path / "a.sqlite3") as store:
        log = CrampLog(store)
        log.add(Cramp(at=datetime(2024, 3, 31, 1, 30, tzinfo=cet)))
        log.add(Cramp(at=datetime(2024, 3, 31, 3, 30, tzinfo=cest)))
        document = export_text(store)
    assert '"at": "2024-03-31T01:30:00+01:00"' in document
    assert '"at": "2024-03-31T03:30:00+02:00"' in document
    with HistoryStore(tmp_path / "b.sqlite3") as other:
        import_document(other, *parse_document(document))
        assert [c.at.utcoffset() for c in CrampLog(other).cramps(oldest_first=True)] == [
            timedelta(hours=1),
            timedelta(hours=2),
        ]
    assert date(2024, 3, 31) == datetime(2024, 3, 31, 3, 30, tzinfo=cest).date()
