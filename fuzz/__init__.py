"""Fuzz targets for the supplier reader and every list parser (see README.md)."""
