"""Reminders that bring the user back.

Schedules are kept in the config folder, installed into the platform's own scheduler (systemd
user timers, launchd agents, crontab) and delivered as desktop notifications.
"""
