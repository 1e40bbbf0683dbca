"""``stretchtimer new NAME``: write a commented template routine into the user's folder.

The file is ``<user routines folder>/<id>.yaml`` where the id comes from NAME ("Morning legs"
gives ``morning-legs``). An existing routine is never overwritten (exit 1). The template is a
valid routine. Prints the new file's path; with ``--edit`` it then opens it in your editor.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments.

    Args:
        parser: the subcommand's parser.
    """
    parser.add_argument(
        "name",
        metavar="NAME",
        help="the routine's name, e.g. 'Morning legs'; its id and file name come from it",
    )
    parser.add_argument(
        "--edit",
        action="store_true",
        help="open the new file in your editor ($VISUAL, $EDITOR, nano or vi)",
    )


def run(args: argparse.Namespace) -> int:
    """Create the routine file and print its path.

    Args:
        args: the parsed arguments.

    Returns:
        0 on success, 1 when the file exists or cannot be written, 2 for an unusable NAME.
    """
    from stretchtimer.commands._common import say
    from stretchtimer.routines.library import builtin_ids, create_user_routine, slugify

    try:
        path = create_user_routine(args.name)
    except ValueError as exc:
        say(f"stretchtimer new: error: {exc}", file=sys.stderr)
        return 2
    except FileExistsError as exc:
        say(f"stretchtimer: {exc} already exists; edit it, or choose another name", file=sys.stderr)
        return 1
    except OSError as exc:
        where = exc.filename or "the routines folder"
        say(f"stretchtimer: cannot write {where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    say(str(path))
    routine_id = slugify(args.name)
    if routine_id in builtin_ids():
        say(
            f"note: your routine replaces the built-in routine '{routine_id}' in your list",
            file=sys.stderr,
        )
    if getattr(args, "edit", False):
        from stretchtimer.commands.edit import open_in_editor

        return open_in_editor(path)
    return 0
