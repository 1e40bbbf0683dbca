"""Speech engines: the programs that turn a phrase into a WAV file, and choosing one.

Like the sound backends, :func:`choose_engine` tries each engine in order and says why it passed
over the others: ``espeak-ng`` (Linux; also on macOS and Windows), ``say`` (macOS) and the
Windows speech API through PowerShell's System.Speech. ``auto`` tries the platform's own engine
first (``say`` on macOS, System.Speech on Windows), then ``espeak-ng``. Each engine picks its voice
from the routine's language unless a voice name is given, and renders 16-bit mono PCM at
22050 Hz, like the cue sounds. Text always goes to the engine on its standard input, never as an
argument or a shell word. Nothing here plays sound: the cue player does.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from stretchtimer.voice import DEFAULT_RATE as DEFAULT_RATE
from stretchtimer.voice import ENGINES as ENGINES
from stretchtimer.voice import clamp_rate as clamp_rate

RENDER_TIMEOUT = 20.0
PROBE_TIMEOUT = 10.0
SAMPLE_RATE = 22050

Run = Callable[..., "subprocess.CompletedProcess[bytes]"]
Which = Callable[[str], "str | None"]


class SpeechError(Exception):
    """An engine could not render a phrase."""


class SpeechEngine(Protocol):
    """What every engine does."""

    name: str
    voice: str
    rate: int

    def describe(self) -> str:
        """Return e.g. ``espeak-ng 1.51 (voice en, 175 words a minute)``."""
        ...

    def render(self, text: str, path: Path) -> None:
        """Write ``text`` spoken to ``path`` as a 16-bit mono WAV file.

        Raises:
            SpeechError: when the engine fails.
        """
        ...


def _run(
    run: Run, argv: Sequence[str], text: str = "", timeout: float = PROBE_TIMEOUT
) -> subprocess.CompletedProcess[bytes]:
    try:
        return run(
            list(argv),
            input=text.encode("utf-8"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise SpeechError(f"{Path(argv[0]).name}: no answer after {timeout:g} s") from exc
    except OSError as exc:
        raise SpeechError(f"{Path(argv[0]).name}: {exc.strerror or exc}") from exc


def _failed(proc: subprocess.CompletedProcess[bytes], argv0: str) -> SpeechError:
    lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    detail = lines[-1] if lines else f"exit code {proc.returncode}"
    return SpeechError(f"{Path(argv0).name}: {detail}")


@dataclass(slots=True)
class EspeakEngine:
    """``espeak-ng -v VOICE -s RATE -w FILE --stdin``."""

    path: str
    voice: str
    rate: int = DEFAULT_RATE
    version: str = ""
    run: Run = subprocess.run
    name: str = "espeak-ng"

    def describe(self) -> str:
        """Return e.g. ``espeak-ng 1.51 (voice en, 175 words a minute)``."""
        version = f" {self.version}" if self.version else ""
        return f"espeak-ng{version} (voice {self.voice}, {self.rate} words a minute)"

    def render(self, text: str, path: Path) -> None:
        """Render ``text`` to ``path``."""
        argv = [self.path, "-v", self.voice, "-s", str(self.rate), "-w", str(path), "--stdin"]
        proc = _run(self.run, argv, text, RENDER_TIMEOUT)
        if proc.returncode != 0:
            raise _failed(proc, self.path)


@dataclass(slots=True)
class SayEngine:
    """macOS ``say -v VOICE -r RATE -o FILE --data-format=LEI16@22050 -f -``."""

    path: str
    voice: str
    rate: int = DEFAULT_RATE
    run: Run = subprocess.run
    name: str = "say"

    def describe(self) -> str:
        """Return e.g. ``say (voice Samantha, 175 words a minute)``."""
        return f"say (voice {self.voice}, {self.rate} words a minute)"

    def render(self, text: str, path: Path) -> None:
        """Render ``text`` to ``path``."""
        argv = [
            self.path,
            "-v",
            self.voice,
            "-r",
            str(self.rate),
            "-o",
            str(path),
            "--file-format=WAVE",
            f"--data-format=LEI16@{SAMPLE_RATE}",
            "-f",
            "-",
        ]
        proc = _run(self.run, argv, text, RENDER_TIMEOUT)
        if proc.returncode != 0:
            raise _failed(proc, self.path)


def _ps_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_PS_RENDER = (
    "$ErrorActionPreference='Stop'; Add-Type -AssemblyName System.Speech; "
    "$s=New-Object System.Speech.Synthesis.SpeechSynthesizer; "
    "$s.SelectVoice({voice}); $s.Rate={rate}; "
    "$f=New-Object System.Speech.AudioFormat.SpeechAudioFormatInfo("
    "{sample_rate},[System.Speech.AudioFormat.AudioBitsPerSample]::Sixteen,"
    "[System.Speech.AudioFormat.AudioChannel]::Mono); "
    "$s.SetOutputToWaveFile({path},$f); "
    "$t=[Console]::In.ReadToEnd(); $s.Speak($t); $s.Dispose()"
)
_PS_VOICES = (
    "$ErrorActionPreference='Stop'; Add-Type -AssemblyName System.Speech; "
    "$s=New-Object System.Speech.Synthesis.SpeechSynthesizer; "
    "foreach($v in $s.GetInstalledVoices()){ if($v.Enabled){ "
    '[Console]::Out.WriteLine($v.VoiceInfo.Culture.Name + "`t" + $v.VoiceInfo.Name) } }'
)


def windows_rate(words_per_minute: int) -> int:
    """Return System.Speech's rate (-10..10, 0 is about 175 words a minute) for a wpm rate."""
    return max(-10, min(10, round((words_per_minute - DEFAULT_RATE) / 15)))


@dataclass(slots=True)
class WindowsEngine:
    """The Windows speech API (System.Speech) through PowerShell."""

    path: str
    voice: str
    rate: int = DEFAULT_RATE
    run: Run = subprocess.run
    name: str = "windows"

    def describe(self) -> str:
        """Return e.g. ``Windows speech (voice Microsoft Zira Desktop, 175 words a minute)``."""
        return f"Windows speech (voice {self.voice}, {self.rate} words a minute)"

    def render(self, text: str, path: Path) -> None:
        """Render ``text`` to ``path``."""
        script = _PS_RENDER.format(
            voice=_ps_quote(self.voice),
            rate=windows_rate(self.rate),
            sample_rate=SAMPLE_RATE,
            path=_ps_quote(str(path)),
        )
        proc = _run(
            self.run,
            [self.path, "-NoProfile", "-NonInteractive", "-Command", script],
            text,
            RENDER_TIMEOUT,
        )
        if proc.returncode != 0:
            raise _failed(proc, self.path)


@dataclass(slots=True)
class EngineChoice:
    """The engine chosen, and what was tried on the way.

    Attributes:
        engine: the engine to use; None when none works.
        preference: what was asked for.
        tried: one line per engine passed over, saying why.
        notes: other things worth saying (the language had no voice, another was used).
    """

    engine: SpeechEngine | None
    preference: str = "auto"
    tried: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """Return the engine's description, or ``none``."""
        return self.engine.describe() if self.engine is not None else "none"

    @property
    def notice(self) -> str:
        """Return the line that tells the user there is no voice (beeps go on)."""
        why = "; ".join(line.split(" (")[0] for line in self.tried) or "no speech engine"
        return f"No voice ({why}); the beeps go on. See 'stretchtimer doctor'."


def _language_tags(language: str) -> list[str]:
    tag = language.strip().lower().replace("_", "-") or "en"
    tags = [tag]
    if "-" in tag:
        tags.append(tag.split("-")[0])
    if "en" not in tags:
        tags.append("en")
    return tags


def _espeak_voice(line: str) -> bool:
    """Return True for a line of ``espeak-ng --voices=LANG`` naming a built-in voice.

    MBROLA voices (file ``mb/...``) need extra packages and variants are not voices.
    """
    fields = line.split()
    return len(fields) >= 5 and not fields[4].startswith(("mb/", "!v/"))


def _try_espeak(
    language: str, voice_name: str | None, rate: int, run: Run, which: Which, notes: list[str]
) -> tuple[SpeechEngine | None, str]:
    path = which("espeak-ng")
    if path is None:
        return None, "espeak-ng: not found (Debian and Ubuntu: apt install espeak-ng)"
    try:
        proc = _run(run, [path, "--version"])
    except SpeechError as exc:
        return None, str(exc)
    if proc.returncode != 0:
        return None, str(_failed(proc, path))
    match = re.search(r"text-to-speech:\s*(\S+)", proc.stdout.decode("utf-8", "replace"))
    version = match.group(1) if match else ""
    if voice_name:
        return EspeakEngine(path, voice_name, rate, version, run), ""
    tags = _language_tags(language)
    for tag in tags:
        listing = _run(run, [path, f"--voices={tag}"])
        lines = listing.stdout.decode("utf-8", "replace").splitlines()[1:]
        if listing.returncode == 0 and any(_espeak_voice(line) for line in lines):
            if tag != tags[0]:
                notes.append(f"espeak-ng has no voice for {tags[0]!r}; using {tag!r}")
            return EspeakEngine(path, tag, rate, version, run), ""
    return None, f"espeak-ng: no voice for {tags[0]!r}"


_SAY_LINE = re.compile(r"^(?P<name>.+?)\s+(?P<locale>[a-z]{2,3}(?:[_-][A-Za-z0-9]+)*)\s+#")


def _try_say(
    language: str, voice_name: str | None, rate: int, run: Run, which: Which, notes: list[str]
) -> tuple[SpeechEngine | None, str]:
    path = which("say")
    if path is None:
        return None, "say: not found (macOS only)"
    if voice_name:
        return SayEngine(path, voice_name, rate, run), ""
    try:
        proc = _run(run, [path, "-v", "?"])
    except SpeechError as exc:
        return None, str(exc)
    if proc.returncode != 0:
        return None, str(_failed(proc, path))
    voices = []
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        match = _SAY_LINE.match(line)
        if match:
            voices.append(
                (match.group("locale").lower().replace("_", "-"), match.group("name").strip())
            )
    tags = _language_tags(language)
    for tag in tags:
        for locale, name in voices:
            if locale == tag or locale.split("-")[0] == tag:
                if tag != tags[0]:
                    notes.append(f"say has no voice for {tags[0]!r}; using {name} ({locale})")
                return SayEngine(path, name, rate, run), ""
    return None, f"say: no voice for {tags[0]!r}"


def _try_windows(
    language: str, voice_name: str | None, rate: int, run: Run, which: Which, notes: list[str]
) -> tuple[SpeechEngine | None, str]:
    path = which("powershell") or which("pwsh")
    if path is None:
        return None, "windows: PowerShell not found"
    try:
        proc = _run(run, [path, "-NoProfile", "-NonInteractive", "-Command", _PS_VOICES])
    except SpeechError as exc:
        return None, f"windows: {exc}"
    if proc.returncode != 0:
        return None, f"windows: {_failed(proc, path)}"
    voices = []
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        culture, _, name = line.strip().partition("\t")
        if name:
            voices.append((culture.lower(), name))
    if voice_name:
        if any(name == voice_name for _, name in voices):
            return WindowsEngine(path, voice_name, rate, run), ""
        return None, f"windows: no voice named {voice_name!r}"
    tags = _language_tags(language)
    for tag in tags:
        for culture, name in voices:
            if culture == tag or culture.split("-")[0] == tag:
                if tag != tags[0]:
                    notes.append(f"Windows has no voice for {tags[0]!r}; using {name}")
                return WindowsEngine(path, name, rate, run), ""
    return None, f"windows: no voice for {tags[0]!r}"


_TRIES = {"espeak-ng": _try_espeak, "say": _try_say, "windows": _try_windows}


def engine_order(preference: str, platform: str) -> list[str]:
    """Return the engines to try, in order, for a preference on a platform.

    Args:
        preference: one of :data:`ENGINES`; ``auto`` (or anything unknown) for the usual order.
        platform: ``sys.platform``.
    """
    if platform == "darwin":
        order = ["say", "espeak-ng"]
    elif platform == "win32":
        order = ["windows", "espeak-ng"]
    else:
        order = ["espeak-ng"]
    if preference in _TRIES:
        order = [preference] + [name for name in order if name != preference]
    return order


def choose_engine(
    preference: str = "auto",
    *,
    language: str = "en",
    voice_name: str | None = None,
    rate: int = DEFAULT_RATE,
    run: Run = subprocess.run,
    which: Which = shutil.which,
    platform: str = sys.platform,
) -> EngineChoice:
    """Pick the speech engine and its voice, printing nothing (runs the engines' list commands).

    Blocking for a few milliseconds (a second or so for PowerShell): call it off a UI loop.

    Args:
        preference: one of :data:`ENGINES`; ``auto`` for the platform's order.
        language: the routine's language tag; picks the voice.
        voice_name: an engine voice to use instead of the language's.
        rate: words per minute (kept within :data:`~stretchtimer.voice.RATE_RANGE`).
        run: runs a command (``subprocess.run``; a fake in tests).
        which: finds a program on ``PATH``.
        platform: ``sys.platform``.

    Returns:
        The choice; its engine is None when no engine works.
    """
    choice = EngineChoice(None, preference if preference in ENGINES else "auto")
    rate = clamp_rate(rate)
    for name in engine_order(choice.preference, platform):
        engine, why = _TRIES[name](language, voice_name, rate, run, which, choice.notes)
        if engine is not None:
            choice.engine = engine
            return choice
        choice.tried.append(why)
    return choice
