"""The top floor: the ``akhbar`` commands, the crawl runner, the run lock, ``--every``, the live
progress table, the summary and re-extraction. May import every other package; none imports it.
"""
