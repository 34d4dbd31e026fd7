"""``python -m crawler.demo``: serve the demo outlets until Ctrl-C."""

from crawler.demo.server import main

main()
