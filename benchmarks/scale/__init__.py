"""Scale benchmark: a million generated partners against every real list, on this machine."""
