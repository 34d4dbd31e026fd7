"""Akhbar: a crawler that collects Arabic news from outlets' feeds."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("akhbar")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
