"""One module per command group: call the library, render the result, choose the exit code.

``screener/cli.py`` only declares the options and hands over to these functions.
"""
