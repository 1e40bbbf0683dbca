"""Choosing a speech engine and its voice, and the commands each engine runs."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from stretchtimer.audio.sounds import read_wav
from stretchtimer.voice.engines import (
    EspeakEngine,
    SayEngine,
    SpeechError,
    WindowsEngine,
    choose_engine,
    engine_order,
    windows_rate,
)
from voice_support import require_espeak

ESPEAK_VOICES = {
    "en": " 2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)\n",
    "de": " 5  de              --/M      German             gmw/de               \n",
    "pt-br": " 5  pt-br           --/M      Portuguese_(Brazil) roa/pt-BR            (pt 6)\n",
    "nl": " 6  nl              --/M      dutch-mbrola-2     mb/mb-nl2            \n",
}
HEADER = "Pty Language       Age/Gender VoiceName          File                 Other Languages\n"
SAY_VOICES = (
    "Albert              en_US    # Hello! My name is Albert.\n"
    "Anna                de_DE    # Hallo! Ich heiße Anna.\n"
    "Eddy (German (Germany)) de_DE    # Hallo! Ich heiße Eddy.\n"
    "Yelda               tr_TR    # Merhaba, benim adım Yelda.\n"
)


class FakeRun:
    """Stands in for subprocess.run: answers by the program and its first argument."""

    def __init__(self, answers: dict[str, tuple[int, str]] | None = None) -> None:
        self.calls: list[tuple[list[str], bytes]] = []
        self.answers = answers or {}

    def __call__(self, argv: Sequence[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        argv = list(argv)
        self.calls.append((argv, kwargs.get("input", b"")))
        assert kwargs.get("timeout"), "every engine call has a timeout"
        for prefix, (code, out) in self.answers.items():
            if " ".join(argv[1:]).startswith(prefix) or Path(argv[0]).name == prefix:
                return subprocess.CompletedProcess(argv, code, out.encode(), b"oops\n")
        if argv[1].startswith("--voices="):
            tag = argv[1].split("=", 1)[1]
            return subprocess.CompletedProcess(
                argv, 0, (HEADER + ESPEAK_VOICES.get(tag, "")).encode(), b""
            )
        return subprocess.CompletedProcess(argv, 0, b"", b"")


def which(*found: str) -> Any:
    return lambda name: f"/usr/bin/{name}" if name in found else None


VERSION = {"--version": (0, "eSpeak NG text-to-speech: 1.51  Data at: /usr/lib\n")}


def test_espeak_picks_the_routines_language() -> None:
    run = FakeRun(VERSION)
    choice = choose_engine(language="de", run=run, which=which("espeak-ng"), platform="linux")
    assert isinstance(choice.engine, EspeakEngine)
    assert choice.describe() == "espeak-ng 1.51 (voice de, 175 words a minute)"
    assert choice.tried == [] and choice.notes == []
    assert (
        choose_engine(
            language="pt-BR", run=run, which=which("espeak-ng"), platform="linux"
        ).engine.voice  # type: ignore[union-attr]
        == "pt-br"
    )


def test_espeak_falls_back_to_english_and_says_so() -> None:
    run = FakeRun(VERSION)
    for tag in ("xx", "nl"):  # nl: only an MBROLA voice, which needs other packages
        choice = choose_engine(language=tag, run=run, which=which("espeak-ng"), platform="linux")
        assert choice.engine is not None and choice.engine.voice == "en"
        assert choice.notes == [f"espeak-ng has no voice for {tag!r}; using 'en'"]


def test_voice_name_and_rate_override(tmp_path: Path) -> None:
    run = FakeRun(VERSION)
    choice = choose_engine(
        language="de",
        voice_name="en-us",
        rate=1000,
        run=run,
        which=which("espeak-ng"),
        platform="linux",
    )
    engine = choice.engine
    assert isinstance(engine, EspeakEngine) and engine.voice == "en-us" and engine.rate == 400
    engine.render("-v nasty --text", tmp_path / "x.wav")
    argv, text = run.calls[-1]
    assert argv == [
        "/usr/bin/espeak-ng",
        "-v",
        "en-us",
        "-s",
        "400",
        "-w",
        str(tmp_path / "x.wav"),
        "--stdin",
    ]
    assert text == b"-v nasty --text"  # text goes on stdin, never as an argument


def test_no_engine_is_explained() -> None:
    choice = choose_engine(run=FakeRun(), which=which(), platform="linux")
    assert choice.engine is None
    assert choice.tried == ["espeak-ng: not found (Debian and Ubuntu: apt install espeak-ng)"]
    assert choice.notice == (
        "No voice (espeak-ng: not found); the beeps go on. See 'stretchtimer doctor'."
    )
    broken = choose_engine(
        run=FakeRun({"--version": (1, "")}), which=which("espeak-ng"), platform="linux"
    )
    assert broken.engine is None and broken.tried == ["espeak-ng: oops"]


def test_render_failure_raises_speech_error(tmp_path: Path) -> None:
    engine = EspeakEngine("/usr/bin/espeak-ng", "en", run=FakeRun({"-v": (1, "")}))
    with pytest.raises(SpeechError, match="espeak-ng: oops"):
        engine.render("hi", tmp_path / "x.wav")

    def missing(argv: Sequence[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        raise FileNotFoundError(2, "No such file or directory")

    with pytest.raises(SpeechError, match="No such file"):
        EspeakEngine("/gone/espeak-ng", "en", run=missing).render("hi", tmp_path / "x.wav")


def test_macos_say_first_and_its_voice_by_language(tmp_path: Path) -> None:
    run = FakeRun({"-v ?": (0, SAY_VOICES)})
    assert engine_order("auto", "darwin") == ["say", "espeak-ng"]
    choice = choose_engine(
        language="de", run=run, which=which("say", "espeak-ng"), platform="darwin"
    )
    engine = choice.engine
    assert isinstance(engine, SayEngine) and engine.voice == "Anna"
    tr = choose_engine(language="tr", run=run, which=which("say"), platform="darwin")
    assert tr.engine is not None and tr.engine.voice == "Yelda"
    engine.render("Linke Seite.", tmp_path / "x.wav")
    argv, text = run.calls[-1]
    assert argv == [
        "/usr/bin/say",
        "-v",
        "Anna",
        "-r",
        "175",
        "-o",
        str(tmp_path / "x.wav"),
        "--file-format=WAVE",
        "--data-format=LEI16@22050",
        "-f",
        "-",
    ]
    assert text == b"Linke Seite."
    espeak = choose_engine(
        "espeak-ng", run=FakeRun(VERSION), which=which("say", "espeak-ng"), platform="darwin"
    )
    assert isinstance(espeak.engine, EspeakEngine)


def test_windows_speech_through_powershell(tmp_path: Path) -> None:
    voices = "en-US\tMicrosoft Zira Desktop\nde-DE\tMicrosoft Hedda Desktop\n"
    run = FakeRun({"powershell": (0, voices)})
    assert engine_order("auto", "win32") == ["windows", "espeak-ng"]
    choice = choose_engine(
        language="de", rate=205, run=run, which=which("powershell"), platform="win32"
    )
    engine = choice.engine
    assert isinstance(engine, WindowsEngine) and engine.voice == "Microsoft Hedda Desktop"
    engine.render("Rechte Seite.", tmp_path / "it's.wav")
    argv, text = run.calls[-1]
    assert argv[:4] == ["/usr/bin/powershell", "-NoProfile", "-NonInteractive", "-Command"]
    script = argv[4]
    assert "SelectVoice('Microsoft Hedda Desktop')" in script
    assert "$s.Rate=2;" in script
    assert f"SetOutputToWaveFile('{tmp_path}/it''s.wav'" in script  # quotes doubled
    assert text == b"Rechte Seite."
    missing = choose_engine(
        voice_name="Nobody", run=run, which=which("powershell"), platform="win32"
    )
    assert missing.engine is None and "no voice named 'Nobody'" in missing.tried[0]
    assert windows_rate(175) == 0 and windows_rate(80) == -6 and windows_rate(400) == 10


def test_an_engine_preference_goes_first() -> None:
    assert engine_order("espeak-ng", "darwin") == ["espeak-ng", "say"]
    assert engine_order("say", "linux") == ["say", "espeak-ng"]
    assert engine_order("nonsense", "linux") == ["espeak-ng"]


def test_real_espeak_renders_mono_22050_in_the_routines_language(tmp_path: Path) -> None:
    require_espeak()
    english = choose_engine(language="en")
    german = choose_engine(language="de")
    assert english.engine is not None and german.engine is not None
    assert german.engine.voice == "de"
    english.engine.render("Left side.", tmp_path / "en.wav")
    german.engine.render("Linke Seite.", tmp_path / "de.wav")
    for name in ("en", "de"):
        frames, rate, channels = read_wav(tmp_path / f"{name}.wav")
        assert (rate, channels) == (22050, 1)
        assert 0.3 < len(frames) / 2 / rate < 3.0
