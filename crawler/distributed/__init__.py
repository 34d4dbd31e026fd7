"""A crawl shared by several processes through Redis (``akhbar crawl --queue redis://…``): key naming,
the workers' leases, the seeding claim, the reliable hand-off of queued requests, shared politeness and
idle detection.

Scrapy-free (spiders/queue.py and spiders/politeness.py are the Scrapy glue). Floor 4, beside the store:
imports the vocabulary (floor 0) and redis-py only.
"""
