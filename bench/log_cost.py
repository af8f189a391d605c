"""What the access log costs, measured in pairs: the same request against Folio with the log on
and at LOG_LEVEL=WARNING, one right after the other, the order swapped each pair so that drift
hits both alike. The scenario table's log-cost column compares one best 10 s window per server,
which moves by 10 % and more either way on a shared machine; the median of several pairs does
not."""

import statistics
from collections.abc import Callable

from bench.wrk import run


def log_cost(
    logged: str,
    quiet: str,
    path: str,
    lua: str,
    *,
    pairs: int,
    seconds: int,
    connections: int,
    settle: Callable[[], None],
) -> dict[str, object]:
    costs = []
    for pair in range(pairs):
        order = (logged, quiet) if pair % 2 == 0 else (quiet, logged)
        rates = {}
        for origin in order:
            settle()
            run(origin + path, lua, seconds=1, connections=connections)  # warm-up
            rates[origin] = run(
                origin + path, lua, seconds=seconds, connections=connections
            ).requests_per_second
        costs.append(1 - rates[logged] / max(rates[quiet], 1e-9))
    return {
        "path": path,
        "pairs": pairs,
        "seconds": seconds,
        "median": round(statistics.median(costs), 3),
        "each": [round(cost, 3) for cost in costs],
    }
