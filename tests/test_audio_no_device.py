"""No usable sound device, and no audio extra: no ALSA noise on the terminal, a fallback named.

Each case runs the real command line in a child process with ALSA configured so that its default
device does not exist, and with no PipeWire or PulseAudio server to find.
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from alsa_support import require_simpleaudio
from stretchtimer.audio.sounds import read_wav, scale

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or ctypes.util.find_library("asound") is None,
    reason="ALSA (libasound.so.2) is Linux-only",
)

# The default device names a sound card that does not exist: ALSA complains with "ALSA lib" lines.
NO_DEVICE = 'pcm.!default { type hw; card "nosuchcard" }\n'

OPEN_WITHOUT_HANDLER = textwrap.dedent(
    """
    import ctypes
    lib = ctypes.CDLL("libasound.so.2")
    handle = ctypes.c_void_p()
    print(lib.snd_pcm_open(ctypes.byref(handle), b"default", 0, 1))
    """
)

SOUNDS = Path(__file__).resolve().parents[1] / "sounds"
NO_EXTRA = "import sys; sys.modules['simpleaudio'] = None; from stretchtimer.cli import main; "


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    conf = tmp_path / "asound.conf"
    conf.write_text(NO_DEVICE)
    out = {**os.environ, "ALSA_CONFIG_PATH": str(conf), "STRETCHTIMER_SOUND": "auto"}
    for name in ("XDG_RUNTIME_DIR", "PULSE_SERVER", "PIPEWIRE_REMOTE"):
        out.pop(name, None)
    return out


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_the_configuration_really_makes_alsa_complain(env: dict[str, str]) -> None:
    """Control: without the app's handler, this device setup prints ALSA's own error lines."""
    proc = run(["-c", OPEN_WITHOUT_HANDLER], env)
    assert int(proc.stdout) < 0
    assert "ALSA lib" in proc.stderr


def test_doctor_with_no_device_is_quiet_and_names_the_fallback(env: dict[str, str]) -> None:
    proc = run(["-m", "stretchtimer", "doctor", "--play"], env)
    assert proc.returncode == 0, proc.stderr
    assert "ALSA lib" not in proc.stdout + proc.stderr
    assert proc.stderr == ""
    assert "Sound: silent: no audio device found" in proc.stdout
    assert "aplay: no ALSA device" in proc.stdout or "aplay: not found" in proc.stdout


def test_forcing_simpleaudio_with_no_device_falls_back_quietly(env: dict[str, str]) -> None:
    proc = run(["-m", "stretchtimer", "doctor", "--sound", "simpleaudio", "--play", "tick"], env)
    assert proc.returncode == 0, proc.stderr
    assert "ALSA lib" not in proc.stdout + proc.stderr
    assert "Sound: silent: no audio device found" in proc.stdout
    assert "preference: simpleaudio (from --sound" in proc.stdout


PLAY_ON_MISSING_DEVICE = textwrap.dedent(
    """
    import simpleaudio
    from stretchtimer.audio import alsa
    from stretchtimer.audio.backends import SimpleAudioBackend
    from stretchtimer.audio.player import CuePlayer
    from stretchtimer.audio.sounds import Cue, SoundBank

    alsa.silence_errors()
    # skip the probe on purpose: simpleaudio itself opens the missing device, several times
    player = CuePlayer(SimpleAudioBackend(simpleaudio, "ALSA"), SoundBank())
    for cue in (Cue.START, Cue.TICK, Cue.FINISHED):
        player.request(cue)
        assert player.wait_idle(5)
    player.close()
    print("errors:", len(player.errors), player.errors[0].split(" -- ")[0])
    print("still running")
    """
)


def test_playing_on_a_missing_device_reports_and_keeps_running(env: dict[str, str]) -> None:
    require_simpleaudio()
    proc = run(["-c", PLAY_ON_MISSING_DEVICE], env)
    assert proc.returncode == 0, proc.stderr
    assert "ALSA lib" not in proc.stdout + proc.stderr
    assert proc.stderr == ""
    assert "errors: 3 Error opening PCM device." in proc.stdout
    assert "still running" in proc.stdout


def test_without_the_audio_extra_the_app_says_which_fallback(env: dict[str, str]) -> None:
    proc = run(["-c", NO_EXTRA + "raise SystemExit(main(['doctor', '--play']))"], env)
    assert proc.returncode == 0, proc.stderr
    assert "ALSA lib" not in proc.stdout + proc.stderr
    assert "simpleaudio: not installed (pip install 'stretchtimer[audio]')" in proc.stdout
    assert "Sound: silent: no audio device found" in proc.stdout


def test_without_the_audio_extra_a_working_alsa_device_uses_aplay(
    env: dict[str, str], tmp_path: Path
) -> None:
    """No simpleaudio, but ALSA works (a file device here): the aplay command plays the cue."""
    if shutil.which("aplay", path=env.get("PATH")) is None:
        pytest.skip("aplay (alsa-utils) is not installed")
    raw = tmp_path / "capture.raw"
    conf = tmp_path / "file.conf"
    conf.write_text(
        "pcm.!default { type file; slave { pcm { type null } }; "
        f'file "{raw}"; format "raw" }}\n'
    )
    env = {**env, "ALSA_CONFIG_PATH": str(conf)}
    code = "raise SystemExit(main(['doctor', '--play', 'tick', '--volume', '50']))"
    proc = run(["-c", NO_EXTRA + code], env)
    assert proc.returncode == 0, proc.stderr
    assert "Sound: aplay command" in proc.stdout
    assert "played tick" in proc.stdout and "FAILED" not in proc.stdout
    # aplay played the half-volume copy written to a temporary file; it pads to a whole period
    expected = scale(read_wav(SOUNDS / "tick.wav")[0], 50)
    captured = raw.read_bytes()
    assert captured[: len(expected)] == expected
    assert set(captured[len(expected) :]) <= {0}
