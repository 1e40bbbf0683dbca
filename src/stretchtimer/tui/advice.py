"""Logging a cramp from any screen, and the doctor advice when the diary calls for it.

- :func:`log_cramp` opens the :class:`~stretchtimer.tui.cramp_form.CrampForm` and saves what
  it returns on a worker thread, then tells the user (and shows the advice if it is now due).
- :func:`offer_advice` checks on a worker thread whether the advice is due and, if so, shows
  :class:`AdviceScreen`: once per app run (again only when a rule holds that did not when it
  was shown); ``d`` dismisses it for 30 days, Escape closes it for now.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar
from weakref import WeakKeyDictionary

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from stretchtimer import locations
from stretchtimer.history.diary import Cramp, DiaryError, describe
from stretchtimer.history.insights import DISMISS_DAYS
from stretchtimer.history.store import HistoryStore, HistoryUnavailable
from stretchtimer.tui.cramp_form import CrampForm
from stretchtimer.tui.widgets.footer import AppFooter

if TYPE_CHECKING:
    from stretchtimer.session.events import SessionRecord


def relieved_cramp(record: SessionRecord, now: datetime | None = None) -> Cramp:
    """Return the cramp a relief session answered: it began when the session started.

    Args:
        record: what the session did.
        now: the local time the session ended (now by default).
    """
    end = now or datetime.now()
    start = end - timedelta(seconds=record.active_seconds + record.paused_seconds)
    return Cramp(at=start.replace(second=0, microsecond=0))


class AdviceScreen(ModalScreen[bool]):
    """The doctor advice in plain words; True means "dismiss for 30 days"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "dismiss_advice", f"Hide for {DISMISS_DAYS} days", id="advice.dismiss"),
        Binding("escape,enter", "close", "Close", id="advice.close"),
    ]

    DEFAULT_CSS = """
    AdviceScreen { align: center middle; }
    AdviceScreen #advice-box {
        width: 70; max-width: 100%; height: auto; max-height: 100%;
        border: round $warning; background: $surface; padding: 0 1;
        border-title-color: $warning; border-title-style: bold;
    }
    AdviceScreen #advice-body { height: auto; max-height: 16; }
    AdviceScreen #advice-buttons { height: 1; margin-top: 1; align-horizontal: right; }
    AdviceScreen #advice-buttons Button { margin-left: 2; }
    """

    def __init__(self, text: str) -> None:
        """Create the dialog.

        Args:
            text: the advice (see :func:`stretchtimer.history.insights.advice_text`).
        """
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        """Build the dialog."""
        with Vertical(id="advice-box") as box:
            box.border_title = "From your cramp diary"
            with VerticalScroll(id="advice-body"):
                yield Static(self.text, id="advice-text", markup=False)
            with Horizontal(id="advice-buttons"):
                yield Button(f"Hide for {DISMISS_DAYS} days (d)", id="advice-dismiss", compact=True)
                yield Button("Close (Esc)", id="advice-close", variant="primary", compact=True)
        yield AppFooter()

    def on_mount(self) -> None:
        """Focus the harmless choice."""
        self.query_one("#advice-close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the button pressed."""
        event.stop()
        self.dismiss(event.button.id == "advice-dismiss")

    def action_dismiss_advice(self) -> None:
        """Hide the advice for 30 days."""
        self.dismiss(True)

    def action_close(self) -> None:
        """Close it for now."""
        self.dismiss(False)


def _store(store: HistoryStore | None) -> HistoryStore:
    return store if store is not None else HistoryStore(locations.history_db())


def offer_advice(
    screen: Screen[Any], store: HistoryStore | None = None, today: date | None = None
) -> None:
    """Show the doctor advice over ``screen`` if it is due (read on a worker thread).

    Args:
        screen: the screen to show it from.
        store: the history (the user's by default).
        today: the local date now (today by default).
    """
    history = _store(store)

    def check() -> None:
        from stretchtimer.history.cramps import current_advice

        try:
            due = current_advice(history, today or date.today())
        except HistoryUnavailable:
            due = None  # the screen that reads the history says why
        finally:
            if store is None:
                history.close()
        if history.notice and store is None:  # this first look repaired the history: say so
            screen.app.call_from_thread(
                screen.notify, history.notice, severity="warning", timeout=10
            )
        if due is not None:
            screen.app.call_from_thread(_show, screen, due[0], due[1], store, today)

    screen.run_worker(check, thread=True, group="cramp-advice", exclusive=True)


_SHOWN: WeakKeyDictionary[App[Any], frozenset[str]] = WeakKeyDictionary()
"""The rules the advice was last shown for, per app: it is said once, again only for news."""


def _show(
    screen: Screen[Any], text: str, rules: list[str], store: HistoryStore | None, today: date | None
) -> None:
    if not screen.is_attached or isinstance(screen.app.screen, AdviceScreen):
        return
    if _SHOWN.get(screen.app, frozenset()) >= set(rules):
        return
    _SHOWN[screen.app] = frozenset(rules)

    def answered(dismiss: bool | None) -> None:
        if dismiss:
            _dismiss(screen, rules, store, today)

    screen.app.push_screen(AdviceScreen(text), answered)


def _dismiss(
    screen: Screen[Any], rules: list[str], store: HistoryStore | None, today: date | None
) -> None:
    history = _store(store)

    def write() -> None:
        from stretchtimer.history.cramps import CrampLog

        try:
            until = CrampLog(history).dismiss(today or date.today(), rules).until
            message = f"Hidden until {until:%Y-%m-%d}, unless something new turns up in your diary."
        except HistoryUnavailable as exc:
            message = exc.message
        finally:
            if store is None:
                history.close()
        screen.app.call_from_thread(screen.app.notify, message, timeout=5)

    screen.run_worker(write, thread=True, group="cramp-advice-dismiss")


def log_cramp(
    screen: Screen[Any],
    initial: Cramp | None = None,
    store: HistoryStore | None = None,
    today: date | None = None,
    on_saved: Callable[[Cramp], object] | None = None,
) -> None:
    """Open the cramp form over ``screen`` and save what it returns.

    Args:
        screen: the screen to open it from.
        initial: the values to start from (a cramp now by default).
        store: the history (the user's by default).
        today: the local date now, for the advice (today by default).
        on_saved: called on the event loop with the saved cramp.
    """

    def save(cramp: Cramp | None) -> None:
        if cramp is None:
            return
        history = _store(store)

        def write() -> None:
            from stretchtimer.history.cramps import CrampLog

            try:
                saved = CrampLog(history).add(cramp)
                message, severity = f"Logged cramp {saved.id}: {describe(saved)}", "information"
            except (HistoryUnavailable, DiaryError) as exc:
                message, severity = getattr(exc, "message", str(exc)), "error"
            finally:
                if store is None:
                    history.close()
            screen.app.call_from_thread(screen.app.notify, message, severity=severity, timeout=6)
            if severity == "information":
                if on_saved is not None:
                    screen.app.call_from_thread(on_saved, saved)
                screen.app.call_from_thread(offer_advice, screen, store, today)

        screen.run_worker(write, thread=True, group="cramp-save")

    screen.app.push_screen(CrampForm(initial), save)
