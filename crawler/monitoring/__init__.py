"""Monitoring of crawls over time: the run record built from a crawl's stats, expectations learned per
source from the run history, alert rules and their notifications, reports (text, JSON, HTML with SVG
charts) and Prometheus metrics. Scrapy-free; may import the shared vocabulary, ``crawler.listings`` and
``crawler.store`` (it reads the store), never ``crawler.app``.
"""
