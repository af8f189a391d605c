"""What the throttle reports: refusals by limit, and where attempts are counted."""

from entrypoints.observability.metrics.instruments import THROTTLE_COUNTING_IN_REDIS, THROTTLED


def count_refusal(limit: str) -> None:
    THROTTLED.labels(limit).inc()


def show_where_counted(in_redis: bool) -> None:
    THROTTLE_COUNTING_IN_REDIS.set(1 if in_redis else 0)
