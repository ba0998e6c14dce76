"""screener: supply-chain due-diligence screening against official watchlists,
atrocity-risk jurisdictions and workforce inclusion evidence."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("screener")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
