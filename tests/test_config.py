"""The run configuration: defaults documented, overrides validated with clear errors."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from screener.config import Config, load_config, reference_toml
from screener.errors import InputError
from screener.risk import RiskModel

DOC = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"


def test_reference_is_valid_toml_of_the_defaults() -> None:
    assert Config.model_validate(tomllib.loads(reference_toml())) == Config()


def test_the_documentation_shows_the_current_defaults() -> None:
    block = re.search(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert block is not None
    assert block.group(1) == reference_toml(), "regenerate: python -m screener.config"


def test_override_file_changes_only_what_it_names(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('fail_on = "critical"\n[risk.tiers]\nhigh = 65\n', encoding="utf-8")
    config = load_config(path)
    assert config.fail_on == "critical"
    assert config.risk.tiers.high == 65
    assert config.risk.tiers.critical == Config().risk.tiers.critical
    assert config.sha256() != Config().sha256()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fail_on = 'severe'\n", "fail_on: Input should be 'low', 'medium', 'high', 'critical'"),
        ("[risk]\nunknown_knob = 1\n", "risk.unknown_knob: Extra inputs are not permitted"),
        ("fail_on = \n", "not a readable TOML file"),
        # A weight that is not a number would turn every score into 100 (NaN wins max()).
        (
            "[risk.role_weights]\ncountry = nan\n",
            "risk.role_weights.country: Input should be a finite",
        ),
        (
            "[risk]\nworkforce_flag_points = inf\n",
            "risk.workforce_flag_points: Input should be a finite",
        ),
    ],
)
def test_bad_configuration_names_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_missing_configuration_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_config(tmp_path / "none.toml")


def test_the_documented_example_loads(tmp_path: Path) -> None:
    example = re.search(r"```\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert example is not None
    path = tmp_path / "example.toml"
    path.write_text(example.group(1), encoding="utf-8")
    config = load_config(path)
    assert config.matching.threshold_for("us_bis_dpl") == 90
    assert (config.fail_on, config.risk.tiers.high) == ("medium", 55)


def test_the_published_contract_is_the_one_we_ship() -> None:
    shared = DOC.parents[2] / "shared" / "CONTRACT.md"
    if not shared.is_file():
        pytest.skip("no ../shared/CONTRACT.md beside this checkout")
    ours = (DOC.parent / "CONTRACT.md").read_text(encoding="utf-8")
    assert ours.split("\n", 2)[2] == shared.read_text(encoding="utf-8")


def test_tier_cuts_must_rise(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[risk.tiers]\nhigh = 20\nmedium = 50\n", encoding="utf-8")
    with pytest.raises(InputError, match="tier cuts must rise: medium 50 < high 20"):
        load_config(path)


def test_relative_paths_are_read_from_the_configuration_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "compliance"
    folder.mkdir()
    overrides = folder / "my-countries.csv"
    overrides.write_text(
        "code,score,tier,source,date\ndk,,high,Own list,2025-01-01\n", encoding="utf-8"
    )
    (folder / "screener.toml").write_text(
        '[risk]\noverrides = "my-countries.csv"\n'
        f'[workforce]\nbenchmarks = "{(folder / "bench.csv").as_posix()}"\n',
        encoding="utf-8",
    )
    elsewhere = tmp_path / "job"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # a CI job running from another folder
    config = load_config(Path("../compliance/screener.toml"))
    assert config.risk.overrides is not None
    assert config.risk.overrides.resolve() == overrides.resolve()
    assert RiskModel.default(config.risk).score("dk").tier == "high"
    # An absolute path stays as written.
    assert config.workforce.benchmarks == folder / "bench.csv"
    # As a run records it for ``rescreen``, which may run from yet another folder.
    recorded = Config.model_validate(config.methodology())
    monkeypatch.chdir(tmp_path)
    assert RiskModel.default(recorded.risk).score("dk").tier == "high"
