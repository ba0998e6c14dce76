"""Risk settings (the ``[risk]`` table of the run configuration)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class RiskConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
