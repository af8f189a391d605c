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
    series = [
        {"at": 0, "rss_mib": {"a": 100.0, "w": 90.0}, "pid": {"a": 1, "w": 2}},
        {"at": 60, "rss_mib": {"a": 120.0, "w": 95.0}, "pid": {"a": 1, "w": 2}},
        {"at": 120, "rss_mib": {"a": 80.0, "w": 96.0}, "pid": {"a": 3, "w": 2}},
        {"at": 180, "rss_mib": {"a": 110.0, "w": 97.0}, "pid": {"a": 3, "w": 2}},
        {"at": 240, "rss_mib": {"a": 112.0, "w": 99.0}, "pid": {"a": 3, "w": 2}},
    ]
    drift = rss_drift(series, warm_up=60)
    assert drift["a"] == {"after_warm_up": 110.0, "end": 112.0, "change": 2.0}
    assert drift["w"] == {"after_warm_up": 95.0, "end": 99.0, "change": 4.0}
