"""Readers for the deployment files, for tests that cannot run Docker, Compose or Dokku here.

Each follows the rules of its format as far as our files use them, and refuses what it does
not understand (rather than reading it wrong): the Dockerfile's instructions and continuation
lines, Compose's variable interpolation, `.dockerignore` patterns.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = PROJECT_ROOT / "Dockerfile"
DOCKERIGNORE = PROJECT_ROOT / ".dockerignore"
COMPOSE_FILE = PROJECT_ROOT / "docker-compose.yaml"
APP_JSON = PROJECT_ROOT / "app.json"
ENV_EXAMPLE = PROJECT_ROOT / ".env.example"


# --- Dockerfile -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Instruction:
    keyword: str  # upper case: FROM, RUN, COPY, ...
    arguments: str  # the rest of the (joined) line
    stage: int  # index of the FROM it belongs to


@dataclass(frozen=True)
class Stage:
    index: int
    image: str
    name: str | None
    instructions: tuple[Instruction, ...]

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]


@dataclass(frozen=True)
class Copy:
    sources: tuple[str, ...]
    destination: str
    flags: Mapping[str, str] = field(default_factory=dict)


def dockerfile_instructions(text: str) -> list[Instruction]:
    """Logical lines: comments dropped, `\\`-continued lines joined (the default escape)."""
    instructions: list[Instruction] = []
    stage = -1
    pending = ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and not pending):
            continue
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        line = (pending + raw).strip()
        pending = ""
        if not line:
            continue
        keyword, _, arguments = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            stage += 1
        if stage < 0:
            if keyword != "ARG":
                raise ValueError(f"{keyword} before the first FROM")
            continue
        instructions.append(Instruction(keyword, arguments.strip(), stage))
    if pending:
        raise ValueError("the Dockerfile ends with a continuation line")
    return instructions


def dockerfile_stages(text: str) -> list[Stage]:
    instructions = dockerfile_instructions(text)
    stages: list[Stage] = []
    for index in sorted({i.stage for i in instructions}):
        own = tuple(i for i in instructions if i.stage == index)
        words = own[0].arguments.split()
        words = [w for w in words if not w.startswith("--")]
        name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
        if len(words) not in (1, 3):
            raise ValueError(f"cannot read FROM {own[0].arguments!r}")
        stages.append(Stage(index, words[0], name, own))
    return stages


def _flags_and_rest(arguments: str) -> tuple[dict[str, str], str]:
    flags: dict[str, str] = {}
    rest = arguments
    while rest.startswith("--"):
        flag, _, rest = rest.partition(" ")
        name, _, value = flag[2:].partition("=")
        flags[name] = value
        rest = rest.lstrip()
    return flags, rest


def parse_copy(instruction: Instruction) -> Copy:
    flags, rest = _flags_and_rest(instruction.arguments)
    words = json.loads(rest) if rest.startswith("[") else shlex.split(rest)
    if len(words) < 2:
        raise ValueError(f"COPY needs a source and a destination: {instruction.arguments!r}")
    return Copy(tuple(words[:-1]), words[-1], flags)


def exec_form(arguments: str) -> list[str]:
    """The JSON ("exec") form of CMD, ENTRYPOINT or HEALTHCHECK's CMD; a shell form is refused."""
    value = json.loads(arguments)
    if not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
        raise ValueError(f"not an exec form: {arguments!r}")
    return value


def parse_healthcheck(instruction: Instruction) -> tuple[dict[str, str], list[str]]:
    flags, rest = _flags_and_rest(instruction.arguments)
    keyword, _, command = rest.partition(" ")
    if keyword.upper() != "CMD":
        raise ValueError(f"HEALTHCHECK without CMD: {instruction.arguments!r}")
    return flags, exec_form(command.strip())


def parse_env(instruction: Instruction) -> dict[str, str]:
    values: dict[str, str] = {}
    for word in shlex.split(instruction.arguments):
        name, sep, value = word.partition("=")
        if not sep:
            raise ValueError(f"ENV in the legacy `ENV NAME value` form: {instruction.arguments!r}")
        values[name] = value
    return values


# --- .dockerignore --------------------------------------------------------------------------


def dockerignore_patterns(text: str) -> list[str]:
    patterns = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("!"):
            raise ValueError(f"exceptions (!) are not understood here: {line!r}")
        patterns.append(line.strip("/"))
    return patterns


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        elif pattern[i] == "[":
            end = pattern.index("]", i)
            out += pattern[i : end + 1]
            i = end + 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile(out)


def is_ignored(path: str, patterns: list[str]) -> bool:
    """Docker leaves out a path matched by a pattern, or inside a directory that is."""
    parts = Path(path).parts
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    return any(_pattern_regex(p).fullmatch(prefix) for p in patterns for prefix in prefixes)


# --- Compose --------------------------------------------------------------------------------

_INTERPOLATION = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:-|-)(?P<default>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*)|(?P<invalid>))"
)


def interpolate(value: str, env: Mapping[str, str]) -> str:
    """Compose's `${NAME}`, `${NAME:-default}` (unset or empty), `${NAME-default}` (unset),
    `$NAME` and `$$`; anything else is refused."""

    def substitute(match: re.Match[str]) -> str:
        if match.group("escaped"):
            return "$"
        if match.group("invalid") is not None and match.group(0) == "$":
            raise ValueError(f"cannot interpolate {value!r}")
        name = match.group("braced") or match.group("bare")
        current = env.get(name)
        op = match.group("op")
        if op == ":-" and not current:
            return match.group("default")
        if op == "-" and current is None:
            return match.group("default")
        return current or ""

    return _INTERPOLATION.sub(substitute, value)


def interpolated(node: Any, env: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        return interpolate(node, env)
    if isinstance(node, list):
        return [interpolated(item, env) for item in node]
    if isinstance(node, dict):
        return {key: interpolated(item, env) for key, item in node.items()}
    return node


def variables_without_default(node: Any) -> set[str]:
    """Names used as `${NAME}` or `$NAME`, with no default: these need configuration."""
    if isinstance(node, str):
        return {
            m.group("braced") or m.group("bare")
            for m in _INTERPOLATION.finditer(node)
            if (m.group("braced") and not m.group("op")) or m.group("bare")
        }
    if isinstance(node, list):
        return set().union(*(variables_without_default(item) for item in node))
    if isinstance(node, dict):
        return set().union(*(variables_without_default(item) for item in node.values()))
    return set()


def load_compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def compose_environment(service: Mapping[str, Any]) -> dict[str, str]:
    """A service's `environment`, in either of its two forms (map or list of NAME=value)."""
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        return dict(item.split("=", 1) for item in environment)
    return {name: "" if value is None else str(value) for name, value in environment.items()}


def env_example_values() -> dict[str, str]:
    """The variables `.env.example` documents, with their (default) values."""
    from entrypoints.cli.dotenv import parse_dotenv

    return parse_dotenv(ENV_EXAMPLE.read_text(encoding="utf-8"), str(ENV_EXAMPLE))


def load_app_json() -> dict[str, Any]:
    return json.loads(APP_JSON.read_text(encoding="utf-8"))
