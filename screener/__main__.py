"""``python -m screener``: the ``screener`` command."""

from screener.cli import main

main()
