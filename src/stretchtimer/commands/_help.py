"""What every ``--help`` ends with.

A command's help ends with its examples; the main help with the runner's keys, the
environment variables and examples.
"""

from __future__ import annotations

# name -> two or three example command lines, shown at the end of the command's --help.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "list": ("stretchtimer list", "stretchtimer list | grep legs"),
    "show": ("stretchtimer show leg-cramp-prevention", "stretchtimer show ./morning-legs.yaml"),
    "run": (
        "stretchtimer run leg-cramp-prevention",
        "stretchtimer run bedtime-legs --volume 40",
        "stretchtimer run leg-cramp-prevention --plain --no-sound",
    ),
    "validate": (
        "stretchtimer validate morning-legs.yaml",
        "stretchtimer validate ~/routines/*.yaml",
    ),
    "new": ("stretchtimer new 'Morning legs'", "stretchtimer new 'Morning legs' --edit"),
    "edit": (
        "stretchtimer edit morning-legs",
        "stretchtimer edit leg-cramp-prevention   # copies the built-in one first",
        "EDITOR='code --wait' stretchtimer edit morning-legs",
    ),
    "history": (
        'stretchtimer history --since 4w --routine "Leg cramp prevention"',
        "stretchtimer history --json > backup.json",
        "stretchtimer history import backup.json",
    ),
    "cramp": (
        "stretchtimer cramp                  # asks when and how bad (Enter, Enter)",
        "stretchtimer cramp --at 'last night' --leg left --severity 7 --woke",
        "stretchtimer cramp edit 3 --severity 6 --note 'after a long walk'",
    ),
    "report": (
        "stretchtimer report",
        "stretchtimer report --weeks 8 --format markdown > cramps.md",
    ),
    "status": (
        "stretchtimer status",
        "stretchtimer status --format '{mark} {streak}d'",
        "stretchtimer status -q || stretchtimer run leg-cramp-prevention",
    ),
    "remind": (
        "stretchtimer remind add 08:00 19:30 --routine leg-cramp-prevention",
        "stretchtimer remind add --every 50m --between 09:00-17:30 --days mon-fri",
        "stretchtimer remind list",
    ),
    "schema": ("stretchtimer schema > stretchtimer.schema.json",),
    "paths": ("stretchtimer paths",),
    "doctor": (
        "stretchtimer doctor",
        "stretchtimer doctor --play",
        "stretchtimer doctor --sound bell --play end",
    ),
}
ENVIRONMENT: tuple[tuple[str, str], ...] = (
    ("STRETCHTIMER_CONFIG_DIR", "folder of config.toml and your routines/"),
    ("STRETCHTIMER_DATA_DIR", "folder of the history and the cramp diary"),
    ("STRETCHTIMER_CACHE_DIR", "folder of the caches (routines read, spoken phrases)"),
    ("STRETCHTIMER_SOUND", "sound backend: auto, simpleaudio, command, bell or off"),
    ("STRETCHTIMER_DEBUG", "set to 1 to see the traceback of an unexpected error"),
    ("VISUAL, EDITOR", "the editor for 'edit', 'new --edit' and the app's e and n keys"),
    ("NO_COLOR", "set to anything to turn colours off"),
)


def examples_text(name: str) -> str | None:
    """Return the "examples:" block of a command's --help, or None when it has none.

    Args:
        name: the command's name.
    """
    lines = EXAMPLES.get(name)
    if not lines:
        return None
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def main_epilog() -> str:
    """Return the end of ``stretchtimer --help``: the runner's keys, the environment, examples."""
    from stretchtimer.session.actions import SESSION_KEYS, key_label

    keys = [
        f"  {' or '.join(key_label(k) for k in row.keys):<12} {row.help}" for row in SESSION_KEYS
    ]
    keys.append(f"  {'i':<12} show the whole cue (full-screen runner)")
    env = [f"  {name:<24} {what}" for name, what in ENVIRONMENT]
    examples = [
        "  stretchtimer                          # the app: pick a routine",
        "  stretchtimer run leg-cramp-prevention",
        "  stretchtimer new 'Morning legs' --edit",
    ]
    return "\n".join(
        [
            "keys while a routine runs (full-screen and --plain):",
            *keys,
            "",
            "environment:",
            *env,
            "",
            "examples:",
            *examples,
            "",
            "Run 'stretchtimer COMMAND --help' for a command's options and examples.",
        ]
    )
