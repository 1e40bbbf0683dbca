"""Shared fixtures: every test gets its own config and data folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Scrolls and fades are drawn at once: the tests look at where the screen ends up, and waiting
# for an animation to play costs each of them time (a scrolled dialog took 2.9 s, now 0.7 s).
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Point the app's config, data and cache folders at fresh temporary folders."""
    config = tmp_path / "config"
    data = tmp_path / "data"
    monkeypatch.setenv("STRETCHTIMER_CONFIG_DIR", str(config))
    monkeypatch.setenv("STRETCHTIMER_DATA_DIR", str(data))
    monkeypatch.setenv("STRETCHTIMER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("STRETCHTIMER_SOUND", "off")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return {"config": config, "data": data}
