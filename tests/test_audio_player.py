"""Choosing the backend, the sound options, and the command and bell backends."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from stretchtimer.audio import player as player_mod
from stretchtimer.audio.backends import AudioError, BellBackend, CommandBackend
from stretchtimer.audio.options import SOUND_ENV, resolve
from stretchtimer.audio.player import choose
from stretchtimer.audio.sounds import Cue, SoundBank, read_wav


@pytest.fixture
def machine(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """A Linux machine where nothing works until a test says so."""
    state: dict[str, object] = {"alsa": "cannot open the default device", "which": set()}
    monkeypatch.setattr(player_mod.sys, "platform", "linux")
    monkeypatch.setattr(player_mod.alsa, "probe_default", lambda: state["alsa"])
    monkeypatch.setattr(player_mod.alsa, "silence_errors", lambda: True)

    def which(name: str) -> str | None:
        found = state["which"]
        assert isinstance(found, set)
        return f"/usr/bin/{name}" if name in found else None

    monkeypatch.setattr(player_mod.shutil, "which", which)
    monkeypatch.setitem(sys.modules, "simpleaudio", None)  # not installed
    for name in ("XDG_RUNTIME_DIR", "PULSE_SERVER", "PIPEWIRE_REMOTE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    return state


def test_nothing_works_means_silence_with_a_notice(machine: dict[str, object]) -> None:
    choice = choose("auto")
    assert choice.describe() == "silent: no audio device found"
    assert choice.tried[0] == "simpleaudio: not installed (pip install 'stretchtimer[audio]')"
    assert "aplay: not found" in choice.tried[1]
    assert choice.notice is not None and choice.notice.startswith("No sound: no audio device")


def test_simpleaudio_first_when_installed_and_alsa_works(
    machine: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "simpleaudio", types.ModuleType("simpleaudio"))
    machine["alsa"] = None
    machine["which"] = {"aplay"}
    assert choose("auto").describe() == "simpleaudio (ALSA)"
    assert choose("command").describe() == "aplay command"
    assert choose("auto").notice is None


def test_player_commands_in_order(
    machine: dict[str, object], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    machine["which"] = {"pw-play", "paplay", "aplay"}
    assert "pw-play: no PipeWire" in choose("auto").tried[1]
    machine["alsa"] = None
    assert choose("auto").describe() == "aplay command"
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    (tmp_path / "pulse").mkdir()
    (tmp_path / "pulse" / "native").touch()
    assert choose("auto").describe() == "paplay command"
    (tmp_path / "pipewire-0").touch()
    assert choose("auto").describe() == "pw-play command"


def test_macos_uses_afplay(machine: dict[str, object], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(player_mod.sys, "platform", "darwin")
    machine["which"] = {"afplay"}
    assert choose("auto").describe() == "afplay command"


def test_bell_when_a_terminal_or_a_ring_is_given(
    machine: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    rings: list[int] = []
    choice = choose("auto", ring=lambda: rings.append(1))
    assert choice.describe() == "terminal bell"
    assert choice.notice is not None and "bell" in choice.notice
    choice.backend.play(SoundBank().get(Cue.TICK))
    assert rings == [1]
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert choose("auto").describe() == "terminal bell"


def test_a_preference_goes_first_and_off_is_silent(
    machine: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "simpleaudio", types.ModuleType("simpleaudio"))
    machine["alsa"] = None
    assert choose("bell", ring=lambda: None).describe() == "terminal bell"
    off = choose("off")
    assert off.describe() == "silent: sound turned off" and off.notice is None
    assert choose("nonsense").describe() == "simpleaudio (ALSA)"


def test_bell_failure_is_an_audio_error() -> None:
    def broken() -> None:
        raise RuntimeError("app closed")

    with pytest.raises(AudioError, match="app closed"):
        BellBackend(broken).play(SoundBank().get(Cue.TICK))


def test_options_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SOUND_ENV, raising=False)
    assert resolve() == resolve(settings_backend="auto")
    assert (resolve().preference, resolve().source, resolve().volume) == ("auto", "default", 100)
    assert resolve(settings_backend="bell").preference == "bell"
    assert resolve(settings_sound=False, settings_backend="bell").preference == "off"
    monkeypatch.setenv(SOUND_ENV, "command")
    assert resolve(settings_sound=False).preference == "command"
    assert resolve(backend="bell").preference == "bell"
    assert resolve(no_sound=True, backend="bell").preference == "off"
    assert resolve(no_sound=True).source == "--no-sound"
    monkeypatch.setenv(SOUND_ENV, "loud")
    opts = resolve(settings_volume=80)
    assert opts.preference == "auto" and opts.volume == 80
    assert opts.notes == (
        "ignoring STRETCHTIMER_SOUND='loud' (expected one of: auto, simpleaudio, command, "
        "bell, off)",
    )
    assert resolve(volume=30, settings_volume=80).volume == 30


def test_command_backend_plays_a_scaled_copy_and_cleans_up(tmp_path: Path) -> None:
    out = tmp_path / "played.wav"
    copy = f"import shutil, sys; shutil.copy(sys.argv[1], {str(out)!r})"
    fake_player = [sys.executable, "-c", copy]
    backend = CommandBackend(fake_player)
    assert backend.describe().endswith(" command")
    quiet = SoundBank(volume=40).get(Cue.SWITCH)
    backend.play(quiet)
    assert backend.wait(10)
    assert read_wav(out)[0] == quiet.frames
    copies = list(Path(backend._files._tmp.name).iterdir())  # type: ignore[union-attr]
    assert [p.name for p in copies] == ["switch-40.wav"]
    full = SoundBank(volume=100).get(Cue.TICK)
    backend.play(full)  # the shipped file itself, no copy
    assert backend.wait(10)
    assert read_wav(out)[0] == read_wav(full.path)[0]
    backend.close()
    assert not copies[0].exists()


def test_command_backend_stops_a_running_player() -> None:
    backend = CommandBackend([sys.executable, "-c", "import time; time.sleep(30)"])
    backend.play(SoundBank().get(Cue.TICK))
    assert not backend.wait(0.05)
    backend.close()
    assert backend.wait(0)


def test_command_backend_missing_program_is_an_audio_error(tmp_path: Path) -> None:
    backend = CommandBackend([str(tmp_path / "no-such-player")])
    with pytest.raises(AudioError):
        backend.play(SoundBank().get(Cue.TICK))


def test_options_from_a_runners_arguments_and_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    from stretchtimer.audio.options import options_from_args
    from stretchtimer.config import Settings

    monkeypatch.delenv(SOUND_ENV, raising=False)
    args = argparse.Namespace(no_sound=False, volume=None)  # the run command has no --sound
    opts = options_from_args(args, Settings(volume=55, sound_backend="bell"))
    assert (opts.preference, opts.volume) == ("bell", 55)
    args = argparse.Namespace(no_sound=True, volume=20)
    assert options_from_args(args, Settings()).preference == "off"
    assert options_from_args(args).volume == 20  # reads the (missing) settings file


def test_doctor_knows_every_cue() -> None:
    from stretchtimer.commands.doctor import CUE_NAMES

    assert tuple(cue.value for cue in Cue) == CUE_NAMES
