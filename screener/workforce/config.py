"""Workforce inclusion settings (the ``[workforce]`` table of the run configuration)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class WorkforceConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
