"""Checking a composed routine document against the format and building the Routine.

Every problem is collected (with the node it points at) so a file's problems are reported
together; the routine is built only when there are none.
"""

from __future__ import annotations

from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from stretchtimer.routines.fields import FieldChecker, Fields, clip
from stretchtimer.routines.model import (
    DEFAULT_LANGUAGE,
    DEFAULT_PREPARE,
    DEFAULT_REST,
    DEFAULT_SWITCH,
    MAX_NAME,
    HoldStep,
    RepsStep,
    RestStep,
    Routine,
    Step,
    Tempo,
)
from stretchtimer.routines.problems import Problem, RoutineError
from stretchtimer.routines.text_rules import (
    canonical_language,
    describe_unsafe,
    is_language_tag,
    placeholder_problems,
)
from stretchtimer.routines.yaml_safe import (
    FLOAT,
    INT,
    Document,
    kind,
    line_col,
    scalar_value,
    short_tag,
    tag_allowed,
)
from stretchtimer.safe_text import first_unsafe

__all__ = ["MAX_NAME", "Checker"]

SUPPORTED_VERSIONS = (1,)
TOP_KEYS = ("version", "name", "description", "caution", "prepare", "rest", "steps", "language")
STEP_KEYS = ("name", "cue", "hold", "reps", "tempo", "sides", "switch", "sets", "rest", "say")
REST_STEP_KEYS = ("rest", "cue")
TEMPO_KEYS = ("up", "hold", "down")
MAX_STEPS = 500
MAX_SIDES = 4
REPS_RANGE = (1, 1000)
SETS_RANGE = (1, 100)
MAX_PROBLEMS = 100


class Checker(FieldChecker):
    """Checks a whole routine document and builds its routine."""

    document: Document

    def routine(self, document: Document, routine_id: str, path: Path | None) -> Routine:
        """Return the routine a document describes.

        Raises:
            RoutineError: with every problem found, in file order.
        """
        for node in document.bad_tags:
            self.report(
                node,
                f"tag {clip(short_tag(node.tag))} is not allowed; "
                "routine files hold plain YAML values only",
            )
        for node, key in document.unsafe:
            self._unsafe(node, key)
        self.document = document
        root = document.root
        assert root is not None
        if not tag_allowed(root):
            raise self._error()
        if not isinstance(root, MappingNode):
            self.report(
                root,
                f"the top level must be a mapping with `name:` and `steps:`, got {kind(root)}",
            )
            raise self._error()
        fields = self.fields(root, TOP_KEYS)
        if "version" in fields:
            self._version(fields["version"][1])
        for key in ("name", "steps"):
            if key not in fields:
                self.report(root, f"missing required key `{key}`")
        texts = {
            key: self.string(key, fields[key][1], is_name=key == "name")
            for key in ("name", "description", "caution")
            if key in fields
        }
        times = {
            key: self.duration(key, fields[key][1]) for key in ("prepare", "rest") if key in fields
        }
        language = self._language(fields["language"][1]) if "language" in fields else None
        steps = self._steps(fields["steps"][1]) if "steps" in fields else None
        if self.problems:
            raise self._error()
        name, prepare, rest = texts["name"], times.get("prepare"), times.get("rest")
        assert name is not None and steps is not None
        return Routine(
            id=routine_id,
            name=name.strip(),
            steps=steps,
            description=_text(texts.get("description")),
            caution=_text(texts.get("caution")),
            prepare=DEFAULT_PREPARE if prepare is None else prepare,
            rest=DEFAULT_REST if rest is None else rest,
            version=1,
            language=language or DEFAULT_LANGUAGE,
            path=path,
        )

    def _error(self) -> RoutineError:
        problems = sorted(set(self.problems))
        if len(problems) > MAX_PROBLEMS:
            rest = problems[MAX_PROBLEMS]
            more = len(problems) - MAX_PROBLEMS
            note = Problem(
                rest.path,
                rest.line,
                rest.column,
                f"and {more} more problem{'s' if more > 1 else ''} from here on (only the first "
                f"{MAX_PROBLEMS} are shown; fix those first)",
            )
            problems = [*problems[:MAX_PROBLEMS], note]
        return RoutineError(problems)

    def _unsafe(self, node: Node, key: str | None) -> None:
        value = str(node.value)
        index = first_unsafe(value)
        assert index is not None
        what = describe_unsafe(value[index])
        where = f"`{clip(key)}`: the value holds" if key is not None else "this text holds"
        self.report(
            node,
            f"{where} {what}, which a routine must not carry (it could drive the terminal); "
            "remove it",
        )

    def _language(self, node: Node) -> str | None:
        text = self.string("language", node)
        if text is None:
            return None
        if not is_language_tag(text):
            self.report(
                node,
                f"`language`: `{clip(text)}` is not a language tag; write one like `en`, `de`, "
                "`pt-BR` or `zh-Hant-TW`",
            )
            return None
        return canonical_language(text)

    def _version(self, node: Node) -> None:
        supported = "supported versions: " + ", ".join(map(str, SUPPORTED_VERSIONS))
        if not tag_allowed(node):
            return
        if not (isinstance(node, ScalarNode) and node.tag in (INT, FLOAT)):
            self.wrong_type("version", node, f"an integer ({supported})")
            return
        try:
            value = scalar_value(node)
        except ValueError as exc:
            self.report(node, f"`version`: {exc}; {supported}")
            return
        if value not in SUPPORTED_VERSIONS:
            shown = clip(node.value)
            self.report(node, f"`version`: version {shown} is not supported; {supported}")

    def _steps(self, node: Node) -> tuple[Step, ...] | None:
        if not tag_allowed(node):
            return None
        if not isinstance(node, SequenceNode):
            self.wrong_type("steps", node, "a list of steps (each one starting with `- `)")
            return None
        count = self.document.length(node)
        if count == 0:
            self.report(node, "`steps`: the list is empty; a routine needs at least 1 step")
        elif count > MAX_STEPS:
            self.report(
                node,
                f"`steps`: has {count} steps; the most is {MAX_STEPS} (the steps past "
                f"{MAX_STEPS} are not checked)",
            )
        items = node.value[:MAX_STEPS]
        steps = [self._step(number, item) for number, item in enumerate(items, start=1)]
        if any(step is None for step in steps) or not steps:
            return None
        return tuple(step for step in steps if step is not None)

    # -- steps ------------------------------------------------------------------------------

    def _step(self, number: int, node: Node) -> Step | None:
        if not tag_allowed(node):
            return None
        if not isinstance(node, MappingNode):
            self.report(
                node,
                f"step {number}: expected a mapping (`name: ...` with `hold: ...` or "
                f"`reps: ...`, or `rest: ...`), got {kind(node)}",
            )
            return None
        before = len(self.problems)
        fields = self.fields(node, STEP_KEYS)
        step_kind = self._step_kind(number, node, fields)
        read = self._step_values(fields)
        for key in ("cue", "say"):
            text = read.get(key)
            if isinstance(text, str):
                for message in placeholder_problems(text, has_sides="sides" in fields):
                    self.report(fields[key][1], f"`{key}`: {message}")
        if step_kind in ("hold", "reps") and "name" not in fields:
            self.report(node, f"step {number}: missing required key `name`")
        invalid = None in read.values()
        if step_kind is None or invalid or len(self.problems) > before:
            return None
        return _build_step(step_kind, read, node.start_mark.line + 1)

    def _step_kind(self, number: int, node: MappingNode, fields: Fields) -> str | None:
        has_hold, has_reps = "hold" in fields, "reps" in fields
        if has_hold and has_reps:
            second = max(fields["hold"][0], fields["reps"][0], key=line_col)
            self.report(
                second, f"step {number}: has both `hold` and `reps`; a step has one or the other"
            )
            return None
        if "tempo" in fields and not has_reps and (has_hold or "name" in fields):
            self.report(fields["tempo"][0], "`tempo`: only a `reps` step can have a tempo")
        if has_hold or has_reps:
            return "hold" if has_hold else "reps"
        if "rest" in fields:
            for key, (key_node, _) in fields.items():
                if key == "name":
                    self.report(
                        key_node,
                        f"step {number}: a rest step (one with no `hold` or `reps`) takes no "
                        "name; remove `name`, or give the step `hold` or `reps`",
                    )
                elif key not in REST_STEP_KEYS:
                    self.report(
                        key_node,
                        f"`{key}`: a rest step (one with no `hold` or `reps`) takes only "
                        "`rest` and `cue`",
                    )
            return "rest"
        what = f"step {number}"
        if "name" in fields:
            self.report(node, f"{what}: needs `hold: DURATION` or `reps: COUNT`")
        else:
            self.report(
                node,
                f"{what}: needs `name` with `hold` or `reps`, or `rest` alone for a rest step",
            )
        return None

    def _step_values(self, fields: Fields) -> dict[str, object]:
        read: dict[str, object] = {}
        for key, (_, value) in fields.items():
            if key in ("name", "cue", "say"):
                read[key] = self.string(key, value, is_name=key == "name", not_blank=key == "say")
            elif key == "hold":
                read[key] = self.duration(key, value, allow_zero=False)
            elif key in ("switch", "rest"):
                read[key] = self.duration(key, value)
            elif key == "reps":
                read[key] = self.integer(key, value, REPS_RANGE)
            elif key == "sets":
                read[key] = self.integer(key, value, SETS_RANGE)
            elif key == "sides":
                read[key] = self._sides(value)
            else:
                read[key] = self._tempo(value)
        return read

    def _sides(self, node: Node) -> tuple[str, ...] | None:
        if not tag_allowed(node):
            return None
        if not isinstance(node, SequenceNode):
            self.wrong_type("sides", node, f"a list of 1 to {MAX_SIDES} names like [left, right]")
            return None
        before = len(self.problems)
        count = self.document.length(node)
        if not 1 <= count <= MAX_SIDES:
            self.report(node, f"`sides`: lists {count} sides; a step has 1 to {MAX_SIDES}")
        names: list[str] = []
        valid = True
        for item in node.value:
            name = self.string("sides", item, is_name=True)
            if name is None:
                valid = False
                continue
            if name in names:
                self.report(item, f"`sides`: `{clip(name)}` is listed twice")
            names.append(name)
        if not valid or len(self.problems) > before:
            return None
        return tuple(name.strip() for name in names)

    def _tempo(self, node: Node) -> Tempo | None:
        if not tag_allowed(node):
            return None
        if not isinstance(node, MappingNode):
            self.wrong_type("tempo", node, "a mapping like {up: 1s, hold: 3s, down: 2s}")
            return None
        before = len(self.problems)
        phases: dict[str, float | None] = {
            key: self.duration(f"tempo.{key}", value)
            for key, (_, value) in self.fields(node, TEMPO_KEYS).items()
        }
        if len(self.problems) > before or None in phases.values():
            return None
        if not any(phases.values()):
            self.report(
                node, "`tempo`: at least one phase (`up`, `hold` or `down`) must be longer than 0"
            )
            return None
        return Tempo(**{key: seconds or 0.0 for key, seconds in phases.items()})


def _text(value: str | None) -> str | None:
    """Return a free text with surrounding blank space (a folded block's last newline) removed."""
    return None if value is None else value.strip()


def _build_step(step_kind: str, read: dict[str, object], line: int) -> Step:
    cue = read.get("cue")
    cue = _text(cue) if isinstance(cue, str) else None
    say = read.get("say")
    say = _text(say) if isinstance(say, str) else None
    if step_kind == "rest":
        rest = read["rest"]
        assert isinstance(rest, float)
        return RestStep(rest=rest, cue=cue, line=line)
    name, sides, switch, sets, rest = (
        read["name"],
        read.get("sides", ()),
        read.get("switch"),
        read.get("sets", 1),
        read.get("rest"),
    )
    assert isinstance(name, str) and isinstance(sides, tuple) and isinstance(sets, int)
    common = {
        "name": name.strip(),
        "cue": cue,
        "sides": sides,
        "switch": switch if isinstance(switch, float) else DEFAULT_SWITCH,
        "sets": sets,
        "rest": rest if isinstance(rest, float) else None,
        "say": say,
        "line": line,
    }
    if step_kind == "hold":
        hold = read["hold"]
        assert isinstance(hold, float)
        return HoldStep(hold=hold, **common)  # type: ignore[arg-type]
    reps, tempo = read["reps"], read.get("tempo")
    assert isinstance(reps, int)
    return RepsStep(
        reps=reps,
        tempo=tempo if isinstance(tempo, Tempo) else None,
        **common,  # type: ignore[arg-type]
    )
