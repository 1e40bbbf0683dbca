"""How late does a cue start after its engine event?

Runs a paced-reps routine through the real engine (fake clock, so events come exactly when the
script says) and hands every event to a real CuePlayer with the simpleaudio backend. By default
ALSA is pointed at a file device (no sound card needed, nothing audible); ``--device`` uses your
real default device instead.

Prints, over about 200 cue events, the median, 95th percentile and maximum of:
- the sink call: how long the caller (the UI's event loop) is held;
- event -> play(): from the sink call to the backend's play call on the worker thread;
- event -> started: until the backend's play returned (device opened, playback running).

Usage: python benchmarks/bench_audio.py [--events 200] [--spacing 0.2] [--busy MS] [--device]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from figures import Figure, emit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200, help="cue events to send")
    parser.add_argument(
        "--spacing", type=float, default=0.2, help="real seconds between events (default 0.2)"
    )
    parser.add_argument(
        "--busy",
        type=float,
        default=0.0,
        metavar="MS",
        help="keep the calling thread busy in Python for MS after each event, "
        "as a UI repainting does (default 0)",
    )
    parser.add_argument(
        "--device", action="store_true", help="play on the real default device instead of a file"
    )
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="bench-audio-")
    if not args.device:
        conf = Path(tmp.name) / "asound.conf"
        conf.write_text(
            "pcm.!default { type file; slave { pcm { type null } }; "
            f'file "{Path(tmp.name) / "capture.raw"}"; format "raw" }}\n'
        )
        os.environ["ALSA_CONFIG_PATH"] = str(conf)  # before ALSA reads its configuration

    from stretchtimer.audio.player import CuePlayer, choose
    from stretchtimer.audio.sounds import SoundBank
    from stretchtimer.routines.model import RepsStep, Routine, Tempo
    from stretchtimer.session.clock import FakeClock
    from stretchtimer.session.engine import SessionEngine
    from stretchtimer.session.events import Event
    from stretchtimer.session.plan import build_plan

    choice = choose("simpleaudio")
    print(f"backend: {choice.describe()}" + ("" if args.device else " into an ALSA file device"))
    for line in choice.tried:
        print(f"  passed over: {line}")

    reps = max(args.events // 2, 1)  # an up and a down tone per repetition
    routine = Routine(
        id="bench",
        name="Bench",
        prepare=0.0,
        steps=(RepsStep("Toe lifts", reps, tempo=Tempo(up=1.0, down=1.0)),),
    )
    clock = FakeClock(0.0)
    engine = SessionEngine(build_plan(routine), clock)
    player = CuePlayer(choice.backend, SoundBank(100))
    player.bank.load_all()
    sink_calls: list[float] = []

    def deliver(events: list[Event]) -> None:
        for event in events:
            start = time.perf_counter()
            player(event)
            sink_calls.append(time.perf_counter() - start)
        spin_until = time.perf_counter() + args.busy / 1000
        while time.perf_counter() < spin_until:  # the caller keeps the GIL, like a busy UI
            pass

    try:
        deliver(engine.start())
        while (due := engine.next_event_at()) is not None:
            time.sleep(args.spacing)
            clock.set(due)
            deliver(engine.poll())
        player.wait_idle(10)
    finally:
        player.close(let_finish=2.0)
        tmp.cleanup()

    timings = list(player.timings)
    called = [(t.play_called - t.requested) * 1000 for t in timings]
    started = [(t.play_returned - t.requested) * 1000 for t in timings]
    sink = [s * 1000 for s in sink_calls]

    def row(name: str, values: list[float]) -> str:
        p95 = statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]
        return f"{name:<30}{statistics.median(values):>9.3f}{p95:>9.3f}{max(values):>9.3f}"

    print(f"events: {len(sink)} sent, {len(timings)} cues played, {len(player.errors)} errors")
    print(f"{'(milliseconds)':<30}{'median':>9}{'p95':>9}{'max':>9}")
    print(row("sink call (caller held)", sink))
    print(row("event -> play() called", called))
    print(row("event -> playback started", started))
    emit(
        Figure(
            what="engine event to playback start (simpleaudio into ALSA), median",
            result=statistics.median(started),
            unit="ms",
            target="< 5 ms",
            ok=statistics.median(started) < 5,
            note=f"max {max(started):.1f} ms; event to play() call: median "
            f"{statistics.median(called):.2f} ms",
        ),
        Figure(
            what="cue sink call (the caller held), median",
            result=statistics.median(sink),
            unit="ms",
            target="< 5 ms",
            ok=statistics.median(sink) < 5,
        ),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
