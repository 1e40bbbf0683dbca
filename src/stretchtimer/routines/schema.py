"""The JSON Schema of the routine format, shipped as ``schema.json`` next to this module."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

SCHEMA_FILE = "schema.json"


def schema_text() -> str:
    """Return the JSON Schema (draft 2020-12) of routine files, as text."""
    return (Path(__file__).parent / SCHEMA_FILE).read_text("utf-8")


def schema() -> dict[str, Any]:
    """Return the JSON Schema of routine files as a dictionary."""
    return cast(dict[str, Any], json.loads(schema_text()))
