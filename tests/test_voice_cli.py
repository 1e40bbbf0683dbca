"""The voice on the command line: show --speech, doctor, run --voice, and the settings."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from stretchtimer import config
from stretchtimer.cli import build_parser, main
from stretchtimer.commands import run as run_cmd
from stretchtimer.config import Settings, dumps, load_settings, parse_settings, save_settings
from stretchtimer.voice import sink as sink_mod
from stretchtimer.voice.engines import EngineChoice


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_speech_prints_each_phrase_with_its_time(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "show", "leg-cramp-prevention", "--speech")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Leg cramp prevention"
    assert "   0:00  Get ready. First: Wall calf stretch, left side." in lines
    assert "   1:10  Switch to your right side." in lines
    assert "   2:25  Toe lifts. Five reps." in lines
    assert "   2:49  Five." in lines
    assert "START" not in out  # the speech script instead of the timeline


def test_show_speech_full_lists_what_has_no_time(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "show", "leg-cramp-prevention", "--speech", "full")
    assert code == 0
    assert "Voice: full;" in out
    assert "   0:00  Get ready. Stand facing a wall, hands on the wall at shoulder height." in out
    assert "no time for: Step your left foot back" in out


def test_show_speech_makes_file_text_safe(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from stretchtimer.commands._speech import speech_lines
    from stretchtimer.routines.model import HoldStep, Routine
    from stretchtimer.session.plan import build_plan
    from stretchtimer.voice.script import Level

    plan = build_plan(Routine("x", "X", (HoldStep("Evil\x1b[2J", 5.0),), prepare=0))
    lines = speech_lines(plan, Level.BRIEF, 175, 80)
    assert any("Evil\\x1b[2J" in line for line in lines)
    assert not any("\x1b" in line for line in lines)


def test_show_speech_takes_the_level_from_the_settings(capsys: pytest.CaptureFixture[str]) -> None:
    save_settings(Settings(voice="full", voice_rate=200))
    code, out, _ = run_cli(capsys, "show", "cramp-relief", "--speech")
    assert code == 0 and "Voice: full;" in out and "200 words a minute" in out
    with pytest.raises(SystemExit):
        main(["show", "cramp-relief", "--speech", "loud"])
    assert "expected brief or full, got 'loud'" in capsys.readouterr().err


def test_doctor_names_the_engine_or_why_there_is_none(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sink_mod.forget_engines()
    none = EngineChoice(
        None, tried=["espeak-ng: not found (Debian and Ubuntu: apt install espeak-ng)"]
    )
    monkeypatch.setattr(sink_mod, "choose_engine", lambda *a, **k: none)
    code, out, _ = run_cli(capsys, "doctor")
    assert code == 0  # no voice, explained
    assert "Voice: none works; the beeps go on" in out
    assert "  passed over: espeak-ng: not found (Debian and Ubuntu: apt install espeak-ng)" in out
    code, out, _ = run_cli(capsys, "doctor", "--say", "Left side")
    assert code == 1 and "Nothing to say with: no speech engine works" in out
    sink_mod.forget_engines()


def test_doctor_says_nothing_without_sound(capsys: pytest.CaptureFixture[str]) -> None:
    sink_mod.forget_engines()
    code, out, _ = run_cli(capsys, "doctor", "--say", "Left side")  # STRETCHTIMER_SOUND=off
    assert code == 1
    assert "Nothing to say through: silent: sound turned off." in out


def test_run_voice_choices_are_the_settings_levels() -> None:
    assert run_cmd.VOICE_LEVELS == config.VOICE_LEVELS
    args = build_parser().parse_args(["run", "--plain", "--voice", "full", "x"])
    assert args.voice == "full"
    assert build_parser().parse_args(["run", "x"]).voice is None
    with pytest.raises(SystemExit):
        build_parser().parse_args(["run", "--voice", "loud", "x"])


def test_voice_settings_are_checked_and_written() -> None:
    settings, problems = parse_settings(
        {"voice": "full", "voice_engine": "espeak-ng", "voice_name": "en-us", "voice_rate": 150}
    )
    assert problems == []
    assert (settings.voice, settings.voice_engine, settings.voice_name, settings.voice_rate) == (
        "full",
        "espeak-ng",
        "en-us",
        150,
    )
    _, problems = parse_settings(
        {"voice": "loud", "voice_engine": "festival", "voice_name": 3, "voice_rate": 1000}
    )
    assert problems == [
        "`voice` must be one of: brief, full, off",
        "`voice_engine` must be one of: auto, espeak-ng, say, windows",
        '`voice_name` must be a string ("" picks the voice from the language)',
        "`voice_rate` must be a whole number of words a minute from 80 to 400",
    ]
    save_settings(Settings(voice="off", voice_name='a "b"'))
    assert load_settings() == (Settings(voice="off", voice_name='a "b"'), None)
    assert "voice_rate = 175" in dumps(Settings())


def test_the_plain_runner_gets_the_voice_level(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []

    class Spy:
        def __init__(
            self, sound: object, notify: object, *, voice: object = None, history: bool = True
        ) -> None:
            seen.append(voice)

        def open_sound(self) -> None:
            raise KeyboardInterrupt  # stop before anything runs

        def close(self, let_finish: float = 1.0) -> None:
            pass

    import stretchtimer.sinks

    monkeypatch.setattr(stretchtimer.sinks, "SessionSinks", Spy)
    from stretchtimer.routines.library import resolve

    for flag, level in ((None, "off"), ("full", "full")):
        with pytest.raises(KeyboardInterrupt):
            run_cmd.run_plain_session(
                resolve("cramp-relief"), argparse.Namespace(voice=flag, no_sound=False, volume=None)
            )
        assert getattr(seen[-1], "level") == level  # noqa: B009
