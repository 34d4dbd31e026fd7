"""The WARC archive of a crawl: record building, file naming and rolling, crash recovery, the payload-digest
table behind revisit records, and CDXJ indexing. Scrapy-free; may import the shared vocabulary and the
floors up to ``crawler.store`` (it sits beside the store, whose spool path it derives its folder from).
"""
