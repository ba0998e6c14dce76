"""The one reader of supplier files (CSV in any common encoding, XLSX, Parquet).

``read_suppliers(path)`` returns a ``SupplierFile`` of validated ``SupplierRecord``s;
``iter_supplier_chunks(path)`` yields the same records in bounded memory. Unusable input
raises ``screener.errors.InputError`` naming the file, row and column.
"""

from __future__ import annotations

from screener.inputs.reader import SupplierFile, iter_supplier_chunks, read_suppliers

__all__ = ["SupplierFile", "iter_supplier_chunks", "read_suppliers"]
