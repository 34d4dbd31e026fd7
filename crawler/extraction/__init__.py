"""From a page's bytes to an ``Article``: decoding, declared metadata, article-or-listing evidence,
boilerplate, bylines, dates, the body, the worker pool that runs it, and the finishing every article
gets. Knows nothing of Scrapy, the store or the CLI: may import the shared vocabulary and ``crawler.net``.
"""
