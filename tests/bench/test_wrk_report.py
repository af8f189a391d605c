"""The benchmark reads wrk's report; a misread figure would be a wrong claim."""

import pytest

from bench.scenarios import Scenario, Tokens
from bench.sustained import holds, rotating_script, server_errors
from bench.wrk import Load, parse

REPORT = """Running 10s test @ http://127.0.0.1:8000/api/v1/posts
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    45.10ms   12.00ms 200.00ms   80.00%
    Req/Sec   700.00     50.00   800.00     70.00%
  Latency Distribution
     50%   42.50ms
     75%   50.00ms
     90%   60.00ms
     99%    1.20s
  14000 requests in 10.00s, 20.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   1400.50
Transfer/sec:      2.00MB
"""


def test_requests_percentiles_and_errors_are_read_with_their_units() -> None:
    load = parse(REPORT)
    assert load.requests_per_second == 1400.50
    assert (load.p50_ms, load.p99_ms) == (42.5, 1200.0)
    assert load.errors == 7


def test_microsecond_latencies_are_converted() -> None:
    load = parse(REPORT.replace("42.50ms", "950.00us"))
    assert load.p50_ms == pytest.approx(0.95)


def test_a_scenario_script_sends_its_method_headers_and_body() -> None:
    tokens = Tokens(v1="V1", conduit="CONDUIT")
    script = Scenario("x", "POST", "/api/v1/p", authenticated=True, body={"a": "b"}).lua(tokens)
    assert 'wrk.method = "POST"' in script
    assert 'wrk.headers["Authorization"] = "Bearer V1"' in script
    assert 'wrk.body = "{\\"a\\": \\"b\\"}"' in script


def test_a_conduit_scenario_sends_the_conduit_token() -> None:
    script = Scenario("x", "GET", "/api/user", authenticated=True).lua(Tokens("V1", "CONDUIT"))
    assert 'wrk.headers["Authorization"] = "Token CONDUIT"' in script


def test_the_sustained_run_reads_the_5xx_count_its_script_printed() -> None:
    assert server_errors(REPORT + "Server errors: 3\n") == 3
    with pytest.raises(ValueError, match="no count of server errors"):
        server_errors(REPORT)


def test_the_sustained_run_holds_only_without_5xx_and_with_a_short_tail() -> None:
    steady = Load(requests_per_second=800, p50_ms=70, p99_ms=160, errors=0)
    assert holds(steady, 0)
    assert not holds(steady, 1)
    assert not holds(Load(requests_per_second=800, p50_ms=70, p99_ms=2400, errors=0), 0)


def test_the_sustained_run_sends_each_read_in_turn_with_its_own_authorization() -> None:
    plan = [Scenario("a", "GET", "/api/v1/users/me", True), Scenario("b", "GET", "/api/tags")]
    script = rotating_script(plan, Tokens(v1="v1-token", conduit="conduit-token"))
    assert '"/api/v1/users/me", {["Authorization"] = "Bearer v1-token"}' in script
    assert 'wrk.format("GET", "/api/tags", {})' in script
    assert "function init(args)" in script
