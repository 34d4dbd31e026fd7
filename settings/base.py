"""Every Akhbar setting, once, grouped and commented; profiles (dev, prod, test) hold differences only.

Scrapy defaults are not repeated here. Secrets, if any are ever needed, come from the environment.
"""

import os

from crawler.net.useragent import user_agent

BOT_NAME = "akhbar"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# --- Akhbar ---------------------------------------------------------------------------------------
# Sources file (None: the registry shipped in crawler/data/sources.toml) and ids to crawl (all enabled).
AKHBAR_SOURCES_FILE = None
AKHBAR_SOURCE_IDS: list[str] = []
# Where articles go: a storage URI (sqlite:///relative.db, sqlite:////absolute.db).
AKHBAR_STORE_URI = "sqlite:///data/akhbar.db"
# When the store fails (locked for long, disk full, read-only file), articles are not dropped: they are
# kept in this JSON Lines file and stored by the next run before it crawls (None: <database>.spool.jsonl
# beside a SQLite file, else data/spool.jsonl).
AKHBAR_SPOOL_FILE: str | None = None
# Seconds a write waits for another process's lock on the database before it fails and is spooled.
AKHBAR_STORE_BUSY_TIMEOUT = 30.0
# After a failed write, articles go straight to the spool for this many seconds before the store is
# tried again: a locked database would otherwise stall the crawl for the busy timeout on every article.
AKHBAR_STORE_RETRY_AFTER = 60.0
# Articles written per transaction, and the longest an article waits for its batch (seconds).
AKHBAR_STORE_BATCH = 50
AKHBAR_STORE_BATCH_DELAY = 0.2
# Batches are written by a thread of their own, on its own connection: the reactor keeps downloading
# while SQLite (which releases the GIL) writes.
AKHBAR_STORE_WRITER_THREAD = True
# Keep each article's HTTP response (compressed) so it can be re-extracted later.
AKHBAR_KEEP_RAW = True
# WARC archive of every HTTP exchange (feeds, sitemaps, robots.txt, pages, redirects, errors), as
# received, for replay (README "Archiving"). None: warc/ beside the database (data/warc); "" turns it off.
AKHBAR_WARC_DIR: str | None = None
# A WARC file is closed and the next one started once it holds this many bytes (gzip).
AKHBAR_WARC_MAX_SIZE = 1_000_000_000
# Articles shorter than this (characters of body) are dropped as body_too_short.
AKHBAR_MIN_BODY_CHARS = 200
# Articles each feed or sitemap takes per run, newest first (0: no cap); the rest stay pending in the
# store and later runs fetch them (crawler/listings/backlog.py).
AKHBAR_MAX_ENTRIES_PER_FEED = 100
# Incremental crawling. Feeds are polled adaptively between these bounds (seconds) and disabled once
# their weighted failures reach AKHBAR_FEED_DISABLE_AFTER (a hard error counts 1, a timeout 0.5);
# AKHBAR_FEED_SCHEDULE = False asks every enabled feed on every run, due or not.
AKHBAR_FEED_MIN_INTERVAL = 15 * 60
AKHBAR_FEED_MAX_INTERVAL = 24 * 3600
AKHBAR_FEED_DISABLE_AFTER = 10.0
AKHBAR_FEED_SCHEDULE = True
# Only articles published after this (ISO date) / within this many hours are fetched (None: all).
AKHBAR_SINCE: str | None = None
AKHBAR_MAX_AGE_HOURS: float | None = None
# Backfill mode (`akhbar backfill`): when set (ISO date), the spider walks the sources' sitemap indexes
# and archive sitemaps instead of their feeds, fetching every listed article published from this date
# (to AKHBAR_BACKFILL_UNTIL, inclusive, when set) that is not stored yet; no feed scheduling, no entry cap.
AKHBAR_BACKFILL_SINCE: str | None = None
AKHBAR_BACKFILL_UNTIL: str | None = None
# Stored articles younger than this many hours are fetched again (None: each source's revisit_hours).
AKHBAR_REVISIT_HOURS: float | None = None
# Extraction worker processes (None: one per core; 0: in-process on the reactor thread, for debugging)
# and the cap on one page's extraction in seconds: a page over it is counted as failed, the crawl goes on.
AKHBAR_EXTRACT_WORKERS: int | None = None
AKHBAR_EXTRACT_TIMEOUT = 20.0
# Pages a worker extracts before it is replaced by a fresh process (bounds what lxml and trafilatura
# caches hold; a worker's start costs about half a second of CPU, so not too often).
AKHBAR_EXTRACT_MAX_TASKS = 5000
# Contact URL sent in the User-Agent so site owners can reach the operator.
# Operators set theirs: AKHBAR_CONTACT_URL in the environment, or `akhbar crawl --set AKHBAR_CONTACT_URL=…`.
AKHBAR_CONTACT_URL = os.environ.get("AKHBAR_CONTACT_URL", "https://github.com/akhbar-news/akhbar")

# --- Politeness -----------------------------------------------------------------------------------
USER_AGENT = user_agent(AKHBAR_CONTACT_URL)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# --- Shared crawl (`akhbar crawl --queue redis://HOST:PORT/N`; README "Scaling out") ----------------------
# The Redis of the shared crawl (None: an ordinary crawl, its queue in memory) and the prefix of its keys:
# workers with the same URL and prefix share one crawl; another prefix is another crawl.
AKHBAR_QUEUE_URL: str | None = None
AKHBAR_QUEUE_PREFIX = "akhbar"
# A worker leaves once the shared queue has been empty, and no worker busy, for this many seconds.
AKHBAR_QUEUE_IDLE = 30.0
# Seconds a worker's lease lasts (renewed three times per lease): after a worker dies, its unfinished
# requests go back to the queue this long after its last heartbeat.
AKHBAR_QUEUE_LEASE = 30.0
# Seconds between two looks at the shared queue when this worker has nothing to do.
AKHBAR_QUEUE_POLL = 0.5
# Per-outlet politeness over all the workers (per host and port), on top of each process's own limits.
AKHBAR_QUEUE_CONCURRENCY_PER_DOMAIN = 2
AKHBAR_QUEUE_DOWNLOAD_DELAY = 0.5

# --- Never hang, never balloon --------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30
DNS_TIMEOUT = 15
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_TIMES = 2
# 429/503 with Retry-After: wait what the outlet asks, up to this many seconds, before retrying.
AKHBAR_RETRY_AFTER_MAX = 120.0
REDIRECT_MAX_TIMES = 5
# Stop a run that goes on far longer than a scheduled crawl should (seconds; the CLI can override).
CLOSESPIDER_TIMEOUT = 3 * 3600

# Outputs of one callback processed at once. Scrapy starts this many asyncio workers per callback
# however few outputs it has; ours yield one article (or a feed's requests), and the pipelines are
# synchronous, so the default 100 was pure overhead (a third of the crawl process's CPU).
CONCURRENT_ITEMS = 1

# --- Components -----------------------------------------------------------------------------------
# Before Scrapy's RetryMiddleware (550) in response order: a Retry-After is honoured, not retried at once.
DOWNLOADER_MIDDLEWARES = {
    # First of all: no request to private addresses or non-web schemes, redirects included.
    "spiders.guard.NetworkGuardMiddleware": 40,
    "spiders.middlewares.RetryAfterMiddleware": 560,
    # Next to the downloader (above the cache, 900; compression, 590; redirects, 600; retries, 550): every
    # hop and retry is archived with its body as received, before it is decompressed.
    "spiders.warc.WarcMiddleware": 950,
    # Shared crawl only (else not configured): the shared per-outlet politeness, just before the download;
    # and, last to see an error, the request that failed for good told finished (spiders/sharedcrawl.py).
    "spiders.politeness.SharedPolitenessMiddleware": 900,
    "spiders.sharedcrawl.FinishedDownloads": 1,
}
# Shared crawl only: the seeding claim, and requests told finished once their items are stored.
SPIDER_MIDDLEWARES = {"spiders.sharedcrawl.FinishedRequests": 10}
# Only http(s) is ever fetched: the other handlers are switched off (a file:// or ftp:// link is refused).
DOWNLOAD_HANDLERS = {"file": None, "data": None, "s3": None, "ftp": None}
ITEM_PIPELINES = {
    "pipelines.clean.CleanPipeline": 100,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.attribute.AttributePipeline": 300,
    "pipelines.dedupe.DedupePipeline": 400,
    "pipelines.store.StorePipeline": 500,
}
EXTENSIONS = {
    "crawler.app.progress.ProgressExtension": 500,
    # Known download failures (DNS, refused, timeout) logged by Scrapy as one line, not a traceback.
    "crawler.app.quietlog.QuietFailures": 0,
    "scrapy.extensions.telnet.TelnetConsole": None,
    # Scrapy's feed exports (`scrapy crawl feeds -O articles.jsonl`, FEEDS) with our defaults: articles
    # only, their public fields (spiders/feedexport.py).
    "scrapy.extensions.feedexport.FeedExporter": None,
    "spiders.feedexport.ArticleFeedExporter": 0,
    # Spidermon's extension (spiders/monitors.py), not configured (no cost) unless SPIDERMON_ENABLED.
    "spiders.monitors.AkhbarSpidermon": 510,
    # Shared crawl only: heartbeats, dead workers' requests put back, leaving when the shared queue is idle.
    "spiders.sharedcrawl.SharedCrawl": 0,
    # The run history (spiders/runrecord.py): every crawl recorded in the store when it ends.
    "spiders.runrecord.RunRecorder": 520,
}
# `scrapy check feeds`: @page SOURCE_ID PATH builds an article request with its cb_kwargs.
SPIDER_CONTRACTS = {"spiders.contracts.PageContract": 10}
# CSV exports write the raw capture (AKHBAR_EXPORT_RAW) as one JSON cell.
FEED_EXPORTERS = {"csv": "spiders.feedexport.CsvExporter"}
# Feed exports include each article's raw HTTP response (a `raw` object, body in base64); off: public fields.
AKHBAR_EXPORT_RAW = False
# Seconds between progress reports (a redrawn table on a terminal, log lines otherwise).
AKHBAR_PROGRESS_INTERVAL = 5.0

# --- Monitoring (Spidermon; README "Spidermon") ----------------------------------------------------
# Off here; the prod profile switches it on. When on, AkhbarMonitorSuite runs as the spider closes and
# writes its report beside the crawl log (AKHBAR_MONITOR_REPORT: None gives <LOG_FILE>.monitors.txt,
# or data/logs/monitors.txt without a log file).
SPIDERMON_ENABLED = False
SPIDERMON_SPIDER_CLOSE_MONITORS = ["spiders.monitors.AkhbarMonitorSuite"]
AKHBAR_MONITOR_REPORT: str | None = None
# Articles (new or updated) each source must store in a run; 0 switches the check off.
AKHBAR_MONITOR_MIN_STORED = 1
# Article pages and feeds that may fail in a run before the monitors fail it.
AKHBAR_MONITOR_MAX_PAGES_FAILED = 10
AKHBAR_MONITOR_MAX_FEEDS_FAILED = 0
# Log lines at ERROR level allowed, and the finish reasons that count as a good end.
SPIDERMON_MAX_ERRORS = 0
SPIDERMON_EXPECTED_FINISH_REASONS = ["finished"]
# Share of stored articles (Article items; refused pages are counted apart) with each field filled.
SPIDERMON_ADD_FIELD_COVERAGE = True
SPIDERMON_FIELD_COVERAGE_SKIP_NONE = True
SPIDERMON_FIELD_COVERAGE_RULES = {"Article/headline": 1.0, "Article/body": 1.0, "Article/published_at": 0.8}

# --- Run history, alerts, metrics (crawler/monitoring; README "Monitoring") ----------------------------
# Every crawl is recorded in the store's run history (spiders/runrecord.py), and runs older than
# AKHBAR_RUNS_KEEP_DAYS are forgotten when a run is recorded.
AKHBAR_RUNS_RECORD = True
AKHBAR_RUNS_KEEP_DAYS = 90.0
# Prometheus metrics written after each run for node_exporter's textfile collector (None: not written).
AKHBAR_METRICS_TEXTFILE: str | None = None
# Alert rules (`akhbar alerts`, `akhbar crawl --alerts`; crawler/monitoring/rules.py): the recent window
# judged; silence beyond SILENCE_FACTOR usual gaps (and MIN_HOURS); volume under VOLUME_RATIO of the
# expected (when at least VOLUME_MIN_EXPECTED); refusal/fallback shares above the usual by SHARE_JUMP
# and SHARE_MAD_FACTOR deviations over SHARE_MIN_PAGES; FUTURE_MIN articles dated over a day ahead; PAST_MIN
# articles (and PAST_SHARE of them) dated PAST_DAYS before their fetch; no run for SCHEDULE_HOURS
# (0: three times the usual interval between runs).
AKHBAR_ALERT_WINDOW_HOURS = 24.0
AKHBAR_ALERT_SILENCE_FACTOR = 3.0
AKHBAR_ALERT_SILENCE_MIN_HOURS = 6.0
AKHBAR_ALERT_VOLUME_RATIO = 0.3
AKHBAR_ALERT_VOLUME_MIN_EXPECTED = 5.0
AKHBAR_ALERT_SHARE_JUMP = 0.2
AKHBAR_ALERT_SHARE_MAD_FACTOR = 4.0
AKHBAR_ALERT_SHARE_MIN_PAGES = 5
AKHBAR_ALERT_FUTURE_MIN = 1
AKHBAR_ALERT_PAST_DAYS = 30.0
AKHBAR_ALERT_PAST_MIN = 3
AKHBAR_ALERT_PAST_SHARE = 0.5
AKHBAR_ALERT_SCHEDULE_HOURS = 0.0
# Mail for `--notify mailto:…`: the SMTP server, from the environment; the password is read from
# AKHBAR_SMTP_PASSWORD in the environment when mail is sent, never from a settings file.
AKHBAR_SMTP_HOST = os.environ.get("AKHBAR_SMTP_HOST", "localhost")
AKHBAR_SMTP_PORT = int(os.environ.get("AKHBAR_SMTP_PORT", "25"))
AKHBAR_SMTP_FROM = os.environ.get("AKHBAR_SMTP_FROM", "akhbar@localhost")
AKHBAR_SMTP_USER = os.environ.get("AKHBAR_SMTP_USER")
AKHBAR_SMTP_STARTTLS = os.environ.get("AKHBAR_SMTP_STARTTLS", "").lower() in {"1", "true", "yes"}

# --- Logging --------------------------------------------------------------------------------------
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
