"""The shipped WAV cues: what tools/make_sounds.py makes, distinct, click-free, even, small."""

from __future__ import annotations

import importlib.util
import itertools
import math
import statistics
import sys
import wave
from array import array
from pathlib import Path
from types import ModuleType

import pytest

from stretchtimer import locations
from stretchtimer.audio.sounds import Cue, SoundBank, SoundError, read_wav, scale

REPO = Path(__file__).resolve().parents[1]
SOUNDS = REPO / "sounds"


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_sounds", REPO / "tools" / "make_sounds.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def samples(path: Path) -> tuple[array[int], int]:
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getcomptype()) == (1, 2, "NONE")
        data = array("h", wav.readframes(wav.getnframes()))
        rate = wav.getframerate()
    if sys.byteorder == "big":
        data.byteswap()
    return data, rate


def bursts(data: array[int], rate: int) -> list[array[int]]:
    """Split a sound at runs of exact silence of 5 ms or more."""
    gap = int(rate * 0.005)
    out: list[array[int]] = []
    start, zeros = None, 0
    for i, value in enumerate(data):
        if value == 0:
            zeros += 1
            if start is not None and zeros >= gap:
                out.append(data[start : i - zeros + 1])
                start = None
        else:
            if start is None:
                start = i
            zeros = 0
    if start is not None:
        out.append(data[start : len(data) - zeros])
    return out


def pitch(part: array[int], rate: int) -> float:
    """Zero-crossing pitch estimate in Hz (for a sum of sines: their RMS frequency)."""
    crossings = sum(1 for a, b in itertools.pairwise(part) if (a < 0) != (b < 0))
    return crossings / 2 / (len(part) / rate)


def loudest_rms_db(data: array[int], rate: int) -> float:
    width = int(rate * 0.05)
    best = 0.0
    for start in range(0, max(len(data) - width, 0) + 1, int(rate * 0.005)):
        chunk = data[start : start + width]
        best = max(best, math.sqrt(sum(v * v for v in chunk) / len(chunk)))
    return 20 * math.log10(best / 32767)


@pytest.fixture(scope="module")
def shipped() -> dict[Cue, tuple[array[int], int]]:
    return {cue: samples(SOUNDS / cue.filename) for cue in Cue}


def test_committed_files_are_what_the_script_makes(tmp_path: Path) -> None:
    tool = load_tool()
    made = tool.make_all(tmp_path)
    assert sorted(p.name for p in made) == sorted(p.name for p in SOUNDS.glob("*.wav"))
    assert sorted(p.name for p in made) == sorted(cue.filename for cue in Cue)
    for path in made:
        ours, rate = samples(path)
        theirs, committed_rate = samples(SOUNDS / path.name)
        assert rate == committed_rate
        assert len(ours) == len(theirs), path.name
        # bit-exact on the CI's libm; a different libm may round one sample by 1 LSB
        worst = max(abs(a - b) for a, b in zip(ours, theirs, strict=True))
        assert worst <= 1, f"{path.name} differs from tools/make_sounds.py's output: re-run it"


def test_the_script_is_deterministic(tmp_path: Path) -> None:
    tool = load_tool()
    first = [p.read_bytes() for p in tool.make_all(tmp_path / "a")]
    second = [p.read_bytes() for p in tool.make_all(tmp_path / "b")]
    assert first == second


def test_locations_points_at_the_shipped_sounds() -> None:
    assert locations.sounds_dir().resolve() == SOUNDS.resolve()


def test_sounds_are_small_mono_16_bit() -> None:
    sizes = [(SOUNDS / cue.filename).stat().st_size for cue in Cue]
    assert max(sizes) < 64 * 1024
    assert sum(sizes) < 160 * 1024


def test_no_clicks(shipped: dict[Cue, tuple[array[int], int]]) -> None:
    for cue, (data, rate) in shipped.items():
        peak = max(abs(v) for v in data)
        assert abs(data[0]) <= 0.01 * peak and abs(data[-1]) <= 0.01 * peak, cue
        for part in bursts(data, rate):  # every tone fades in and out, gaps included
            edge = max(abs(v) for v in (*part[:3], *part[-3:]))
            assert edge <= 0.05 * peak, f"{cue}: a tone starts or stops abruptly"
        # no jump between neighbouring samples steeper than the highest tone (1568 Hz) allows
        jump = max(abs(b - a) for a, b in itertools.pairwise(data))
        assert jump <= 2 * math.pi * 1600 / rate * peak, f"{cue}: discontinuity"


def test_similar_loudness(shipped: dict[Cue, tuple[array[int], int]]) -> None:
    levels = {cue: loudest_rms_db(*shipped[cue]) for cue in Cue}
    middle = statistics.median(levels.values())
    for cue, level in levels.items():
        assert abs(level - middle) <= 2.0, f"{cue} at {level:.1f} dBFS vs {middle:.1f}"
        assert -20.0 <= level <= -8.0, f"{cue} at {level:.1f} dBFS"


def test_sounds_are_distinct(shipped: dict[Cue, tuple[array[int], int]]) -> None:
    rate = shipped[Cue.TICK][1]
    length = {cue: len(data) / rate for cue, (data, _) in shipped.items()}
    parts = {cue: bursts(data, rate) for cue, (data, _) in shipped.items()}

    def ends(part: array[int]) -> tuple[float, float]:
        quarter = len(part) // 4
        return pitch(part[:quarter], rate), pitch(part[-quarter:], rate)

    tick = pitch(parts[Cue.TICK][0], rate)
    assert len(parts[Cue.TICK]) == 1 and 840 < tick < 920
    assert length[Cue.TICK] == min(length.values()) and length[Cue.TICK] <= 0.1
    # what follows a 3-2-1 countdown is longer and higher than a tick
    for cue in (Cue.START, Cue.END, Cue.SWITCH, Cue.FINISHED):
        assert length[cue] > 2 * length[Cue.TICK], cue
        assert min(pitch(p, rate) for p in parts[cue]) > tick * 1.05, cue
    start, end, switch = parts[Cue.START], parts[Cue.END], parts[Cue.SWITCH]
    assert len(start) == 2 and pitch(start[1], rate) > pitch(start[0], rate) * 1.2  # rising
    assert len(end) == 2 and pitch(end[1], rate) < pitch(end[0], rate) / 1.2  # falling
    assert len(switch) == 2 and abs(pitch(switch[0], rate) - pitch(switch[1], rate)) < 30
    up, down = ends(parts[Cue.REP_UP][0]), ends(parts[Cue.REP_DOWN][0])
    assert up[1] > up[0] * 1.2 and down[1] < down[0] / 1.2  # glides
    assert length[Cue.FINISHED] == max(length.values()) and length[Cue.FINISHED] >= 0.8
    # told apart by bursts, length, pitch and pitch direction
    signatures = {
        (
            len(parts[cue]),
            round(length[cue], 2),
            round(pitch(parts[cue][0], rate), -1),
            ends(parts[cue][0])[1] > ends(parts[cue][0])[0],
        )
        for cue in Cue
    }
    assert len(signatures) == len(Cue)


def test_bank_scales_by_volume_with_clipping() -> None:
    loud = array("h", [32767, -32768, 1000, -3])
    assert array("h", scale(loud.tobytes(), 50)).tolist() == [16384, -16384, 500, -2]
    assert scale(loud.tobytes(), 100) == loud.tobytes()
    assert set(array("h", scale(loud.tobytes(), 0)).tolist()) == {0}
    assert scale(loud.tobytes(), 250) == loud.tobytes()  # clamped to 100
    frames, _, _ = read_wav(SOUNDS / "tick.wav")
    bank = SoundBank(volume=30)
    sound = bank.get(Cue.TICK)
    assert bank.get(Cue.TICK) is sound  # loaded once
    assert sound.frames == scale(frames, 30) and sound.scaled and sound.seconds == 0.08


def test_bank_reports_a_bad_file(tmp_path: Path) -> None:
    (tmp_path / "tick.wav").write_bytes(b"not a wav")
    bank = SoundBank(folder=tmp_path)
    with pytest.raises(SoundError, match="cannot read"):
        bank.get(Cue.TICK)
    problems = bank.load_all()
    assert len(problems) == len(Cue)
