"""Search, backend-neutral: the one Arabic analysis (folding, light stemming) used at index and query
time, the query language and its parser, and snippets with the matched words marked. Stores compile a
parsed ``Query`` to their own index (``crawler.store.sqlite_search`` for FTS5). May import only the
shared vocabulary (``crawler.arabic``); never the store.
"""
