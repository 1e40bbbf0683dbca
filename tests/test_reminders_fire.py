"""What a reminder does when its time comes (fakes for the clock, history and desktop)."""

from __future__ import annotations

from datetime import datetime, timedelta

from stretchtimer.goals import Goal
from stretchtimer.reminders import fire as firing
from stretchtimer.reminders import notify
from stretchtimer.reminders.schedule import Reminder

AT_8 = Reminder("r1", times=((8, 0),), routine="toe-lifts")
WED_8 = datetime(2024, 5, 15, 8, 0, 20)


class World:
    def __init__(self, answers: list[str], done: list[int] | None = None) -> None:
        self.answers = answers
        self.done = done or [0]
        self.asked: list[tuple[str, str]] = []
        self.started: list[str | None] = []
        self.slept: list[float] = []

    def ask(self, title: str, message: str, wait: float) -> str:
        self.asked.append((title, message))
        return self.answers.pop(0)

    def done_today(self) -> int:
        return self.done[min(len(self.asked), len(self.done) - 1)]

    def start(self, routine: str | None) -> str | None:
        self.started.append(routine)
        return None

    def run(
        self, reminder: Reminder | None = AT_8, now: datetime = WED_8, goal: Goal | None = None
    ) -> firing.Outcome:
        return firing.fire(
            reminder,
            now,
            goal=goal or Goal(1, 5),
            done_today=self.done_today,
            routine_name="Toe lifts",
            start=self.start,
            ask=self.ask,
            sleep=self.slept.append,
        )


def test_start_opens_the_routine() -> None:
    world = World([notify.START])
    assert world.run() == firing.Outcome(0, "reminder r1: started")
    assert world.started == ["toe-lifts"]
    assert world.asked == [("Time for Toe lifts", "Not done yet today. A minute or two now?")]


def test_skipped_when_the_routines_goal_is_met() -> None:
    world = World([], done=[3])
    outcome = world.run(goal=Goal(3, 5))
    assert outcome.code == 0 and "skipped: today's goal is met (3 of 3)" in outcome.message
    assert world.asked == []


def test_progress_towards_a_bigger_goal_is_in_the_text() -> None:
    world = World([notify.DISMISSED], done=[2])
    world.run(goal=Goal(6, 5))
    assert world.asked[0][1] == "2 of 6 done today. A minute or two now?"


def test_a_late_firing_is_dropped_without_a_notification() -> None:
    world = World([])
    outcome = world.run(now=WED_8 + timedelta(minutes=45))
    assert outcome.code == 0 and "dropped" in outcome.message and "late" in outcome.message
    assert world.asked == []


def test_snooze_asks_again_after_15_minutes_unless_done_meanwhile() -> None:
    world = World([notify.SNOOZE, notify.SNOOZE, notify.START])
    assert world.run().message == "reminder r1: started"
    assert world.slept == [15 * 60, 15 * 60]
    assert len(world.asked) == 3
    done_meanwhile = World([notify.SNOOZE], done=[0, 1])
    assert "skipped" in done_meanwhile.run().message
    assert done_meanwhile.slept == [15 * 60]


def test_snoozing_forever_ends() -> None:
    world = World([notify.SNOOZE] * (firing.MAX_SNOOZES + 1))
    assert "snoozed" in world.run().message
    assert len(world.slept) == firing.MAX_SNOOZES + 1


def test_a_removed_reminder_does_nothing() -> None:
    world = World([])
    assert world.run(reminder=None).code == 0
    assert world.asked == []


def test_no_answer_ends_quietly() -> None:
    world = World([notify.NO_ANSWER])
    assert world.run() == firing.Outcome(0, "reminder r1: no answer")
    assert world.started == []
