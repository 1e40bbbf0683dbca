"""The phrase cache: rendered once, keyed by engine and text, written atomically."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchtimer import locations
from stretchtimer.audio.sounds import read_wav
from stretchtimer.voice.cache import KEEP, PhraseCache, normalise, voice_cache_dir, write_wav
from stretchtimer.voice.engines import SpeechError
from voice_support import RATE, SECONDS_PER_CHAR, FakeEngine, tone


def test_cache_folder_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRETCHTIMER_CACHE_DIR", str(tmp_path / "c"))
    assert locations.cache_dir() == tmp_path / "c"
    assert voice_cache_dir() == tmp_path / "c" / "voice"
    monkeypatch.delenv("STRETCHTIMER_CACHE_DIR")
    assert locations.cache_dir().name == "stretchtimer"


def test_rendered_once_and_kept_by_engine_voice_rate_and_text(tmp_path: Path) -> None:
    cache = PhraseCache(tmp_path)
    engine = FakeEngine()
    first = cache.load(engine, "Left side.")
    assert cache.load(engine, "Left side.") == first
    assert engine.rendered == ["Left side."]
    assert len(first) == 2 * int(len("Left side.") * SECONDS_PER_CHAR * RATE)
    cache.load(FakeEngine(voice="de"), "Left side.")
    cache.load(FakeEngine(rate=200), "Left side.")
    cache.load(engine, "Right side.")
    assert len(list(tmp_path.glob("*.wav"))) == 4
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no leftovers
    frames, rate, channels = read_wav(cache.path_for(engine, "Left side."))
    assert (frames, rate, channels) == (first, 22050, 1)


def test_a_damaged_file_is_rendered_again(tmp_path: Path) -> None:
    cache = PhraseCache(tmp_path)
    engine = FakeEngine()
    good = cache.load(engine, "Halfway.")
    cache.path_for(engine, "Halfway.").write_bytes(b"RIFF....")
    assert cache.load(engine, "Halfway.") == good
    assert engine.rendered == ["Halfway.", "Halfway."]


def test_a_failing_engine_leaves_nothing_behind(tmp_path: Path) -> None:
    cache = PhraseCache(tmp_path)
    with pytest.raises(SpeechError, match="broken"):
        cache.load(FakeEngine(fail="broken"), "Hello.")
    assert list(tmp_path.iterdir()) == []


def test_a_file_where_the_cache_folder_belongs_is_a_speech_error(tmp_path: Path) -> None:
    (tmp_path / "voice").write_text("not a folder")
    with pytest.raises(SpeechError, match="cannot write the voice cache"):
        PhraseCache(tmp_path / "voice").load(FakeEngine(), "Hello.")


def test_normalise_trims_silence_and_converts_to_mono_22050() -> None:
    silence = bytes(2 * 1000)
    body = tone(0.1)
    trimmed = normalise(silence + body + silence, 22050, 1)
    assert trimmed == body + bytes(2 * KEEP)  # 20 ms of the trailing silence kept
    stereo = normalise(tone(0.1, 44100, 2), 44100, 2)
    assert abs(len(stereo) / 2 - 0.1 * 22050) <= 2
    assert normalise(b"", 22050, 1) == b""


def test_joined_parts_get_a_file_of_their_own(tmp_path: Path) -> None:
    cache = PhraseCache(tmp_path)
    engine = FakeEngine()
    one = cache.load(engine, "A.")
    assert cache.store_joined(engine, ("A.",), one) == cache.path_for(engine, "A.")
    path = cache.store_joined(engine, ("A.", "B."), one + one)
    assert read_wav(path)[0] == one + one
    write_wav(tmp_path / "x.wav", b"\x01\x00")
    assert read_wav(tmp_path / "x.wav") == (b"\x01\x00", 22050, 1)


def test_prune_deletes_unused_phrases_and_leftovers(tmp_path: Path) -> None:
    import os
    import time

    cache = PhraseCache(tmp_path)
    engine = FakeEngine()
    cache.load(engine, "Old.")
    cache.load(engine, "Used.")
    leftover = tmp_path / ".render-x.wav"
    leftover.write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not ours")
    now = time.time()
    long_ago = now - 100 * 86400
    for path in (cache.path_for(engine, "Old."), cache.path_for(engine, "Used."), leftover):
        os.utime(path, (long_ago, long_ago))
    cache.load(engine, "Used.")  # a hit marks it used now
    assert cache.prune(now=now) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [cache.path_for(engine, "Used.").name, "notes.txt"]
    )
    assert engine.rendered == ["Old.", "Used."]
    assert PhraseCache(tmp_path / "missing").prune() == 0
