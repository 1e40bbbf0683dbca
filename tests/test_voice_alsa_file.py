"""Real speech end to end: espeak-ng renders, simpleaudio plays into ALSA's file device.

ALSA is pointed at a file device (``ALSA_CONFIG_PATH``), so what simpleaudio plays lands byte for
byte in a file, rewritten each time the device opens (a beep and the phrase after it are two
opens: the file then holds the phrase). Each run is a child process so that ALSA reads this
configuration and nothing else. CI installs espeak-ng and the audio extra: there a missing one
is a failure, not a skip.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from alsa_support import alsa_file_device, run_on_file_device
from stretchtimer.audio.sounds import read_wav, scale
from voice_support import require_espeak

SCRIPT = textwrap.dedent(
    """
    import json, shutil, sys
    from pathlib import Path

    from stretchtimer.audio.player import CuePlayer, choose
    from stretchtimer.audio.sounds import SoundBank
    from stretchtimer.routines.model import HoldStep, Routine
    from stretchtimer.session.events import Halfway, SegmentStarted, SideSwitch
    from stretchtimer.session.plan import build_plan
    from stretchtimer.voice.options import VoiceOptions
    from stretchtimer.voice.sink import open_voice

    raw, out = Path(sys.argv[1]), Path(sys.argv[2])
    choice = choose("auto")
    report = {"backend": choice.describe(), "errors": [], "phrases": {}, "notes": []}
    plan = build_plan(Routine("t", "T", (HoldStep("Wall calf stretch", 30.0,
                                                  sides=("left", "right")),), prepare=0))
    hold, switch = plan.segments[0], plan.segments[1]
    events = {
        "start": SegmentStarted(hold, 0.0),
        "halfway": Halfway(hold, 15.0),
        "switch": SideSwitch(switch, "right", 30.0),
    }
    for volume in (100, 37):
        player = CuePlayer(choice.backend, SoundBank(volume))
        voice = open_voice(plan, VoiceOptions(), player, report["notes"].append)
        assert voice is not None and voice.wait_ready(count=100, timeout=30)
        for name, event in events.items():
            raw.unlink(missing_ok=True)
            player(event)
            voice(event)
            assert player.wait_quiet(20), "still playing"
            shutil.copyfile(raw, out / f"{name}-{volume}.raw")
            ready = voice._ready[voice.said[-1]]
            report["phrases"][f"{name}-{volume}"] = [ready.phrase.text, str(ready.sound.path)]
        report["errors"] += player.errors
        voice.close()
        player.close()
    print(json.dumps(report))
    """
)


@pytest.fixture
def file_device(tmp_path: Path) -> tuple[dict[str, str], Path]:
    require_espeak()
    return alsa_file_device(tmp_path)


def test_spoken_phrases_reach_alsa_as_rendered(
    file_device: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, _ = file_device
    report, out = run_on_file_device(SCRIPT, file_device, tmp_path)
    assert report["backend"] == "simpleaudio (ALSA)"
    assert report["errors"] == [] and report["notes"] == []
    texts = {name: text for name, (text, _) in report["phrases"].items()}
    assert texts["start-100"] == "Wall calf stretch. Left side. Thirty seconds."
    assert texts["halfway-100"] == "Halfway."
    assert texts["switch-100"] == "Switch to your right side."
    cache = Path(env["STRETCHTIMER_CACHE_DIR"]) / "voice"
    for name, (_, path) in report["phrases"].items():
        assert Path(path).parent == cache  # rendered into the user's cache folder
        frames, rate, channels = read_wav(Path(path))
        assert (rate, channels) == (22050, 1)
        assert len(frames) > 0.3 * 2 * rate  # real speech, not an empty file
        captured = (out / f"{name}.raw").read_bytes()
        expected = frames if name.endswith("-100") else scale(frames, 37)
        assert captured == expected, f"{name}: {len(captured)} bytes captured, {len(expected)}"


def test_doctor_say_speaks_through_the_same_path(file_device: tuple[dict[str, str], Path]) -> None:
    env, raw = file_device
    proc = subprocess.run(
        [sys.executable, "-m", "stretchtimer", "doctor", "--volume", "100", "--say", "Left side."],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Voice: espeak-ng" in proc.stdout
    assert "said: Left side." in proc.stdout
    cached = list((Path(env["STRETCHTIMER_CACHE_DIR"]) / "voice").glob("*.wav"))
    assert len(cached) == 1
    assert raw.read_bytes() == read_wav(cached[0])[0]


NO_ESPEAK = textwrap.dedent(
    """
    import io, json, sys
    from stretchtimer.audio.player import CuePlayer, choose
    from stretchtimer.audio.sounds import SoundBank
    from stretchtimer.plain import run_plain
    from stretchtimer.routines.model import HoldStep, Routine
    from stretchtimer.session.clock import FakeClock
    from stretchtimer.session.plan import build_plan
    from stretchtimer.voice.options import VoiceOptions
    from stretchtimer.voice.sink import open_voice

    def warn(message):
        print(f"stretchtimer: {message}", file=sys.stderr, flush=True)

    player = CuePlayer(choose("auto").backend, SoundBank())
    plan = build_plan(Routine("t", "T", (HoldStep("Calf", 4.0),), prepare=0))
    statuses = []
    for _ in range(2):  # two sessions in one process: one notice
        voice = open_voice(plan, VoiceOptions(), player, warn)
        assert voice is not None and voice.wait_ready(count=100, timeout=10)
        clock = FakeClock(0.0)
        record = run_plain(plan, clock=clock, sleep=clock.sleep, out=io.StringIO(),
                           sinks=[lambda event: player(event), voice,  # the player outlives it
                                  lambda event: player.wait_idle()])
        assert player.wait_idle()
        voice.close()
        statuses.append(record.status.value)
    player.close()
    print(json.dumps({"statuses": statuses, "cues": [t.cue.value for t in player.timings],
                      "phrases": len(player.phrase_timings), "errors": player.errors}))
    """
)


def test_without_espeak_the_session_runs_says_so_once_and_beeps(
    file_device: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, _ = file_device
    empty = tmp_path / "bin"
    empty.mkdir()
    proc = subprocess.run(
        [sys.executable, "-c", NO_ESPEAK],
        env={**env, "PATH": str(empty)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == [
        "stretchtimer: No voice (espeak-ng: not found); the beeps go on. See 'stretchtimer doctor'."
    ]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["statuses"] == ["completed", "completed"]
    assert report["phrases"] == 0 and report["errors"] == []
    assert report["cues"].count("start") == 2 and report["cues"].count("finished") == 2


TINY = "version: 1\nname: Tiny\nprepare: 0\nsteps:\n  - name: Calf\n    hold: 1s\n"


def test_run_plain_with_voice_ends_with_the_spoken_end(
    file_device: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, raw = file_device
    routine = tmp_path / "tiny.yaml"
    routine.write_text(TINY)
    proc = subprocess.run(
        [sys.executable, "-m", "stretchtimer", "run", "--plain", "--voice", "brief", str(routine)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    # the last sound played is the end phrase, after the chime, not cut by the exit
    cache = Path(env["STRETCHTIMER_CACHE_DIR"]) / "voice"
    ends = [read_wav(path)[0] for path in cache.glob("*.wav")]
    assert raw.read_bytes() in [scale(frames, 80) for frames in ends]  # the default volume


def test_run_plain_without_espeak_says_so_once_and_beeps(
    file_device: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, raw = file_device
    routine = tmp_path / "tiny.yaml"
    routine.write_text(TINY)
    empty = tmp_path / "bin"
    empty.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "stretchtimer", "run", "--plain", "--voice", "full", str(routine)],
        env={**env, "PATH": str(empty)},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("No voice") == 1
    assert "Done: Tiny" in proc.stdout
    finished = read_wav(Path(__file__).resolve().parents[1] / "sounds" / "finished.wav")[0]
    assert raw.read_bytes() == scale(finished, 80)  # the beeps went on, to the last chime
