"""Development: cache responses so re-running a crawl while changing extraction costs outlets nothing."""

from settings.base import *  # noqa: F403

HTTPCACHE_ENABLED = True
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_EXPIRATION_SECS = 6 * 3600
LOG_LEVEL = "DEBUG"
AKHBAR_STORE_URI = "sqlite:///data/dev.db"
