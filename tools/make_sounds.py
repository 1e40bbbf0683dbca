"""Generate the WAV cue sounds in ``sounds/`` (standard library only, deterministic).

Run ``python tools/make_sounds.py`` after changing a sound here; ``tests/test_sounds.py`` checks
that the committed files are exactly what this script makes.

Every sound is mono, 16-bit PCM at 22.05 kHz. Each tone starts and ends with a raised-cosine fade
(no clicks), and every sound is scaled so that its loudest 50 ms has the same RMS level, so the
cues sound about equally loud. Pitch and length tell them apart:

=============  ===========================================  =========
sound          shape                                        length
=============  ===========================================  =========
tick           one short 880 Hz beep (the 3-2-1 countdown)  80 ms
start          two tones rising, 988 -> 1319 Hz             340 ms
end            two tones falling, 1319 -> 988 Hz            380 ms
switch         two quick 1175 Hz beeps                      250 ms
rep_up         a glide rising 523 -> 784 Hz                 160 ms
rep_down       a glide falling 784 -> 523 Hz                160 ms
finished       a three-note chime 1047, 1319, 1568 Hz       1.1 s
=============  ===========================================  =========

The sounds that follow a countdown (start, end, switch, finished) are longer and higher than the
tick, like the long last beep of a race clock.
"""

from __future__ import annotations

import argparse
import math
import sys
import wave
from array import array
from collections.abc import Callable
from pathlib import Path

RATE = 22050
TARGET_RMS = 0.2  # of full scale, over the loudest 50 ms (about -14 dBFS)
FADE = 0.008  # seconds of raised-cosine fade at each end of a tone
WINDOW = 0.05  # seconds: the loudness window
FULL_SCALE = 32767

Samples = list[float]


def _n(seconds: float) -> int:
    return round(seconds * RATE)


def silence(seconds: float) -> Samples:
    return [0.0] * _n(seconds)


def _fade(samples: Samples, fade: float = FADE) -> Samples:
    """Apply a raised-cosine fade-in and fade-out; the first and last samples become 0."""
    count = len(samples)
    width = min(_n(fade), count // 2)
    out = list(samples)
    for i in range(width):
        gain = 0.5 - 0.5 * math.cos(math.pi * i / width)
        out[i] *= gain
        out[count - 1 - i] *= gain
    return out


def glide(start_hz: float, end_hz: float, seconds: float, decay: float | None = None) -> Samples:
    """Return a sine whose pitch moves linearly from ``start_hz`` to ``end_hz``, faded at both ends.

    Args:
        start_hz: the pitch at the start.
        end_hz: the pitch at the end.
        seconds: the length.
        decay: time constant of an exponential decay (a struck-bell shape), or None for none.
    """
    count = _n(seconds)
    phase = 0.0
    out: Samples = []
    for i in range(count):
        frac = i / max(count - 1, 1)
        freq = start_hz + (end_hz - start_hz) * frac
        gain = math.exp(-i / RATE / decay) if decay else 1.0
        out.append(gain * math.sin(phase))
        phase += 2.0 * math.pi * freq / RATE
    return _fade(out)


def tone(freq: float, seconds: float, decay: float | None = None) -> Samples:
    """Return a steady sine of ``freq`` Hz, faded at both ends."""
    return glide(freq, freq, seconds, decay)


def join(*parts: Samples) -> Samples:
    out: Samples = []
    for part in parts:
        out.extend(part)
    return out


def mix(length: float, *voices: tuple[float, Samples]) -> Samples:
    """Add voices, each starting at its offset in seconds, into ``length`` seconds."""
    out = silence(length)
    for offset, samples in voices:
        start = _n(offset)
        for i, value in enumerate(samples[: len(out) - start]):
            out[start + i] += value
    return out


def loudest_rms(samples: Samples) -> float:
    """Return the RMS of the loudest 50 ms window (hop 5 ms); the whole sound if shorter."""
    width = min(_n(WINDOW), len(samples))
    hop = max(_n(0.005), 1)
    best = 0.0
    for start in range(0, len(samples) - width + 1, hop):
        chunk = samples[start : start + width]
        best = max(best, math.sqrt(sum(v * v for v in chunk) / width))
    return best


def normalise(samples: Samples) -> Samples:
    gain = TARGET_RMS / loudest_rms(samples)
    peak = max(abs(v) for v in samples) * gain
    if peak > 0.9:
        raise ValueError(f"sound would peak at {peak:.2f} of full scale")
    return [v * gain for v in samples]


def make_tick() -> Samples:
    return tone(880.0, 0.080)


def make_start() -> Samples:
    return join(tone(988.0, 0.120), silence(0.020), tone(1319.0, 0.200))


def make_end() -> Samples:
    return join(tone(1319.0, 0.120), silence(0.020), tone(988.0, 0.240))


def make_switch() -> Samples:
    return join(tone(1175.0, 0.090), silence(0.070), tone(1175.0, 0.090))


def make_rep_up() -> Samples:
    return glide(523.0, 784.0, 0.160)


def make_rep_down() -> Samples:
    return glide(784.0, 523.0, 0.160)


def make_finished() -> Samples:
    length = 1.1
    notes = ((0.0, 1047.0), (0.15, 1319.0), (0.30, 1568.0))
    return _fade(
        mix(length, *((at, tone(freq, length - at, decay=0.3)) for at, freq in notes)), 0.05
    )


SOUNDS: dict[str, Callable[[], Samples]] = {
    "start": make_start,
    "tick": make_tick,
    "end": make_end,
    "switch": make_switch,
    "rep_up": make_rep_up,
    "rep_down": make_rep_down,
    "finished": make_finished,
}


def to_pcm(samples: Samples) -> bytes:
    """Return little-endian signed 16-bit PCM for samples in -1..1."""
    data = array("h", (max(-FULL_SCALE, min(FULL_SCALE, round(v * FULL_SCALE))) for v in samples))
    if sys.byteorder == "big":
        data.byteswap()
    return data.tobytes()


def write_wav(path: Path, samples: Samples) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(to_pcm(samples))


def make_all(out_dir: Path) -> list[Path]:
    """Write every sound into ``out_dir`` (created if needed) and return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in SOUNDS.items():
        path = out_dir / f"{name}.wav"
        write_wav(path, normalise(make()))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the WAV cue sounds.")
    default = Path(__file__).resolve().parents[1] / "sounds"
    parser.add_argument("--out", type=Path, default=default, help="folder to write (sounds/)")
    args = parser.parse_args(argv)
    for path in make_all(args.out):
        print(f"{path}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
