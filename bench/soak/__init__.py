"""`make soak`: Folio as deployed (two instances and a worker behind nginx, on PostgreSQL and
Redis) under mixed load for SOAK_MINUTES while its parts fail one after another; it reports,
per phase, acknowledged writes lost and duplicated, error rates, latency and memory."""
