"""The home screen: the routines (built-in and the user's), a detail pane, and the keys to use them.

Routines are read on a thread of their own (:mod:`~stretchtimer.tui.routine_reader`): when they
are ready before the first frame, they are in it; otherwise the screen shows a placeholder and
fills in as soon as they are read, and quitting does not wait for them. The
user's routines folder is checked every couple of seconds by comparing its listing (names, sizes,
modification times); the routines are read again only when that changed.
"""

from __future__ import annotations

import contextlib
import os
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from stretchtimer import locations
from stretchtimer.editor import FALLBACK_EDITORS
from stretchtimer.tui.editor import EditorProblem, check_program, editor_command, run_editor
from stretchtimer.tui.habit import Habit, read_habit
from stretchtimer.tui.routine_reader import RoutineReader, read_all
from stretchtimer.tui.routine_text import detail_content, option_prompts
from stretchtimer.tui.startup import release_collector
from stretchtimer.tui.widgets.footer import AppFooter
from stretchtimer.tui.widgets.streak import StreakLabel

if TYPE_CHECKING:
    from rich.table import Table

    from stretchtimer.routines.library import Entry
    from stretchtimer.session.plan import Plan

FolderListing = tuple[tuple[str, int, int], ...] | None
__all__ = ["FALLBACK_EDITORS", "FolderListing", "HomeScreen", "editor_command", "folder_listing"]
CRAMP_RELIEF = "cramp-relief"


def folder_listing(folder: Path) -> FolderListing:
    """Return what identifies the state of a folder's files: (name, size, mtime) of each.

    Args:
        folder: the folder to list; a missing one gives None.
    """
    try:
        with os.scandir(folder) as it:
            items = []
            for item in it:
                try:
                    stat = item.stat()
                except OSError:
                    continue
                items.append((item.name, stat.st_size, stat.st_mtime_ns))
    except OSError:
        return None
    return tuple(sorted(items))


class HomeScreen(Screen[None]):
    """Lists the routines; Enter starts the selected one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", id="home.start", priority=True),
        Binding("e", "edit", "Edit", id="home.edit"),
        Binding("n", "new", "New", id="home.new"),
        Binding("r", "reload", "Reload", id="home.reload"),
        Binding("h", "history", "History", id="home.history"),
        Binding(
            "c",
            "log_cramp",
            "Log cramp",
            id="home.log-cramp",
            show=False,
            tooltip="Log a leg cramp in your diary (listed in the help: the footer is full)",
        ),
        Binding(
            "exclamation_mark",
            "cramp",
            "Cramp relief",
            id="home.cramp",
            tooltip="A cramp now: start cramp-relief at once, no questions.",
        ),
        Binding("question_mark", "app.help", "Help", id="home.help"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    def __init__(
        self, watch_interval: float | None = 2.0, reader: RoutineReader | None = None
    ) -> None:
        """Create the screen.

        Args:
            watch_interval: seconds between checks of the user's routines folder; None to
                not watch it.
            reader: the routines, already being read (e.g. started by the command line).
        """
        super().__init__(classes="home")
        self.watch_interval = watch_interval
        self._reader = reader
        self.entries: list[Entry] = []
        self.loaded = False
        self._shown_once = False
        self._streak_read = False
        self._detail_shown = False
        self._detail_of: tuple[Entry | None, str] = (None, "")
        """The entry whose details are shown, and its habit line."""
        self._listing: FolderListing = None
        self._select_id: str | None = None
        self._announce = False
        self.habit = Habit()
        self._plans: dict[str, Plan | None] = {}  # each listed routine's plan, by id

    def compose(self) -> ComposeResult:
        """Build the screen."""
        with Horizontal(id="top"):
            yield Label("stretchtimer", id="routine-name")
            yield StreakLabel(id="streak", compact=True, read_on_mount=False)  # after the list
            yield Label("reading routines…", id="count")
        with Horizontal(id="body"):
            routines = OptionList(id="routines")
            routines.border_title = "Routines"
            yield routines
            with VerticalScroll(id="detail") as detail:
                detail.border_title = "Details"
                yield Static("", id="detail-text")
        yield AppFooter()

    def on_mount(self) -> None:
        """Read the routines and start watching the user's folder."""
        if not self.is_attached:  # the app exits (or the screen went) before it was composed
            return
        self.query_one("#routines", OptionList).focus()
        self.call_after_refresh(release_collector)  # the first frame is shown
        reader, self._reader = self._reader, None
        self.reload(reader=reader)
        if self.watch_interval:
            self.set_interval(self.watch_interval, self.check_folder, name="watch-routines")

    def on_screen_resume(self) -> None:
        """Back from a session or the history: show the streak and "last done" as they are."""
        if not self._streak_read:
            return  # the first time, both are read with and after the routines
        with contextlib.suppress(NoMatches):
            self.query_one("#streak", StreakLabel).reload()
        if self.loaded:
            self._refresh_habit()

    def on_resize(self) -> None:
        """Give the list more room on wide terminals, less on narrow ones."""
        self.set_class(self.size.width >= 110, "-wide")
        self.set_class(self.size.width < 72, "-narrow")
        self._fit_top()

    def on_streak_label_shown(self) -> None:
        """Fit the top row to the goal line just read."""
        self._fit_top()

    def _fit_top(self) -> None:
        """Drop the routine count when the top row cannot hold it whole beside the goal line.

        The app's name is never cut for it: the count is the least needed of the three (the
        list shows the routines, and the ones with problems).
        """
        try:
            name = self.query_one("#routine-name", Label)
            streak = self.query_one("#streak", StreakLabel)
            count = self.query_one("#count", Label)
        except NoMatches:
            return
        widths = [cell_len(str(label.render())) for label in (name, streak, count)]
        needed = widths[0] + 1 + widths[1] + 2 + widths[2]  # margin, bar and its padding
        self.set_class(needed > self.size.width - 2, "-crowded")  # the row's padding

    # ----------------------------------------------------------------------------- loading

    def reload(
        self,
        select: str | None = None,
        *,
        announce: bool = False,
        reader: RoutineReader | None = None,
    ) -> None:
        """Read the routines again (on a thread of their own) and show them.

        Args:
            select: the id to select afterwards; the current selection when None.
            announce: tell the user whether the selected routine is valid once read.
            reader: a reading already started; a new one when None.
        """
        current = self.selected()
        self._select_id = select or (current.id if current else None)  # None: the likely one
        self._announce = announce
        self._listing = folder_listing(locations.user_routines_dir())
        self.loaded = False
        settings = getattr(self.app, "settings", None)
        reader = (reader or RoutineReader(partial(read_all, settings))).start()
        if reader.result is not None:  # already read: show them in this very frame
            self.workers.cancel_group(self, "routines")
            self._show_entries(*reader.result)
        else:
            self._load(reader)

    @work(exclusive=True, group="routines")
    async def _load(self, reader: RoutineReader) -> None:
        """Wait for the reader without holding the event loop (a cancelled wait drops it)."""
        self._show_entries(*await reader.read())

    def _show_entries(
        self, entries: list[Entry], problem: str | None = None, habit: Habit | None = None
    ) -> None:
        first, self._shown_once = not self._shown_once, True
        if habit is not None:
            self.habit = habit

        if problem:
            self.notify(problem, severity="error")
        try:
            routines = self.query_one("#routines", OptionList)
        except NoMatches:
            return  # the screen is closing: the app quit while the routines were read
        self.entries = entries
        self._plans = {entry.id: _plan_of(entry) for entry in entries}  # once per list read
        self.loaded = True
        routines.set_options(Option(prompt) for prompt in self._prompts(entries))
        bad = sum(1 for entry in entries if entry.routine is None)
        count = f"{len(entries)} routine{'s' if len(entries) != 1 else ''}"
        if bad:
            count += f" · {bad} with problems"
        self.query_one("#count", Label).update(count)
        self._fit_top()
        wanted = self._select_id or self.habit.likely([e.id for e in entries if e.ok])
        index = 0
        for i, entry in enumerate(entries):
            if entry.id == wanted:
                index = i
        if entries:
            routines.highlighted = index
        self._show_detail()
        chosen = self.selected()
        if self._announce and chosen is not None and chosen.id == self._select_id:
            if chosen.routine is None:
                self.notify(f"{chosen.id} has problems; see the details", severity="warning")
            else:
                self.notify(f"{chosen.routine.name}: ready to run", timeout=3)
        self._announce = False
        if first:  # what can wait until the routines and the footer's keys are on screen
            self.call_after_refresh(self._after_first_list)

    def _after_first_list(self) -> None:
        """Read the streak, offer the diary's advice and open the sound: the list is shown."""
        from stretchtimer.tui.advice import offer_advice

        self._streak_read = True
        with contextlib.suppress(NoMatches):
            self.query_one("#streak", StreakLabel).reload()
        offer_advice(self)  # once, when the app opens on its home
        from stretchtimer.tui.app import StretchApp

        if isinstance(self.app, StretchApp):
            self.app.prepare_sessions()

    @work(thread=True, exclusive=True, group="habit")
    def _refresh_habit(self) -> None:
        habit = read_habit(getattr(self.app, "settings", None))
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile
            self.app.call_from_thread(self._show_habit, habit)

    def _show_habit(self, habit: Habit) -> None:
        """Show new "last done" times in place, keeping the selection."""
        self.habit = habit
        try:
            routines = self.query_one("#routines", OptionList)
        except NoMatches:
            return
        prompts = self._prompts(self.entries[: routines.option_count])
        for index, prompt in enumerate(prompts):
            routines.replace_option_prompt_at_index(index, prompt)
        self._show_detail()

    def check_folder(self) -> None:
        """Reload when the user's routines folder changed since the last look."""
        listing = folder_listing(locations.user_routines_dir())
        if listing != self._listing:
            self.reload()

    # ----------------------------------------------------------------------------- selection

    def selected(self) -> Entry | None:
        """Return the highlighted entry, if any."""
        try:  # also from on_mount, so the first frame shows the details
            index = self.query_one("#routines", OptionList).highlighted
        except NoMatches:
            return None
        if index is None or not 0 <= index < len(self.entries):
            return None
        return self.entries[index]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the details of the highlighted routine."""
        event.stop()
        self._show_detail()

    def _prompts(self, entries: list[Entry]) -> list[Table]:
        """Return the list's rows for ``entries``, with when each was last done."""
        rows = [(e, self._plans.get(e.id), self.habit.last_text(e.id)) for e in entries]
        return option_prompts(rows)

    def _show_detail(self) -> None:
        """Show the highlighted routine's details with its habit line, unless already shown.

        What is shown is the entry and its line ("Last done …"), so new habit data redraws
        it while the highlight message after a list was shown does not. The details scroll
        back to the top only for another routine.
        """
        entry = self.selected()
        line = self.habit.detail_line(entry.id) if entry is not None else ""
        if self._detail_shown and (entry, line) == self._detail_of:
            return
        other = not self._detail_shown or entry != self._detail_of[0]
        self._detail_shown, self._detail_of = True, (entry, line)
        detail = self.query_one("#detail-text", Static)
        if entry is None:
            folder = locations.user_routines_dir()
            detail.update(Content(f"No routines yet. Press n to write one; they live in {folder}."))
            return
        detail.update(detail_content(entry, self._plans.get(entry.id), line))
        if other:
            self.query_one("#detail", VerticalScroll).scroll_home(animate=False)

    # ----------------------------------------------------------------------------- actions

    def action_start(self) -> None:
        """Start the highlighted routine."""
        entry = self.selected()
        if entry is None:
            return
        if entry.routine is None:
            self.notify(
                "This routine has problems (see the details); press e to fix it.",
                title=entry.id or "Invalid routine",
                severity="error",
            )
            return
        run_routine = getattr(self.app, "run_routine", None)
        if callable(run_routine):
            run_routine(entry.routine)

    def action_cramp(self) -> None:
        """Start cramp-relief at once: no dialog, no caution (it is in the details)."""
        from stretchtimer.routines.library import resolve
        from stretchtimer.routines.problems import RoutineError

        entry = next((e for e in self.entries if e.id == CRAMP_RELIEF), None)
        routine = entry.routine if entry is not None else None
        if routine is None:
            try:  # not read yet (the app just opened), or invalid in the list
                routine = resolve(CRAMP_RELIEF)
            except RoutineError as exc:
                self.notify(f"{CRAMP_RELIEF} cannot run: {exc}", severity="error")
                return
        run_routine = getattr(self.app, "run_routine", None)
        if callable(run_routine):
            run_routine(routine, urgent=True)

    def action_reload(self) -> None:
        """Read the routines again."""
        self.reload()
        self.notify("Routines reloaded", timeout=2)

    def action_history(self) -> None:
        """Show the history."""
        from stretchtimer.tui.history_screen import HistoryScreen

        HistoryScreen().open(self.app)

    def action_log_cramp(self) -> None:
        """Open the cramp form."""
        from stretchtimer.tui.advice import log_cramp

        log_cramp(self)

    def action_new(self) -> None:
        """Ask for a name, write a routine from the template and open it in the editor."""
        from stretchtimer.tui.modals import NewRoutineScreen

        self.app.push_screen(NewRoutineScreen(), self._create)

    def _create(self, name: str | None) -> None:
        from stretchtimer.routines.library import create_user_routine
        from stretchtimer.routines.loader import routine_id_for

        if not name:
            return
        try:
            path = create_user_routine(name)
        except FileExistsError as exc:
            self.notify(f"{exc} already exists; choose another name", severity="error")
            return
        except (ValueError, OSError) as exc:
            self.notify(str(exc), title="Cannot create the routine", severity="error")
            return
        self._open_in_editor(path, routine_id_for(path))

    def action_edit(self) -> None:
        """Open the highlighted routine in the editor (copying a built-in one first)."""
        from stretchtimer.routines.editing import edit_target

        entry = self.selected()
        if entry is None:
            return
        try:
            target = edit_target(entry)
        except OSError as exc:
            folder = locations.user_routines_dir()
            self.notify(f"Cannot copy it to {folder}: {exc.strerror or exc}", severity="error")
            return
        self._open_in_editor(target.path, entry.id, target.copied_from)

    def _open_in_editor(self, path: Path, routine_id: str, copied_from: Path | None = None) -> None:
        """Edit ``path``; a copy of a built-in (``copied_from``) left unchanged is removed.

        Whatever goes wrong (no editor, a missing program, a folder, an unbalanced quote), the
        app comes back and says what failed.
        """
        try:
            command = editor_command()
            if command is not None:
                command[0] = check_program(command)
        except EditorProblem as exc:
            if copied_from is not None:
                self._keep_copy_if_changed(path, copied_from, quiet=True)
            self.notify(
                f"Cannot open the editor: {exc}.", title="Editor", severity="error", timeout=10
            )
            return
        if command is None:
            if copied_from is not None:
                self._keep_copy_if_changed(path, copied_from, quiet=True)
            self.notify(f"Set $EDITOR to edit routines. The file is {path}", severity="warning")
            self.reload(select=routine_id)
            return
        run = run_editor(self.app, command, path)
        if copied_from is not None:
            self._keep_copy_if_changed(path, copied_from, quiet=run.problem is not None)
        if run.problem is not None:
            self.notify(
                f"Cannot open the editor: {run.problem}.",
                title="Editor",
                severity="error",
                timeout=10,
            )
            return
        if run.returncode:
            self.notify(
                f"{Path(command[0]).name} exited with code {run.returncode}", severity="warning"
            )
        self.reload(select=routine_id, announce=True)

    def _keep_copy_if_changed(self, copy: Path, original: Path, *, quiet: bool = False) -> None:
        """Remove an untouched copy of a built-in routine, so the built-in one stays in use."""
        from stretchtimer.routines.editing import EditTarget, drop_unchanged_copy

        unchanged = drop_unchanged_copy(EditTarget(copy, original))
        if unchanged is None or quiet:
            return
        if unchanged:
            self.notify("No changes: the built-in routine stays as it is.", timeout=4)
        else:
            self.notify(f"Saved as your routine {copy}; it replaces the built-in one.", timeout=6)


def _plan_of(entry: Entry) -> Plan | None:
    """Return a listed routine's plan, or None when the routine is invalid."""
    from stretchtimer.session.plan import build_plan

    return build_plan(entry.routine) if entry.routine is not None else None
