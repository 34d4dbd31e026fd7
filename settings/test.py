"""Loopback outlets (tests and ``akhbar demo``): no delays, no retries, short timeouts."""

from settings.base import *  # noqa: F403

CONCURRENT_REQUESTS_PER_DOMAIN = 16
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = False
RETRY_TIMES = 0
DOWNLOAD_TIMEOUT = 10
CLOSESPIDER_TIMEOUT = 300
LOG_LEVEL = "WARNING"
