"""The review loop: reviewer decisions on alerts and the history of runs, kept in the
embedded database of the data directory."""
