"""How close to its moment does a spoken phrase start, and does the voice disturb the timing?

Runs a routine of short holds and paced reps through the plain runner on the real clock, with a
real CuePlayer (simpleaudio) and the voice sink (the real speech engine, phrases rendered ahead
into a temporary cache). By default ALSA is pointed at a file device (no sound card needed,
nothing audible); ``--device`` uses your real default device instead. Prints:

- the phrases said and dropped (not rendered in time, or too long for their window);
- phrase onset after its moment: from when the phrase was due (its event's instant, or the end
  of the cue sound of the same instant, which plays first) until playback had started (median,
  max, ms);
- the boundary error of the plain runner (how late each segment start is delivered, as in
  ``bench_drift.py``) with the voice on, next to the same run with the voice off.

Usage: python benchmarks/bench_voice.py [--holds 8] [--hold 2.5] [--reps 6] [--device]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from figures import Figure, emit

ONSET_TARGET_MS = 10.0
"""The median phrase onset after it was due must stay under this."""
SAME_TIMING_MS = 1.0
"""With the voice on, the median boundary error may exceed the voice-off run's by at most this."""


def run(plan: Any, player: Any, voice: Any | None) -> list[float]:
    """Run the plan in the plain runner; return the lateness (s) of each segment start."""
    from stretchtimer.plain import run_plain
    from stretchtimer.session.events import Event, SegmentStarted, SessionFinished

    delivered: list[tuple[Event, float]] = []

    def clock_sink(event: Event) -> None:
        delivered.append((event, time.monotonic()))

    # the clock sink first: it sees when the runner delivered the event, as the sinks after it;
    # the player and the voice outlive a run (the runner closes the sinks that have close())
    sinks: list[Any] = [clock_sink, lambda event: player(event)]
    if voice is not None:
        sinks.append(lambda event: voice(event))
    with open(os.devnull, "w", encoding="utf-8") as null:
        run_plain(plan, out=null, sinks=sinks)
    start = next(ev.at for ev, _ in delivered if isinstance(ev, SegmentStarted))
    late = []
    for ev, when in delivered:
        if isinstance(ev, SegmentStarted) and ev.segment.index > 0:
            late.append(when - (start + plan.starts[ev.segment.index]))
        elif isinstance(ev, SessionFinished):
            late.append(when - (start + plan.total_seconds))
    return late


def ms(values: list[float]) -> str:
    if not values:
        return "none"
    scaled = [v * 1000 for v in values]
    return f"median {statistics.median(scaled):.2f} ms, max {max(scaled):.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holds", type=int, default=8, help="holds (default 8)")
    parser.add_argument("--hold", type=float, default=2.5, help="seconds each (default 2.5)")
    parser.add_argument("--reps", type=int, default=6, help="paced reps of 1 s up, 1 s down")
    parser.add_argument(
        "--device", action="store_true", help="play on the real default device instead of a file"
    )
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="bench-voice-")
    os.environ["STRETCHTIMER_CACHE_DIR"] = str(Path(tmp.name) / "cache")
    if not args.device:
        conf = Path(tmp.name) / "asound.conf"
        conf.write_text(
            "pcm.!default { type file; slave { pcm { type null } }; "
            f'file "{Path(tmp.name) / "capture.raw"}"; format "raw" }}\n'
        )
        os.environ["ALSA_CONFIG_PATH"] = str(conf)  # before ALSA reads its configuration

    from stretchtimer.audio.player import CuePlayer, choose
    from stretchtimer.audio.sounds import SoundBank
    from stretchtimer.routines.model import HoldStep, RepsStep, Routine, Tempo
    from stretchtimer.session.plan import build_plan
    from stretchtimer.voice.messages import english_number
    from stretchtimer.voice.options import VoiceOptions
    from stretchtimer.voice.sink import open_voice

    choice = choose("simpleaudio")
    if choice.backend.name != "simpleaudio":
        print(f"needs simpleaudio (the audio extra); got {choice.describe()}", file=sys.stderr)
        return 1
    steps: list[Any] = [
        HoldStep(f"Step {english_number(i + 1)}", args.hold) for i in range(args.holds)
    ]
    steps.append(RepsStep("Toe lifts", args.reps, Tempo(up=1.0, down=1.0)))
    plan = build_plan(Routine("bench", "Bench", tuple(steps), prepare=0.0))
    player = CuePlayer(choice.backend, SoundBank())
    notes: list[str] = []
    voice = open_voice(plan, VoiceOptions(), player, notes.append)
    if (
        voice is None
        or not voice.wait_ready(count=10_000, timeout=60)
        or voice.choice is None
        or voice.choice.engine is None
    ):
        print(f"no voice: {'; '.join(notes) or 'none'}", file=sys.stderr)
        return 1
    print(
        f"backend: {choice.describe()}"
        + ("" if args.device else " into an ALSA file device")
        + f"; voice: {voice.choice.describe()}"
    )
    print(
        f"routine: {args.holds} holds of {args.hold:g} s, {args.reps} paced reps "
        f"(1 s up, 1 s down); {plan.total_seconds:g} s, real clock, plain runner"
    )
    try:
        off = run(plan, player, None)
        player.wait_quiet(5)
        offset = time.perf_counter() - time.monotonic()
        on = run(plan, player, voice)
        player.wait_quiet(10)
    finally:
        voice.close()
        player.close()
    onsets = [t.play_returned - t.due for t in player.phrase_timings]
    after_moment = [
        t.play_returned - (t.at + offset) for t in player.phrase_timings if t.at is not None
    ]
    dropped = [reason for _, reason in voice.dropped]
    print(
        f"phrases: {len(voice.said)} said, {len(dropped)} dropped "
        f"({dropped.count('not ready')} not ready, {dropped.count('too long')} too long)"
    )
    print(
        f"phrase onset after it was due (its moment, or the end of that moment's beep): "
        f"{ms(onsets)}"
    )
    print(f"phrase onset after its moment, the beep included: {ms(after_moment)}")
    print(f"boundary error, voice off: {ms(off)} ({len(off)} boundaries)")
    print(f"boundary error, voice on:  {ms(on)} ({len(on)} boundaries)")
    tmp.cleanup()
    said = len(voice.said)
    onset = statistics.median(onsets) * 1000 if onsets else float("inf")
    on_ms, off_ms = statistics.median(on) * 1000, statistics.median(off) * 1000
    emit(
        Figure(
            what="spoken phrase, start after it was due, median (simpleaudio into ALSA, espeak-ng)",
            result=onset,
            unit="ms",
            target=f"< {ONSET_TARGET_MS:g} ms, no phrase dropped",
            ok=onset < ONSET_TARGET_MS and not dropped,
            note=(
                f"max {max(onsets, default=0) * 1000:.1f} ms; {said} of {said + len(dropped)} "
                "phrases said"
            ),
        ),
        Figure(
            what="boundary error of the plain runner with the voice on, median",
            result=on_ms,
            unit="ms",
            target=f"<= voice off + {SAME_TIMING_MS:g} ms",
            ok=on_ms <= off_ms + SAME_TIMING_MS,
            peer="voice off",
            peer_result=off_ms,
            note=f"max {max(on) * 1000:.1f} ms on, {max(off) * 1000:.1f} ms off",
        ),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
