"""Matching settings (the ``[matching]`` table of the run configuration)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class MatchingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    threshold: float = Field(default=85.0, ge=0, le=100)
    list_thresholds: dict[str, float] = Field(default_factory=dict)
