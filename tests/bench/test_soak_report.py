"""The soak's report: samples fall in the phase of the fault they followed, and memory drift
compares a process with itself, not with the process a fault replaced."""

import pytest

from bench.soak.load import Sample
from bench.soak.report import Fault, per_phase, phase_of, rss_drift

FAULTS = [Fault("instance killed", at=100, lasted=15), Fault("redis stopped", at=300, lasted=30)]


@pytest.mark.parametrize(
    ("at", "phase"),
    [
        (99, "steady"),
        (100, "instance killed"),
        (174, "instance killed"),  # a minute after it ended: still its window
        (175, "steady"),
        (389, "redis stopped"),
        (390, "steady"),
    ],
)
def test_a_sample_belongs_to_the_fault_it_followed_by_less_than_a_minute(
    at: float, phase: str
) -> None:
    assert phase_of(at, FAULTS) == phase


def test_phases_count_failures_and_take_latency_from_successes_only() -> None:
    samples = [
        Sample(10, "read", True, 0.010),
        Sample(11, "read", False, 30.0),
        Sample(101, "write", True, 0.200),
        Sample(102, "write", False, 5.0),
    ]
    steady, killed, redis = per_phase(samples, FAULTS)
    assert (steady["phase"], steady["requests"], steady["error_rate"]) == ("steady", 2, 0.5)
    assert (steady["read_p50_ms"], steady["read_p99_ms"]) == (10.0, 10.0)
    assert (killed["requests"], killed["write_p99_ms"]) == (2, 200.0)
    assert redis["requests"] == 0


def test_drift_compares_a_restarted_process_with_its_own_last_start() -> None:
    # Two samples of the process a fault killed, then nine of the one started after it.
    a = [100.0, 120.0, 80.0, 110.0, 174.0, 110.0, 111.0, 112.0, 112.0, 176.0, 113.0]
    pids = [1, 1, 3, 3, 3, 3, 3, 3, 3, 3, 3]
    series = [
        {"at": 60 * n, "rss_mib": {"a": a[n], "w": 90.0 + n}, "pid": {"a": pids[n], "w": 2}}
        for n in range(len(a))
    ]
    drift = rss_drift(series, warm_up=60)
    # Its last start's samples after a minute; the lowest of the first and of the last three
    # (174 and 176: a hash's 64 MiB, borrowed for a moment).
    assert drift["a"] == {"after_warm_up": 110.0, "end": 112.0, "change": 2.0}
    assert drift["w"] == {"after_warm_up": 91.0, "end": 98.0, "change": 7.0}
