"""``stretchtimer schema``: print the JSON Schema (draft 2020-12) of the routine format.

Save it next to your routines and point your editor at it, for example with a first line
``# yaml-language-server: $schema=routine.schema.json``.
"""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    """Print the schema.

    Args:
        args: the parsed arguments.

    Returns:
        The exit code (0).
    """
    from stretchtimer.routines.schema import schema_text

    del args
    print(schema_text(), end="")
    return 0
