"""Watchlists: official formats in, versioned entities out.

``formats/`` holds one parser per official format, ``sources`` the source definitions in
``watchlists/``, ``store`` the versioned embedded store and ``fetch`` the only network code.
"""
