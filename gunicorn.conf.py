"""gunicorn reads ./gunicorn.conf.py by default: tell the app how many workers share it.

The app refuses per-process (memory) rate-limit counters in production with more than one
worker (marketplace/config.py, check_rate_limit_storage); it learns the count from
WEB_CONCURRENCY, exported here before the workers are forked.
"""

import os


def on_starting(server) -> None:
    """Export the worker count to the workers' environment."""
    os.environ["WEB_CONCURRENCY"] = str(server.cfg.workers)
