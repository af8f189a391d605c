"""The service's Prometheus instruments. With PROMETHEUS_MULTIPROC_DIR set (`folio serve
--workers N` sets it), each process writes its values to files there and a scrape adds them
up: gauges of things in progress count only live processes ("livesum")."""

from prometheus_client import Counter, Gauge, Histogram

REQUESTS = Counter(
    "folio_http_requests",
    "HTTP requests answered, by method, route template and status class (2xx, 4xx, ...).",
    ["method", "route", "status"],
)
REQUEST_SECONDS = Histogram(
    "folio_http_request_duration_seconds",
    "Time from the request's arrival to the end of its response, by method and route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
POOL_IN_USE = Gauge(
    "folio_db_pool_connections_in_use",
    "Database connections checked out of the pool (requests: the service's; outbox: the worker's).",
    ["pool"],
    multiprocess_mode="livesum",
)
POOL_WAITING = Gauge(
    "folio_db_pool_waiting",
    "Units of work waiting for a database connection from the pool.",
    ["pool"],
    multiprocess_mode="livesum",
)
POOL_TIMEOUTS = Counter(
    "folio_db_pool_timeouts",
    "Waits for a pooled connection that gave up after DB_POOL_TIMEOUT_SECONDS (answered 503).",
    ["pool"],
)
PASSWORD_HASHES = Gauge(
    "folio_password_hashes_in_progress",
    "Password hashes and verifications running or queued for a hashing thread.",
    multiprocess_mode="livesum",
)
THROTTLED = Counter(
    "folio_throttled_requests",
    "Requests refused with 429 by a throttling limit, by limit.",
    ["limit"],
)
THROTTLE_COUNTING_IN_REDIS = Gauge(
    "folio_throttle_counting_in_redis",
    "1 while the throttle counts attempts in Redis (REDIS_URL); 0 while it counts in this "
    "process, without REDIS_URL or while Redis cannot be reached (the lowest of all processes).",
    multiprocess_mode="livemin",
)
LIVE_CONNECTIONS = Gauge(
    "folio_live_connections",
    "Open live-update WebSocket connections.",
    multiprocess_mode="livesum",
)
HANDLED = Counter(
    "folio_worker_handled",
    "Events a worker's handler was given, by handler and outcome (done, failed: retried later).",
    ["handler", "outcome"],
)
HANDLER_SECONDS = Histogram(
    "folio_worker_handler_duration_seconds",
    "Time a handler took with one event, by handler.",
    ["handler"],
    buckets=(0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 30.0),
)
