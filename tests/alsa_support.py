"""ALSA's file device for the real audio tests: simpleaudio's output lands in a file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


def require_simpleaudio() -> None:
    """Skip without the audio extra, except in CI, which installs it: there it is a failure."""
    try:
        import simpleaudio  # noqa: F401
    except ImportError:
        reason = "simpleaudio (the audio extra) is not installed: pip install -e '.[audio,test]'"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must install it")
        pytest.skip(reason)


def alsa_file_device(folder: Path) -> tuple[dict[str, str], Path]:
    """Return an environment whose ALSA default device writes raw samples to a file, and it.

    ALSA rewrites the file at each open, so check it after each sound.
    """
    if not sys.platform.startswith("linux"):
        pytest.skip("the ALSA file device exists on Linux only")
    require_simpleaudio()
    raw = folder / "capture.raw"
    conf = folder / "asound.conf"
    conf.write_text(
        "pcm.!default { type file; slave { pcm { type null } }; "
        f'file "{raw}"; format "raw" }}\n'
    )
    env = {**os.environ, "ALSA_CONFIG_PATH": str(conf), "STRETCHTIMER_SOUND": "auto"}
    return env, raw


def run_on_file_device(
    script: str, device: tuple[dict[str, str], Path], folder: Path
) -> tuple[dict[str, Any], Path]:
    """Run ``script`` in a fresh Python on a file device (from :func:`alsa_file_device`).

    The script gets the raw file and a folder for what it captures as its two arguments and
    prints a JSON report on its last line. It must exit 0 with no ALSA error printed.

    Returns:
        The report, and the capture folder.
    """
    env, raw = device
    out = folder / "captured"
    out.mkdir()
    proc = subprocess.run(
        [sys.executable, "-c", script, str(raw), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "ALSA lib" not in proc.stderr + proc.stdout
    report: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return report, out
