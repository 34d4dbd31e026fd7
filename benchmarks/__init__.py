"""Benchmarks: extraction quality against hand-made truth (``make bench-extract``) and throughput."""
