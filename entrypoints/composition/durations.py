"""Settings are numbers of seconds, minutes, hours or days; the core takes timedeltas."""

from datetime import timedelta


def seconds(value: float) -> timedelta:
    return timedelta(seconds=value)


def twice_seconds(value: float) -> timedelta:
    return 2 * timedelta(seconds=value)


def minutes(value: int) -> timedelta:
    return timedelta(minutes=value)


def hours(value: float) -> timedelta:
    return timedelta(hours=value)


def days(value: int) -> timedelta:
    return timedelta(days=value)
