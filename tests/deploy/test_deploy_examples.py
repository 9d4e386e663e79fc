"""deploy/: the example settings file names every setting with its true default, and the systemd units start
commands that exist."""

from __future__ import annotations

import configparser
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, SecretStr

from cli.main import COMMANDS
from core.settings import SatarkSettings, load_settings
from tests.conftest import REPO

DEPLOY = REPO / "deploy"
_SETTING = re.compile(r"^#(\s*[a-z_]+:(\s|$).*)$")


def uncommented(path: Path) -> str:
    """The example with its commented-out settings switched on (prose comments stay comments)."""
    return "\n".join(m.group(1)[1:] if (m := _SETTING.match(line)) else line for line in path.read_text().splitlines())


def leaves(model: type[BaseModel], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel):
            out.update(leaves(field.annotation, f"{prefix}{name}."))
        else:
            out[f"{prefix}{name}"] = field.default
    return out


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and value and key != "style_thresholds":
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def test_the_example_settings_name_every_setting_with_its_default(tmp_path: Path) -> None:
    switched_on = yaml.safe_load(uncommented(DEPLOY / "satark.yaml"))
    example = flatten(switched_on)
    declared = leaves(SatarkSettings)
    assert set(example) == set(declared), "deploy/satark.yaml and core/settings.py name different settings"
    for name, default in declared.items():
        if name == "home":
            continue  # the server's data folder, not the default ./satark-data
        value = example[name]
        default = default.get_secret_value() if isinstance(default, SecretStr) else default
        expected = float(default) if isinstance(default, float) else str(default) if isinstance(default, Path) else default
        assert value == expected, f"{name}: the example says {value!r}, the default is {default!r}"
    config = tmp_path / "satark.yaml"
    config.write_text(uncommented(DEPLOY / "satark.yaml"), encoding="utf-8")
    assert load_settings(config).scheduler.backup_time == "02:30"  # and the settings loader accepts it whole


def test_the_units_start_satark_commands_that_exist() -> None:
    for unit, command in (("satark-desk.service", "serve"), ("satark-scheduler.service", "scheduler")):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.read(DEPLOY / unit)
        exec_start = parser["Service"]["ExecStart"].split()
        assert exec_start[0].endswith("/satark") and exec_start[1] == command and command in COMMANDS
        environment = [line for line in (DEPLOY / unit).read_text().splitlines() if line.startswith("Environment=")]
        assert parser["Service"]["User"] == "satark" and "Environment=SATARK_CONFIG=/etc/satark/satark.yaml" in environment
