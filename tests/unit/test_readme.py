"""The README's commands are real: every `make` target and `gefest` subcommand it shows exists,
every setting it documents is one the service reads, and every command it names is exercised
somewhere (by a test, by .ci/run, or — Docker and Dokku — by the static deployment checks)."""

from __future__ import annotations

import re
from pathlib import Path

from entrypoints.cli.main import COMMANDS
from entrypoints.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
# Commands that only run on a server or with a Docker engine; tests/unit/test_deployment.py
# checks the files they act on.
DEPLOYMENT_TOOLS = {"docker", "dokku", "sudo", "wget", "cat", "git"}


def _shell_blocks() -> list[str]:
    return re.findall(r"```bash\n(.*?)```", README, flags=re.S)


def _commands() -> list[str]:
    commands: list[str] = []
    for block in _shell_blocks():
        joined = block.replace("\\\n", " ")
        for line in joined.splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                commands.append(line)
    return commands


def _make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", MAKEFILE, flags=re.M))


def test_every_make_command_in_the_readme_is_a_target() -> None:
    shown = {c.split()[1] for c in _commands() if c.startswith("make ")}
    shown |= set(re.findall(r"`make ([a-z-]+)`", README))
    assert {"run", "test", "lint"} <= shown
    assert shown <= _make_targets(), shown - _make_targets()


def test_every_gefest_command_in_the_readme_exists() -> None:
    names = {command.name for command in COMMANDS}
    shown = {re.split(r"\s+", c)[1] for c in _commands() if re.match(r"(\.venv/bin/)?gefest\s", c)}
    assert {"run", "migrate", "serve"} <= shown
    assert shown <= names, shown - names


def test_every_readme_command_is_one_we_exercise() -> None:
    known = {"make", ".venv/bin/gefest", "gefest", "curl", *DEPLOYMENT_TOOLS}
    for command in _commands():
        assert command.split()[0] in known, command


def test_the_configuration_table_documents_every_setting() -> None:
    documented = set(re.findall(r"^\| `([A-Z_]+)`(?: / `([A-Z_]+)`)?", README, flags=re.M))
    names = {name for pair in documented for name in pair if name}
    env_example = (ROOT / ".env.example").read_text(encoding="utf-8")
    settings_vars = set(re.findall(r"^#? ?([A-Z_]+)=", env_example, flags=re.M))
    assert settings_vars <= names, settings_vars - names
    # and the defaults the table states are the code's
    defaults = Settings()
    assert f"`{defaults.port}`" in README and f"`{defaults.bcrypt_rounds}`" in README


def _documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_the_docs_link_only_to_files_of_this_repository() -> None:
    """A clone is all a reader has: no link may lead outside it or to a file that is gone."""
    broken = []
    for document in _documents():
        text = document.read_text(encoding="utf-8")
        targets = re.findall(r"\]\(([^)#\s]+)[^)]*\)", text) + re.findall(r"`(\.\./[^`]+)`", text)
        for target in targets:
            if re.match(r"[a-z]+:", target):
                continue
            resolved = (document.parent / target).resolve()
            if not resolved.is_relative_to(ROOT) or not resolved.exists():
                broken.append((document.name, target))
    assert broken == []


def test_the_architecture_guide_shows_each_shared_pattern_by_its_file() -> None:
    guide = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for path in (
        "application/for_change.py",
        "entrypoints/http/bodies.py",
        "application/listing.py",
        "entrypoints/http/listing.py",
        "adapters/postgres/text_search.py",
        "adapters/postgres/tables.py",
    ):
        assert f"(../{path})" in guide, path
