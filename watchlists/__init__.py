"""Data as data: watchlist source definitions and curated tables (installed as
``screener.watchlists``)."""
