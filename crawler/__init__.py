"""Akhbar: a crawler that collects Arabic news from outlets' feeds.

The library, in floors; a module imports only from its own floor or lower ones (tests/unit/test_layout.py):

* the shared vocabulary, here at the top of the package: ``items`` (the ``Article``, the refused page,
  the feed entry), ``sources`` and ``selectors`` (the registry), ``arabic`` (text functions), ``urls``,
  ``stats`` (the stats keys) and ``errors`` (failure words); beside them ``search``, the Arabic
  analysis (folding, light stemming) and the query language every store's search uses;
* ``net``: the address guard, the user agent, Retry-After;
* ``extraction``: page bytes to an ``Article``;
* ``listings``: feeds, sitemaps, discovery, feed health, the date window;
* ``store`` and ``archive``: the ``Store`` interface and its backends, spool, export, rendering, feed
  bookkeeping; the WARC archive of every exchange;
* ``app`` and ``demo``: the commands, the runner, the summary; the demo outlets.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("akhbar")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
