"""What lists articles: feeds, sitemaps, feed discovery, feed health and polling, the run's date
window, and the tasks the worker pool runs for them. Knows nothing of Scrapy, the store or the CLI: may
import the shared vocabulary, ``crawler.net`` and ``crawler.extraction``.
"""
