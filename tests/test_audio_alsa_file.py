"""Real audio end to end: every cue through simpleaudio into ALSA, captured in a file.

ALSA is pointed at a file device (``ALSA_CONFIG_PATH``), so what simpleaudio plays lands byte for
byte in a file, which is rewritten each time the device opens: the capture is copied after each
sound. It runs in a child process so that ALSA reads this configuration and nothing else.

simpleaudio comes from the ``audio`` extra, which CI installs: there a missing simpleaudio is a
failure, not a skip. Elsewhere the test is skipped with the reason.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from alsa_support import alsa_file_device, run_on_file_device
from stretchtimer.audio.sounds import Cue, read_wav, scale

SOUNDS = Path(__file__).resolve().parents[1] / "sounds"

SCRIPT = textwrap.dedent(
    """
    import json, shutil, sys
    from pathlib import Path

    from stretchtimer.audio.player import CuePlayer, choose
    from stretchtimer.audio.sounds import Cue, SoundBank
    from stretchtimer.routines.model import HoldStep, Routine
    from stretchtimer.session.events import SegmentStarted
    from stretchtimer.session.plan import build_plan

    raw, out = Path(sys.argv[1]), Path(sys.argv[2])
    choice = choose("auto")
    report = {"backend": choice.describe(), "errors": []}

    def capture(player, name, send):
        raw.unlink(missing_ok=True)
        send()
        assert player.wait_idle(5)
        assert player.backend.wait(10), "still playing"
        shutil.copyfile(raw, out / name)

    for volume in (100, 37):
        player = CuePlayer(choice.backend, SoundBank(volume))
        for cue in Cue:
            capture(player, f"{cue.value}-{volume}.raw", lambda: player.request(cue))
        report["errors"] += player.errors
        player.close()

    # an engine event through the sink, as a runner delivers it
    plan = build_plan(Routine(id="t", name="T", prepare=0, steps=(HoldStep("Calf", 5.0),)))
    player = CuePlayer(choice.backend, SoundBank(100))
    capture(player, "event.raw", lambda: player(SegmentStarted(plan.segments[0], 0.0)))
    report["errors"] += player.errors
    player.close()
    print(json.dumps(report))
    """
)


@pytest.fixture
def file_device(tmp_path: Path) -> tuple[dict[str, str], Path]:
    return alsa_file_device(tmp_path)


def test_every_cue_reaches_alsa_byte_for_byte(
    file_device: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    report, out = run_on_file_device(SCRIPT, file_device, tmp_path)
    assert report["backend"] == "simpleaudio (ALSA)"
    assert report["errors"] == []
    for cue in Cue:
        frames, rate, channels = read_wav(SOUNDS / cue.filename)
        assert (rate, channels) == (22050, 1)
        captured = (out / f"{cue.value}-100.raw").read_bytes()
        assert captured == frames, f"{cue}: {len(captured)} bytes captured, {len(frames)} in WAV"
        quiet = (out / f"{cue.value}-37.raw").read_bytes()
        assert quiet == scale(frames, 37), f"{cue} at volume 37"
        assert quiet != frames
    assert (out / "event.raw").read_bytes() == read_wav(SOUNDS / "start.wav")[0]


EXIT_WHILE_PLAYING = textwrap.dedent(
    """
    from stretchtimer.audio.player import CuePlayer, choose
    from stretchtimer.audio.sounds import Cue, SoundBank

    backend = choose("auto").backend
    assert backend.name == "simpleaudio", backend.describe()
    player = CuePlayer(backend, SoundBank())
    player.request(Cue.FINISHED)
    assert player.wait_idle(5)
    print("exiting while the chime plays")
    # no close(): the player's atexit hook must stop playback and wait for it
    """
)


def test_exiting_while_a_sound_plays_is_clean(file_device: tuple[dict[str, str], Path]) -> None:
    env, _ = file_device
    proc = subprocess.run(
        [sys.executable, "-c", EXIT_WHILE_PLAYING],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, f"exit code {proc.returncode}: {proc.stderr}"
    assert proc.stderr == ""
    assert "exiting while the chime plays" in proc.stdout
