"""Routine documents the tests hold: valid ones and every kind of invalid one.

``test_loader`` checks each invalid example's exact problems (line, column, message);
``test_schema`` checks that the JSON Schema agrees with the loader on all of them, except where
``schema_exception`` says why the schema cannot see the problem.
"""

from __future__ import annotations

from dataclasses import dataclass

SPEC_EXAMPLE = """\
# yaml-language-server: $schema=routine.schema.json
version: 1
name: Leg cramp prevention
description: Daily calf stretch and toe lifts to keep cramps away.
caution: >
  See a doctor if cramps are frequent, disturb your sleep, or come with
  swelling, redness or muscle weakness.
prepare: 10s            # get-ready countdown before the first step (default 5s)
rest: 15s               # default rest between steps (default 0s)
steps:
  - name: Wall calf stretch
    cue: >
      Hands on the wall at shoulder height. Step back with your {side} foot,
      keep the heel flat and lean in until you feel the stretch in the calf.
    hold: 60s
    sides: [left, right]
    switch: 5s          # time to change sides (default 5s)
  - name: Toe lifts
    cue: Rise onto your toes, hold, then lower slowly.
    reps: 10
    tempo: {up: 1s, hold: 3s, down: 2s}
    sets: 2
    rest: 20s
  - rest: 30s           # a standalone rest step
    cue: Shake out your legs.
"""

MINIMAL = """\
name: Minimal
steps:
  - name: Calf stretch
    hold: 30
"""

VALID: dict[str, str] = {
    "spec-example": SPEC_EXAMPLE,
    "minimal": MINIMAL,
    "duration-forms": """\
name: Every duration form
prepare: 0
rest: "1:30"
steps:
  - {name: a, hold: 60}
  - {name: b, hold: 2.5}
  - {name: c, hold: "45s"}
  - {name: d, hold: 2m}
  - {name: e, hold: 1m30s}
  - {name: f, hold: 1:30}
  - {name: g, hold: "2.5"}
  - {name: h, hold: 1m 30s, sides: [l], switch: 0}
  - {name: i, hold: "0:45"}
  - {name: j, hold: 60:00}
  - {name: k, hold: "60m"}
  - {name: l, hold: 3600}
""",
    "anchors-and-merge": """\
name: Reuse with anchors
steps:
  - &calf
    name: Calf stretch
    cue: Lean into the wall with your {side} leg back.
    hold: 60s
    sides: [left, right]
  - rest: 10s
  - <<: *calf
    hold: 30s
  - *calf
""",
    "untimed-reps-and-rest-only-step": """\
name: Untimed
steps:
  - name: Squats
    reps: 10
    sets: 3
  - rest: 0
""",
    "limits": f"""\
version: 1.0
name: "{"n" * 120}"
steps:
  - name: Four sides
    cue: "{{side}}"
    hold: 3600
    sides: [a, b, c, d]
    sets: 100
  - name: Many reps
    reps: 1000.0
    tempo: {{up: 0, hold: 0.5}}
  - name: One rep
    reps: 1
    tempo: {{down: "0:01"}}
""",
    "keys-in-any-order-and-empty-texts": """\
steps:
  - cue: ""
    sides: [only]
    hold: 1
    name: x
name: Order does not matter
description: ""
caution: ""
""",
    "flow-style": '{name: Flow, steps: [{name: a, hold: 5}, {rest: "1m"}]}\n',
    "folded-name": """\
name: >
  Folded
steps:
  - name: a
    hold: 1
""",
    "defaults": "name: d\nsteps:\n  - {name: a, hold: 1}\n  - {name: b, reps: 2}\n",
    "first-merged-mapping-wins": (
        "name: m\nsteps:\n  - &a {name: a, hold: 1}\n  - &b {name: b, hold: 2, sets: 3}\n"
        "  - <<: [*a, *b]\n"
    ),
    "texts-with-blank-space": (
        "name: t\nsteps:\n  - name: '  a  '\n    cue: |\n      one\n      two\n    hold: 1\n"
    ),
    "leading-blank-lines": "\n\nname: x\nsteps:\n- name: a\n  hold: 1\n- rest: 2\n",
    "500-aliased-steps": ("name: big\nsteps:\n  - &s {name: a, hold: 1}\n" + "  - *s\n" * 499),
}


@dataclass(frozen=True)
class Bad:
    """An invalid document and the problems the loader must report, in order.

    ``expected`` holds ``(line, column, fragment)``: one entry per problem, the fragment being a
    part of the message. ``schema_exception`` is set when the JSON Schema cannot express the
    problem (see ``test_schema``).
    """

    text: str
    expected: tuple[tuple[int, int, str], ...]
    schema_exception: str | None = None


DUPLICATE_KEYS = "duplicate keys: PyYAML keeps the last value, so the schema never sees them"
ALIAS_LIMIT = "alias expansion: a limit on the document's size, not on its data"
NAN = "NaN: not a JSON value; JSON Schema's minimum/maximum cannot exclude it"
SURROGATE = "lone surrogates: no JSON document can hold one, so the schema need not refuse them"

INVALID: dict[str, Bad] = {
    # YAML-level
    # The common syntax mistakes, in plain words with the fix.
    "syntax-unclosed-flow": Bad(
        "name: x\nsteps: [\n", ((2, 8, "this `[` is never closed; end the list with `]`"),)
    ),
    "syntax-unclosed-flow-inside": Bad(
        "name: x\nsteps:\n  - name: y\n    sides: [left, right\n    hold: 5\n",
        ((5, 9, "the list opened with `[` on line 4 is not closed; end it with `]`"),),
    ),
    "syntax-unclosed-brace": Bad(
        "name: x\nsteps:\n  - {name: y, hold: 5\n",
        ((3, 5, "this `{` is never closed; end the mapping with `}`"),),
    ),
    "syntax-tab-indent": Bad(
        "name: x\nsteps:\n  - name: y\n\thold: 5\n",
        (
            (
                4,
                1,
                "a tab character: YAML indents and separates with spaces only; replace the tab "
                "with spaces",
            ),
        ),
    ),
    "syntax-tab-after-spaces": Bad(
        "name: x\nsteps:\n  - name: y\n   \thold: 5\n", ((4, 4, "a tab character"),)
    ),
    "syntax-dedented-key": Bad(
        "name: x\nsteps:\n  - name: y\n    cue: c\n   hold: 5\n",
        (
            (
                5,
                4,
                "this line is indented less than `name:` on line 3; line it up with `name:` "
                "(column 5)",
            ),
        ),
    ),
    "syntax-bad-indent": Bad(
        "name: x\nsteps:\n  - name: y\n  hold: 5\n",
        (
            (
                4,
                3,
                "this line is lined up with the `-` on line 3 but does not start with `- `: "
                "to start a new list item, begin it with `- `; to add `hold` to the item above, "
                "line it up with `name:` (column 5)",
            ),
        ),
    ),
    "syntax-list-item-without-dash": Bad(
        "name: x\nsteps:\n  - name: a\n    hold: 5\n  name: b\n  hold: 5\n",
        ((5, 3, "does not start with `- `: to start a new list item, begin it with `- `"),),
    ),
    "syntax-over-indented-key": Bad(
        "name: x\nsteps:\n  - name: y\n      hold: 5\n",
        (
            (
                4,
                7,
                "`hold:` is indented more than `name:` on line 3, so YAML reads it as part of "
                "that value; line it up with `name:` (column 5)",
            ),
        ),
    ),
    "syntax-over-indented-top-key": Bad(
        "name: x\n  steps:\n  - name: y\n",
        ((2, 3, "`steps:` is indented more than `name:` on line 1"),),
    ),
    "syntax-no-space-after-colon": Bad(
        "name: x\nsteps:\n  - name: y\n    hold:5\n",
        ((4, 5, "`hold:5` needs a space after the colon: write `hold: 5`"),),
    ),
    "syntax-no-space-after-colon-top": Bad(
        "name:x\nsteps:\n  - name: y\n    hold: 5\n",
        ((1, 1, "`name:x` needs a space after the colon: write `name: x`"),),
    ),
    "syntax-colon-in-value": Bad(
        "name: Legs: calves\nsteps:\n  - {name: y, hold: 5}\n",
        ((1, 11, "a value cannot hold `: ` (a colon and a space) unless it is in quotes"),),
    ),
    "syntax-unclosed-quote": Bad(
        'name: "x\nsteps: []\n',
        ((1, 7, 'this quote (") is never closed; add the closing " at the end of the text'),),
    ),
    "syntax-quote-inside-quotes": Bad(
        "name: x\nsteps:\n  - name: y\n    hold: 5\n    cue: 'It's fine'\n",
        (
            (
                5,
                14,
                "text goes on after the closing ': to put a ' inside text quoted with ', write "
                "it as '', or quote the text with \" instead",
            ),
        ),
    ),
    "syntax-dash-without-space": Bad(
        "name: x\nsteps:\n  -name: y\n    hold: 5\n",
        ((3, 3, "`-name` needs a space after the dash: `- name:` starts a list item"),),
    ),
    "syntax-block-text-not-indented": Bad(
        "name: x\ndescription: |\nno indent\nsteps: []\n",
        ((3, 1, "the text of the `|` or `>` block on line 2 must be indented more than its key"),),
    ),
    "syntax-unclosed-single-quote": Bad(
        "name: x\nsteps:\n  - name: 'y\n    hold: 5\n",
        ((3, 11, "this quote (') is never closed"),),
    ),
    "two-documents": Bad(MINIMAL + "---\nname: Other\n", ((5, 1, "one YAML document"),)),
    "top-level-list": Bad("- name: x\n  hold: 5\n", ((1, 1, "top level must be a mapping"),)),
    "top-level-scalar": Bad("just words\n", ((1, 1, "got a string"),)),
    "top-level-null": Bad("~\n", ((1, 1, "got nothing"),)),
    "empty": Bad("", ((1, 1, "the file is empty"),)),
    "only-comments": Bad("# nothing here\n\n", ((1, 1, "the file is empty"),)),
    "duplicate-top-key": Bad(
        "name: a\nname: b\nsteps:\n  - {name: s, hold: 1}\n",
        ((2, 1, "`name`: duplicate key (first on line 1)"),),
        DUPLICATE_KEYS,
    ),
    "duplicate-step-key": Bad(
        "name: a\nsteps:\n  - name: s\n    hold: 1\n    hold: 2\n",
        ((5, 5, "`hold`: duplicate key (first on line 4)"),),
        DUPLICATE_KEYS,
    ),
    "duplicate-tempo-key": Bad(
        "name: a\nsteps:\n  - name: s\n    reps: 2\n    tempo: {up: 1, up: 2}\n",
        ((5, 20, "`up`: duplicate key"),),
        DUPLICATE_KEYS,
    ),
    "python-tag": Bad(
        'name: x\nsteps:\n  - name: y\n    hold: !!python/object/apply:os.system ["true"]\n',
        ((4, 11, "tag !!python/object/apply:os.system is not allowed"),),
    ),
    "local-tag": Bad(
        "name: !shout x\nsteps:\n  - {name: y, hold: 1}\n", ((1, 7, "tag !shout is not allowed"),)
    ),
    "set-tag": Bad(
        "name: x\nsteps:\n  - name: y\n    hold: 1\n    sides: !!set {a, b}\n",
        ((5, 12, "tag !!set is not allowed"),),
    ),
    "alias-bomb": Bad(
        "name: x\n"
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
        "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
        "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n",
        ((5, 36, "aliases in this file stand for more than 10000 nodes"),),
        ALIAS_LIMIT,
    ),
    "recursive-alias": Bad(
        "name: x\nsteps: &s\n  - *s\n",
        ((3, 5, "alias *s is inside the node it refers to"),),
        ALIAS_LIMIT,
    ),
    "undefined-alias": Bad("name: *n\nsteps: []\n", ((1, 7, "alias *n refers to no anchor"),)),
    "duplicate-anchor": Bad(
        "name: &a x\ndescription: &a y\nsteps: []\n", ((2, 14, "anchor &a is defined twice"),)
    ),
    "merge-of-a-scalar": Bad(
        "name: x\nsteps:\n  - <<: 5\n    name: y\n    hold: 1\n",
        ((3, 9, "`<<` merges a mapping or a list of mappings, not an integer"),),
    ),
    "merge-key-as-a-value": Bad(
        "name: <<\nsteps:\n  - {name: y, hold: 1}\n", ((1, 7, "got << (which YAML reserves"),)
    ),
    "control-character": Bad(
        "name: x\u0007\nsteps: []\n",
        ((1, 8, "the control character \\x07 (U+0007) is not allowed in a routine file"),),
    ),
    "escaped-control-characters": Bad(
        'name: "x\\e]52;c;aGk=\\a"\n'
        'description: "\\x9b2J"\n'
        "steps:\n"
        '  - name: "\\u202Eevil"\n'
        "    hold: 5\n"
        '    sides: ["\\e[2Jleft"]\n'
        '    "\\x1bkey": 1\n'
        "  - rest: 5\n"
        '    cue: "tab\\tand\\r return"\n',
        (
            (
                1,
                7,
                "`name`: the value holds the control character \\x1b, which a routine "
                "must not carry",
            ),
            (2, 14, "`description`: the value holds the control character \\x9b"),
            (4, 11, "`name`: the value holds the bidirectional control character \\u202e"),
            (6, 13, "this text holds the control character \\x1b"),
            (7, 5, "`\\x1bkey`: unknown key"),
            (7, 5, "this text holds the control character \\x1b"),
            (9, 10, "`cue`: the value holds the control character \\x0d"),
        ),
    ),
    "lone-surrogate-escape": Bad(
        'name: x\nsteps:\n  - name: "a\\ud800b"\n    hold: 5\n',
        ((3, 15, "the escape \\ud800 is not a character (a lone surrogate or past U+10FFFF)"),),
        SURROGATE,
    ),
    "escape-past-unicode": Bad(
        'name: "ab\\U00110000"\nsteps:\n  - {name: y, hold: 5}\n',
        ((1, 12, "the escape \\U00110000 is not a character"),),
    ),
    "bad-explicit-int": Bad(
        "name: x\nsteps:\n  - name: y\n    reps: !!int ten\n",
        ((4, 11, "`reps`: ten is not a valid !!int"),),
    ),
    # Types
    "wrong-types": Bad(
        "version: one\n"
        "name: [a]\n"
        "description: 5\n"
        "caution:\n"
        "prepare: yes\n"
        "steps:\n"
        "  - name: 2024-01-01\n"
        "    cue: {text: x}\n"
        "    reps: ten\n"
        "    sides: left\n"
        "    tempo: [1, 2, 3]\n"
        "    sets: '2'\n"
        "  - hello\n",
        (
            (1, 10, "`version`: expected an integer (supported versions: 1), got a string"),
            (2, 7, "`name`: expected a string, got a list"),
            (3, 14, "`description`: expected a string, got an integer (put it in quotes"),
            (4, 9, "`caution`: has no value; expected a string"),
            (5, 10, "`prepare`: expected a duration"),
            (7, 11, "`name`: expected a string, got a date (put it in quotes"),
            (8, 10, "`cue`: expected a string, got a mapping"),
            (9, 11, "`reps`: expected a whole number from 1 to 1000, got a string"),
            (10, 12, "`sides`: expected a list of 1 to 4 names like [left, right], got a string"),
            (11, 12, "`tempo`: expected a mapping like {up: 1s, hold: 3s, down: 2s}, got a list"),
            (12, 11, "`sets`: expected a whole number from 1 to 100, got a string"),
            (13, 5, "step 2: expected a mapping"),
        ),
    ),
    "hold-yes": Bad(
        "name: x\nsteps:\n  - name: y\n    hold: yes\n",
        (
            (
                4,
                11,
                "`hold`: expected a duration (seconds like 60 or 2.5, or a string like "
                '"45s", "2m", "1m30s" or "1:30"), got a boolean',
            ),
        ),
    ),
    "steps-mapping": Bad(
        "name: x\nsteps:\n  name: y\n  hold: 5\n",
        ((3, 3, "`steps`: expected a list of steps (each one starting with `- `), got a mapping"),),
    ),
    "steps-null": Bad("name: x\nsteps:\n", ((2, 7, "`steps`: has no value"),)),
    "deep-nesting": Bad(
        "name: x\nsteps: " + "[" * 100 + "]" * 100 + "\n",
        ((2, 71, "the document is nested more than 64 levels deep"),),
    ),
    "key-is-a-list": Bad(
        "name: x\n[a]: 1\nsteps:\n  - {name: y, hold: 1}\n",
        ((2, 1, "a key must be a plain name, not a list"),),
    ),
    # Ranges
    "out-of-range": Bad(
        "name: x\n"
        "prepare: -1\n"
        "rest: 3601\n"
        "steps:\n"
        "  - name: a\n"
        "    hold: 0\n"
        "    switch: 61m\n"
        "    sides: [a, b, c, d, e]\n"
        "    sets: 101\n"
        "  - name: b\n"
        "    reps: 0\n"
        "  - name: c\n"
        "    reps: 1001\n"
        "    sets: 0\n"
        "  - name: d\n"
        "    reps: 2.5\n"
        "    tempo: {up: 3601}\n",
        (
            (2, 10, "`prepare`: must not be negative"),
            (3, 7, "`rest`: is too long: the most is 3600 seconds (1 hour)"),
            (6, 11, "`hold`: must be longer than 0 seconds"),
            (7, 13, "`switch`: is too long"),
            (8, 12, "`sides`: lists 5 sides; a step has 1 to 4"),
            (9, 11, "`sets`: must be from 1 to 100, got 101"),
            (11, 11, "`reps`: must be from 1 to 1000, got 0"),
            (13, 11, "`reps`: must be from 1 to 1000, got 1001"),
            (14, 11, "`sets`: must be from 1 to 100, got 0"),
            (16, 11, "`reps`: expected a whole number from 1 to 1000, got 2.5"),
            (17, 17, "`tempo.up`: is too long"),
        ),
    ),
    "string-durations-out-of-range": Bad(
        "name: x\nsteps:\n  - {name: a, hold: 0s}\n  - {name: b, hold: '60:01'}\n"
        "  - {name: c, hold: 1m90s}\n  - {name: d, hold: 1h}\n",
        (
            (3, 21, "`hold`: must be longer than 0 seconds"),
            (4, 21, "`hold`: is too long"),
            (5, 21, "the seconds after the minutes must be below 60"),
            (6, 21, 'unknown unit "h"; the units are s and m'),
        ),
    ),
    "nan-and-inf": Bad(
        "name: x\nrest: .nan\nsteps:\n  - {name: a, hold: 5}\n",
        ((2, 7, "`rest`: must be a finite number of seconds"),),
        NAN,
    ),
    "infinity": Bad(
        "name: x\nsteps:\n  - {name: a, hold: .inf}\n",
        ((3, 21, "`hold`: must be a finite number of seconds"),),
    ),
    "negative-string": Bad(
        "name: x\nsteps:\n  - {name: a, hold: '-5s'}\n", ((3, 21, "must not be negative"),)
    ),
    "empty-steps": Bad("name: x\nsteps: []\n", ((2, 8, "the list is empty"),)),
    "too-many-steps": Bad(
        "name: x\nsteps:\n" + "  - {name: a, hold: 1}\n" * 501,
        ((3, 3, "`steps`: has 501 steps; the most is 500 (the steps past 500 are not checked)"),),
    ),
    "too-many-steps-flow": Bad(
        "name: x\nsteps: [" + "1, " * 3000 + "1]\nlanguage: en\n",
        (
            (2, 8, "`steps`: has 3001 steps; the most is 500"),
            *((2, 9 + 3 * i, f"step {i + 1}: expected a mapping") for i in range(99)),
            (2, 9 + 3 * 99, "and 401 more problems from here on (only the first 100 are shown"),
        ),
    ),
    "name-too-long": Bad(
        f"name: {'n' * 121}\nsteps:\n  - {{name: a, hold: 1}}\n",
        ((1, 7, "`name`: is 121 characters long; the most is 120"),),
    ),
    "name-blank": Bad(
        "name: '  '\nsteps:\n  - {name: '', hold: 1}\n",
        ((1, 7, "`name`: must not be empty"), (3, 12, "`name`: must not be empty")),
    ),
    "version-2": Bad(
        "version: 2\nname: x\nsteps:\n  - {name: a, hold: 1}\n",
        ((1, 10, "`version`: version 2 is not supported; supported versions: 1"),),
    ),
    "version-string": Bad(
        "version: '1'\nname: x\nsteps:\n  - {name: a, hold: 1}\n",
        ((1, 10, "supported versions: 1"),),
    ),
    # Unknown and missing keys
    "unknown-keys": Bad(
        "name: x\n"
        "setps: []\n"
        "colour: red\n"
        "steps:\n"
        "  - name: a\n"
        "    hodl: 5\n"
        "    hold: 5\n"
        "  - name: b\n"
        "    reps: 3\n"
        "    tempo: {up: 1, dwon: 1}\n",
        (
            (2, 1, "`setps`: unknown key; did you mean `steps`?"),
            (3, 1, "`colour`: unknown key; the keys here are `version`, `name`, `description`"),
            (6, 5, "`hodl`: unknown key; did you mean `hold`?"),
            (10, 20, "`dwon`: unknown key; did you mean `down`?"),
        ),
    ),
    "missing-name-and-steps": Bad(
        "description: nothing else\n",
        ((1, 1, "missing required key `name`"), (1, 1, "missing required key `steps`")),
    ),
    # Step rules
    "hold-and-reps": Bad(
        "name: x\nsteps:\n  - name: a\n    hold: 5\n    reps: 3\n",
        ((5, 5, "step 1: has both `hold` and `reps`; a step has one or the other"),),
    ),
    "neither-hold-nor-reps": Bad(
        "name: x\nsteps:\n  - name: a\n    cue: Do something.\n  - cue: Nothing\n  - {}\n",
        (
            (3, 5, "step 1: needs `hold: DURATION` or `reps: COUNT`"),
            (5, 5, "step 2: needs `name` with `hold` or `reps`, or `rest` alone"),
            (6, 5, "step 3: needs `name` with `hold` or `reps`"),
        ),
    ),
    "named-rest-step": Bad(
        "name: x\nsteps:\n  - name: Breathe\n    rest: 10\n",
        (
            (
                3,
                5,
                "step 1: a rest step (one with no `hold` or `reps`) takes no name; remove "
                "`name`, or give the step `hold` or `reps`",
            ),
        ),
    ),
    "rest-step-with-say": Bad(
        "name: x\nsteps:\n  - rest: 10\n    say: Breathe\n",
        ((4, 5, "`say`: a rest step (one with no `hold` or `reps`) takes only `rest` and `cue`"),),
    ),
    "bad-language": Bad(
        "name: x\nlanguage: English (US)\nsteps:\n  - {name: a, hold: 1}\n",
        (
            (
                2,
                11,
                "`language`: `English (US)` is not a language tag; write one like `en`, `de`, "
                "`pt-BR` or `zh-Hant-TW`",
            ),
        ),
    ),
    "bad-language-types": Bad(
        "name: x\nlanguage: [en]\nsteps:\n  - {name: a, hold: 1}\n  - {name: b, hold: 1, "
        "say: ''}\n  - {name: c, hold: 1, say: 5}\n",
        (
            (2, 11, "`language`: expected a string, got a list"),
            (5, 29, "`say`: must not be empty"),
            (6, 29, "`say`: expected a string, got an integer"),
        ),
    ),
    "language-underscore": Bad(
        "name: x\nlanguage: en_US\nsteps:\n  - {name: a, hold: 1}\n",
        ((2, 11, "`language`: `en_US` is not a language tag"),),
    ),
    "placeholders": Bad(
        "name: x\nsteps:\n"
        "  - name: a\n    hold: 5\n    sides: [left]\n    cue: Lift the {sdie} leg.\n"
        "    say: '{Side} leg {'\n"
        "  - name: b\n    reps: 5\n    say: Now the {side} one.\n"
        "  - name: c\n    hold: 5\n    cue: 'Hold {count} }'\n",
        (
            (6, 10, "`cue`: `{sdie}` is not a placeholder; did you mean `{side}`?"),
            (7, 10, "`say`: `{Side}` is not a placeholder; did you mean `{side}`?"),
            (7, 10, "`say`: a lone `{`; write `{{` for a brace"),
            (10, 10, "`say`: uses {side}, but the step has no `sides`"),
            (13, 10, "`cue`: `{count}` is not a placeholder; the only one is `{side}`"),
            (13, 10, "`cue`: a lone `}`; write `}}` for a brace"),
        ),
    ),
    "missing-step-name": Bad(
        "name: x\nsteps:\n  - hold: 5\n  - reps: 5\n",
        (
            (3, 5, "step 1: missing required key `name`"),
            (4, 5, "step 2: missing required key `name`"),
        ),
    ),
    "side-without-sides": Bad(
        "name: x\nsteps:\n  - name: a\n    cue: Lift your {side} leg.\n    hold: 5\n"
        "  - rest: 5\n    cue: Now the {side} one.\n",
        (
            (4, 10, "`cue`: uses {side}, but the step has no `sides`"),
            (7, 10, "`cue`: uses {side}, but the step has no `sides`"),
        ),
    ),
    "bad-sides": Bad(
        "name: x\nsteps:\n  - name: a\n    hold: 5\n    sides: [left, left, 3, '']\n"
        "  - name: b\n    hold: 5\n    sides: []\n",
        (
            (5, 19, "`sides`: `left` is listed twice"),
            (5, 25, "`sides`: expected a string, got an integer"),
            (5, 28, "`sides`: must not be empty"),
            (8, 12, "`sides`: lists 0 sides; a step has 1 to 4"),
        ),
    ),
    "tempo-all-zero": Bad(
        "name: x\nsteps:\n  - name: a\n    reps: 5\n    tempo: {up: 0, hold: 0s, down: '0:00'}\n"
        "  - name: b\n    reps: 5\n    tempo: {}\n",
        (
            (5, 12, "`tempo`: at least one phase (`up`, `hold` or `down`) must be longer than 0"),
            (8, 12, "`tempo`: at least one phase"),
        ),
    ),
    "tempo-on-hold-step": Bad(
        "name: x\nsteps:\n  - name: a\n    hold: 5\n    tempo: {up: 1}\n",
        ((5, 5, "`tempo`: only a `reps` step can have a tempo"),),
    ),
    "rest-step-with-extras": Bad(
        "name: x\nsteps:\n  - rest: 5\n    sides: [a]\n    sets: 2\n",
        (
            (
                4,
                5,
                "`sides`: a rest step (one with no `hold` or `reps`) takes only `rest` and `cue`",
            ),
            (5, 5, "`sets`: a rest step"),
        ),
    ),
}
