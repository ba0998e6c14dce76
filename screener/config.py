"""Run configuration: weights, thresholds, tiers and list ages, loaded from TOML.

Every value has a documented default; ``--config PATH`` overrides any of them. The whole
configuration is recorded in the report's Methodology sheet and hashed into the JSON run.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from screener.errors import InputError
from screener.matching.config import MatchingConfig
from screener.risk.config import RiskConfig
from screener.workforce.config import WorkforceConfig

FailOn = Literal["low", "medium", "high", "critical", "none"]
MAX_CONFIG_BYTES = 1 << 20
M = TypeVar("M", bound=BaseModel)


class ListsConfig(BaseModel):
    """List freshness: a scan refuses lists older than their maximum age (exit 3)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    max_age_days: dict[str, int] = Field(
        default_factory=dict,
        description="per-list overrides of the source definitions' max_age_days",
    )
    custom_max_age_days: int = Field(
        default=90, gt=0, description="maximum age of a company's own lists"
    )


class Config(BaseModel):
    """The run configuration."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    fail_on: FailOn = Field(
        default="high",
        description="scan exits 1 when a supplier is at or above this tier (none: never)",
    )
    matching: MatchingConfig = Field(default_factory=MatchingConfig)
    risk: RiskConfig = Field(default_factory=RiskConfig)
    workforce: WorkforceConfig = Field(default_factory=WorkforceConfig)
    lists: ListsConfig = Field(default_factory=ListsConfig)

    def methodology(self) -> dict[str, Any]:
        """The configuration as plain data, for the report and the run hash."""
        return self.model_dump(mode="json")

    def sha256(self) -> str:
        blob = json.dumps(self.methodology(), sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()


def load_config(path: Path | None) -> Config:
    """The default configuration, overridden by a TOML file where one is given."""
    if path is None:
        return Config()
    path = Path(path)
    if not path.exists():
        raise InputError("no such file", file=str(path))
    if not path.is_file():
        raise InputError("not a regular file", file=str(path))
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise InputError(
            f"larger than {MAX_CONFIG_BYTES:,} bytes: not a configuration file", file=str(path)
        )
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise InputError("no such file", file=str(path)) from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"not a readable TOML file: {exc}", file=str(path)) from None
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"{where}: {first['msg']}", file=str(path)) from None
    # Absolute: ``rescreen`` reads the configuration as recorded, from wherever it runs.
    return _beside(config, path.absolute().parent)


def _beside(model: M, folder: Path) -> M:
    """``model`` with its relative file paths read from ``folder`` (the configuration
    file's), not from wherever the command runs: a CI job and a reviewer find the same
    files."""
    update: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            update[name] = _beside(value, folder)
        elif isinstance(value, Path) and not value.is_absolute():
            update[name] = folder / value
    return model.model_copy(update=update)


def reference_toml(model: BaseModel | None = None, prefix: str = "") -> str:
    """The configuration with every default and its description, as a TOML file.

    ``docs/configuration.md`` shows this text (a test keeps them equal); run
    ``python -m screener.config`` to print it.
    """
    model = model if model is not None else Config()
    lines: list[str] = []
    tables: list[tuple[str, BaseModel]] = []
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            tables.append((f"{prefix}{name}", value))
            continue
        if info.description:
            lines.append(f"# {info.description}")
        literal = _toml_value(value)
        lines.append(f"{name} = {literal}" if literal is not None else f"# {name} = (not set)")
    for table, sub in tables:
        doc = (type(sub).__doc__ or "").strip().splitlines()
        lines += ["", f"[{table}]"] + ([f"# {doc[0]}"] if doc else [])
        lines.append(reference_toml(sub, prefix=f"{table}.").rstrip("\n"))
    return "\n".join(lines).strip("\n") + "\n"


def _toml_value(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Path):
        return json.dumps(str(value))
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) or '""' for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    return json.dumps(str(value))


if __name__ == "__main__":
    import sys

    sys.stdout.write(reference_toml())
