"""Metrics of several serving processes: prometheus_client's multiprocess mode."""

import contextlib
import os
import tempfile
from collections.abc import Iterator

FOLDER_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


@contextlib.contextmanager
def shared_by_workers(workers: int) -> Iterator[None]:
    """With several workers, each writes its metrics to files in one folder, and the one that
    answers a scrape adds them up. The folder must start empty (prometheus_client's
    documentation): a new one for each run, removed at exit. The variable must be set before
    the workers import prometheus_client; a folder the operator names is left to them."""
    if workers == 1 or FOLDER_VARIABLE in os.environ:
        yield
        return
    with tempfile.TemporaryDirectory(prefix="folio-metrics-") as folder:
        os.environ[FOLDER_VARIABLE] = folder
        try:
            yield
        finally:
            del os.environ[FOLDER_VARIABLE]
