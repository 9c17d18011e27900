"""A minimal `.env` reader: `KEY=VALUE` lines; the real environment always wins."""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path

from entrypoints.settings import ConfigurationError


def parse_dotenv(text: str, source: str = ".env") -> dict[str, str]:
    values: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").lstrip()
        name, sep, value = line.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name.isidentifier():
            raise ConfigurationError(f"{source}:{number}: expected NAME=value, got {raw.strip()!r}")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        values[name] = value
    return values


def load_dotenv(
    path: str | os.PathLike[str] = ".env", environ: MutableMapping[str, str] | None = None
) -> dict[str, str]:
    """Fill `environ` (default `os.environ`) from the file, if it exists; return what was set."""
    environ = os.environ if environ is None else environ
    file = Path(path)
    if not file.is_file():
        return {}
    loaded = {
        name: value
        for name, value in parse_dotenv(file.read_text(encoding="utf-8"), str(file)).items()
        if name not in environ
    }
    environ.update(loaded)
    return loaded
