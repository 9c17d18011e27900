"""The deployment files, checked statically: there is no Docker engine, Compose or Dokku here.

What can run without them runs in tests/integration/test_deployment_runtime.py: the image's
start command, its HEALTHCHECK and the app.json predeploy step, against a real PostgreSQL.
"""

from __future__ import annotations

import re
import shlex
import signal
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import make_url

from entrypoints.cli.main import COMMANDS, main
from entrypoints.http.app import create_app
from entrypoints.settings import (
    DEFAULT_ADMIN_PASSWORD,
    DEFAULT_JWT_SECRET,
    ConfigurationError,
    Settings,
)
from tests.support.deployment import (
    COMPOSE_FILE,
    DOCKERFILE,
    DOCKERIGNORE,
    PROJECT_ROOT,
    Stage,
    compose_environment,
    dockerfile_stages,
    dockerignore_patterns,
    env_example_values,
    exec_form,
    interpolated,
    is_ignored,
    load_app_json,
    load_compose,
    parse_copy,
    parse_env,
    parse_healthcheck,
    variables_without_default,
)

COMMAND_NAMES = {command.name for command in COMMANDS}
STRONG_SECRET = "s" * 48
# Settings docker-compose.yaml fixes for the container, and those it sets differently on purpose.
COMPOSE_FIXED = {"DATABASE_URL", "HOST", "PORT"}
COMPOSE_LOCAL_OVERRIDES = {"COOKIE_SECURE": "false", "COOKIE_SAMESITE": "lax"}
NOT_FOR_CONTAINERS = {"DATA_DIR"}  # the embedded PostgreSQL of `gefest run`


def stages() -> list[Stage]:
    return dockerfile_stages(DOCKERFILE.read_text(encoding="utf-8"))


def runtime() -> Stage:
    return stages()[-1]


def gefest_subcommands(shell_command: str) -> list[str]:
    """`gefest X` invocations of a `&&`-chained shell command, in order (`exec` allowed)."""
    found = []
    for part in shell_command.split("&&"):
        words = shlex.split(part)
        if words and words[0] == "exec":
            words = words[1:]
        assert words and words[0] == "gefest", f"not a gefest command: {part.strip()!r}"
        found.append(words[1])
    return found


def app_service() -> dict:
    return load_compose()["services"]["app"]


def db_service() -> dict:
    return load_compose()["services"]["db"]


# --- docker-compose.yaml --------------------------------------------------------------------


def test_compose_names_the_app_and_its_database():
    compose = load_compose()
    assert set(compose["services"]) == {"app", "worker", "db"}
    assert app_service()["build"] == "."
    worker = compose["services"]["worker"]
    assert worker["command"] == ["gefest", "worker"] and worker["build"] == "."
    assert compose_environment(worker) == compose_environment(app_service())
    assert "version" not in compose, "the Compose specification has no `version`"


def test_the_database_image_is_postgres_pinned_to_a_major_version():
    assert re.fullmatch(r"postgres:\d+(\.\d+)?", db_service()["image"]), db_service()["image"]


def test_the_database_has_a_pg_isready_healthcheck_for_its_own_user_and_database():
    env = interpolated(compose_environment(db_service()), {})
    test = db_service()["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL"
    command = shlex.split(test[1])
    assert command[0] == "pg_isready"
    # Over TCP: the temporary server of a first start listens on the Unix socket only.
    assert command[command.index("-h") + 1] == "127.0.0.1"
    assert command[command.index("-U") + 1] == env["POSTGRES_USER"]
    assert command[command.index("-d") + 1] == env["POSTGRES_DB"]


def test_the_app_has_the_images_healthcheck_on_health():
    dockerfile_check = parse_healthcheck(runtime().all("HEALTHCHECK")[0])[1]
    compose_check = app_service()["healthcheck"]["test"]
    assert compose_check[0] == "CMD"
    assert compose_check[1:] == dockerfile_check
    assert "/health" in compose_check[-1]


def test_the_app_waits_for_a_healthy_database():
    assert app_service()["depends_on"] == {"db": {"condition": "service_healthy"}}


def test_the_database_lives_in_a_named_volume():
    compose = load_compose()
    assert "postgres-data" in compose["volumes"]
    assert "postgres-data:/var/lib/postgresql/data" in db_service()["volumes"]


def test_the_app_is_published_on_port_8000():
    ports = interpolated(app_service()["ports"], {})
    assert ports == ["127.0.0.1:8000:8000"]
    opened = interpolated(app_service()["ports"], {"PUBLISH_ADDRESS": "0.0.0.0"})
    assert opened == ["0.0.0.0:8000:8000"]
    env = compose_environment(app_service())
    assert (env["HOST"], env["PORT"]) == ("0.0.0.0", "8000")


def test_both_services_restart_and_the_app_stops_gracefully():
    assert app_service()["restart"] == db_service()["restart"] == "unless-stopped"
    # `gefest serve` gives granian 30 s after SIGTERM; Compose must not kill it sooner.
    assert int(app_service()["stop_grace_period"].removesuffix("s")) > 30


def test_compose_needs_no_configuration():
    assert variables_without_default(load_compose()) == set()


def test_with_no_configuration_the_app_runs_in_development_mode_on_the_db_service():
    settings = Settings.from_env(interpolated(compose_environment(app_service()), {}))
    settings.check_production_safety()
    db_env = interpolated(compose_environment(db_service()), {})
    url = make_url(settings.async_database_url)

    assert settings.app_env == "development"
    assert (settings.host, settings.port) == ("0.0.0.0", 8000)
    assert (url.host, url.port) == ("db", 5432)
    assert (url.username, url.password, url.database) == (
        db_env["POSTGRES_USER"],
        db_env["POSTGRES_PASSWORD"],
        db_env["POSTGRES_DB"],
    )
    # A browser on http://localhost gets its cookies back over plain http.
    assert (settings.cookie_secure, settings.cookie_samesite) == (False, "lax")
    assert (settings.admin_username, settings.admin_password) == ("admin", "admin")


def test_compose_passes_every_documented_setting_with_the_documented_default():
    documented = env_example_values()
    compose_env = compose_environment(app_service())
    defaults = interpolated(compose_env, {})

    assert set(documented) - NOT_FOR_CONTAINERS <= set(compose_env)
    for name, value in documented.items():
        if name in COMPOSE_FIXED | NOT_FOR_CONTAINERS:
            continue
        expected = COMPOSE_LOCAL_OVERRIDES.get(name, value)
        assert defaults[name] == expected, name


def test_a_dotenv_file_configures_compose_including_production():
    dotenv = {
        "APP_ENV": "production",
        "JWT_SECRET": STRONG_SECRET,
        "ADMIN_PASSWORD": "a-real-password",
        "POSTGRES_PASSWORD": "db-secret",
        "COOKIE_SECURE": "true",
        "CORS_ORIGINS": "",
        "WORKERS": "4",
    }
    settings = Settings.from_env(interpolated(compose_environment(app_service()), dotenv))
    settings.check_production_safety()
    db_env = interpolated(compose_environment(db_service()), dotenv)

    assert settings.is_production
    assert (settings.jwt_secret, settings.admin_password) == (STRONG_SECRET, "a-real-password")
    assert make_url(settings.async_database_url).password == db_env["POSTGRES_PASSWORD"]
    assert db_env["POSTGRES_PASSWORD"] == "db-secret"
    assert settings.cookie_secure is True
    assert settings.cors_origins == (), "an empty CORS_ORIGINS means none, not the default"
    assert settings.workers == 4


def test_compose_in_production_without_secrets_is_refused():
    settings = Settings.from_env(
        interpolated(compose_environment(app_service()), {"APP_ENV": "production"})
    )
    with pytest.raises(ConfigurationError, match="JWT_SECRET"):
        settings.check_production_safety()


# --- Dockerfile -----------------------------------------------------------------------------


def test_the_image_is_built_in_two_slim_stages():
    builder, final = stages()
    assert (builder.name, builder.image) == ("builder", "python:3.12-slim")
    assert (final.name, final.image) == ("runtime", "python:3.12-slim")


def test_every_file_the_dockerfile_copies_exists_and_reaches_the_build_context():
    patterns = dockerignore_patterns(DOCKERIGNORE.read_text(encoding="utf-8"))
    names = {stage.name for stage in stages()}
    copies = [parse_copy(i) for stage in stages() for i in stage.all("COPY")]
    assert copies
    for copy in copies:
        if "from" in copy.flags:
            assert copy.flags["from"] in names
            continue
        for source in copy.sources:
            assert (PROJECT_ROOT / source).exists(), source
            assert not is_ignored(source, patterns), f"{source} is in .dockerignore"
    assert not [c for c in copies if "." in c.sources], "COPY . would take the whole context"


def test_the_builder_copies_exactly_the_packages_pyproject_installs():
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = {
        p.rstrip("*") for p in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    }
    copied = {
        source
        for i in stages()[0].all("COPY")
        for source in parse_copy(i).sources
        if (PROJECT_ROOT / source).is_dir()
    }
    assert copied == packages
    # pyproject's `readme` must be in the context for the build to read it.
    assert any(
        pyproject["project"]["readme"] in parse_copy(i).sources for i in stages()[0].all("COPY")
    )


def test_the_runtime_image_holds_only_the_virtualenv_app_json_and_the_procfile():
    copies = [parse_copy(i) for i in runtime().all("COPY")]
    from_builder = [c for c in copies if c.flags.get("from") == "builder"]
    from_context = [s for c in copies if "from" not in c.flags for s in c.sources]
    assert [(c.sources, c.destination) for c in from_builder] == [(("/opt/gefest",), "/opt/gefest")]
    assert from_context == ["app.json", "Procfile"]
    runs = " ".join(i.arguments for i in runtime().all("RUN"))
    assert "pip" not in runs and "apt-get" not in runs


def test_the_procfile_runs_the_api_and_a_webhook_worker():
    processes = dict(
        line.split(": ", 1) for line in (PROJECT_ROOT / "Procfile").read_text().splitlines() if line
    )
    assert processes == {"web": "gefest serve", "worker": "gefest worker"}


def test_the_builder_installs_the_project_and_its_pyproject_dependencies():
    runs = [i.arguments for i in stages()[0].all("RUN")]
    assert any("tomllib" in r and "['project']['dependencies']" in r for r in runs)
    assert any("pip install --no-deps ." in r for r in runs)


def test_the_container_runs_as_a_non_root_user():
    users = runtime().all("USER")
    assert users, "no USER line: the container would run as root"
    user = users[-1].arguments.split(":")[0]
    assert user not in ("root", "0")
    created = " ".join(i.arguments for i in runtime().all("RUN"))
    assert "useradd" in created and user in created
    last_user = runtime().instructions.index(users[-1])
    assert runtime().instructions.index(runtime().all("CMD")[-1]) > last_user


def test_the_healthcheck_asks_health_with_the_standard_library():
    flags, command = parse_healthcheck(runtime().all("HEALTHCHECK")[-1])
    assert command[:2] == ["python", "-c"]
    assert "urllib.request" in command[2] and "/health" in command[2]
    assert "PORT" in command[2], "Dokku sets its own PORT"
    assert {"interval", "timeout", "start-period", "retries"} <= set(flags)


def test_the_container_listens_on_all_interfaces_and_refuses_published_secrets():
    env: dict[str, str] = {}
    for instruction in runtime().all("ENV"):
        env.update(parse_env(instruction))
    assert env["HOST"] == "0.0.0.0"
    assert env["PORT"] == "8000"
    assert env["APP_ENV"] == "production"
    assert env["PATH"].startswith("/opt/gefest/bin:")
    # No EXPOSE: with one, Dokku would proxy the exposed port itself instead of 80/443 → $PORT.
    assert runtime().all("EXPOSE") == []


def test_the_start_command_migrates_bootstraps_then_execs_the_server():
    command = exec_form(runtime().all("CMD")[-1].arguments)
    assert command[:2] == ["/bin/sh", "-c"]
    assert gefest_subcommands(command[2]) == ["migrate", "bootstrap", "serve"]
    assert "exec gefest serve" in command[2], "the server must be PID 1 to receive SIGTERM"
    assert runtime().all("ENTRYPOINT") == [], "Dokku would pass its predeploy to an ENTRYPOINT"


def test_the_commands_of_the_image_exist_and_are_the_makefiles():
    command = exec_form(runtime().all("CMD")[-1].arguments)
    subcommands = set(gefest_subcommands(command[2]))
    assert subcommands <= COMMAND_NAMES
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    make_subcommands = set(re.findall(r"\$\(BIN\)/gefest ([a-z-]+)", makefile))
    assert make_subcommands <= COMMAND_NAMES
    # `make migrate` and `make serve` are the container's steps, outside a container.
    assert {"migrate", "serve"} <= make_subcommands & subcommands


# --- .dockerignore --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        ".venv/bin/python",
        ".data/postgres/PG_VERSION",
        ".env",
        ".git/HEAD",
        "tests/unit/test_deployment.py",
        "bench/__main__.py",
        "domain/__pycache__/errors.cpython-312.pyc",
        "adapters/postgres/__pycache__/tables.cpython-311.pyc",
        ".pytest_cache/README.md",
        "gefest.egg-info/PKG-INFO",
    ],
)
def test_dockerignore_keeps_local_state_tests_and_caches_out(path):
    assert is_ignored(path, dockerignore_patterns(DOCKERIGNORE.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "path", ["pyproject.toml", "README.md", "app.json", "domain/errors.py", "migrations/env.py"]
)
def test_dockerignore_keeps_what_the_build_needs(path):
    assert not is_ignored(path, dockerignore_patterns(DOCKERIGNORE.read_text(encoding="utf-8")))


# --- app.json (Dokku) -----------------------------------------------------------------------


def test_dokku_predeploy_migrates_then_bootstraps_with_existing_commands():
    predeploy = load_app_json()["scripts"]["dokku"]["predeploy"]
    assert gefest_subcommands(predeploy) == ["migrate", "bootstrap"]
    assert set(gefest_subcommands(predeploy)) <= COMMAND_NAMES


HEALTHCHECK_KEYS = {
    *("attempts", "command", "content", "description", "httpHeaders", "initialDelay"),
    *("listening", "name", "onFailure", "path", "port", "scheme", "timeout", "type"),
    *("uptime", "wait", "warn"),
}


def test_dokku_healthchecks_are_web_startup_checks_of_health_and_ready():
    checks = load_app_json()["healthchecks"]["web"]
    assert {check["path"] for check in checks} == {"/health", "/ready"}
    for check in checks:
        assert set(check) <= HEALTHCHECK_KEYS, set(check) - HEALTHCHECK_KEYS
        assert check["type"] == "startup"
        assert isinstance(check["attempts"], int) and isinstance(check["timeout"], int)


# --- production refuses the published defaults ----------------------------------------------


def test_create_app_refuses_the_default_jwt_secret_in_production():
    with pytest.raises(ConfigurationError, match="JWT_SECRET"):
        create_app(Settings(app_env="production", admin_password="a-real-password"))


def test_create_app_refuses_the_default_admin_password_in_production():
    settings = Settings(app_env="production", jwt_secret=STRONG_SECRET)
    assert settings.admin_password == DEFAULT_ADMIN_PASSWORD
    with pytest.raises(ConfigurationError, match="ADMIN_PASSWORD"):
        create_app(settings)


@pytest.mark.parametrize("command", ["migrate", "bootstrap", "serve"])
@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"ADMIN_PASSWORD": "a-real-password"}, "JWT_SECRET"),
        ({"JWT_SECRET": DEFAULT_JWT_SECRET, "ADMIN_PASSWORD": "a-real-password"}, "JWT_SECRET"),
        ({"JWT_SECRET": STRONG_SECRET}, "ADMIN_PASSWORD"),
    ],
)
def test_every_container_step_refuses_published_defaults_in_production(
    command, env, complaint, monkeypatch, tmp_path: Path, capsys
):
    # `main` installs its own SIGTERM handler: give pytest its own back afterwards.
    monkeypatch.setattr(signal, "signal", lambda signum, _handler: signal.getsignal(signum))
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in ("JWT_SECRET", "ADMIN_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "postgres://gefest@db.invalid:5432/gefest")
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    assert main([command]) == 1
    assert complaint in capsys.readouterr().err


# --- README: the Docker and Dokku sections say what the files do ----------------------------


def readme_section(title: str) -> str:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"\n## {title}\n")
    end = readme.find("\n## ", start + 1)
    return readme[start : end if end != -1 else None]


def shell_lines(markdown: str) -> list[str]:
    """The commands of the ```bash blocks, continuation lines joined, comments dropped."""
    lines: list[str] = []
    for block in re.findall(r"```bash\n(.*?)```", markdown, flags=re.DOTALL):
        pending = ""
        for raw in block.splitlines():
            line = raw.split(" # ")[0].rstrip() if not raw.lstrip().startswith("#") else ""
            if line.endswith("\\"):
                pending += line[:-1] + " "
                continue
            if (pending + line).strip():
                lines.append((pending + line).strip())
            pending = ""
    return lines


def dokku_commands() -> list[list[str]]:
    commands = []
    for line in shell_lines(readme_section("Deploying with Dokku")):
        words = shlex.split(line)
        if words[0] == "sudo" and words[1] == "dokku":
            words = words[1:]
        commands.append(words)
    return commands


def test_the_docker_section_matches_the_compose_file():
    section = readme_section("Docker")
    compose = load_compose()
    assert "docker compose up --build" in shell_lines(section)
    assert "http://localhost:8000/docs" in section
    major = db_service()["image"].split(":")[1].split(".")[0]
    assert f"PostgreSQL {major}" in section
    assert all(f"`{volume}`" in section for volume in compose["volumes"])
    assert "`127.0.0.1:8000`" in section and interpolated(app_service()["ports"], {})[0].startswith(
        "127.0.0.1:8000:"
    )
    defaults = interpolated(compose_environment(app_service()), {})
    assert f"`{defaults['ADMIN_USERNAME']}` / `{defaults['ADMIN_PASSWORD']}`" in section
    for name, value in COMPOSE_LOCAL_OVERRIDES.items():
        assert f"`{name}={value}`" in section
    for name in ("POSTGRES_PASSWORD", "PUBLISH_ADDRESS"):
        assert f"`{name}`" in section and name in COMPOSE_FILE.read_text(encoding="utf-8")
    start = exec_form(runtime().all("CMD")[-1].arguments)[2]
    assert " ".join(start.split()) in " ".join(section.replace("`", "").split())


def test_the_dokku_section_installs_a_pinned_release():
    install = [
        line
        for line in shell_lines(readme_section("Deploying with Dokku"))
        if "DOKKU_TAG" in line or "bootstrap.sh" in line
    ]
    tags = set(re.findall(r"v\d+\.\d+\.\d+", " ".join(install)))
    assert len(install) == 2 and len(tags) == 1, install


def test_the_dokku_commands_name_one_app_and_one_database_in_working_order():
    commands = dokku_commands()
    verbs = [words[1] if words[0] == "dokku" else " ".join(words[:2]) for words in commands]
    app = next(words[2] for words in commands if words[:2] == ["dokku", "apps:create"])
    database = next(words[2] for words in commands if words[:2] == ["dokku", "postgres:create"])

    assert ["dokku", "postgres:link", database, app] in commands
    assert any(words[:3] == ["dokku", "domains:set", app] for words in commands)
    assert ["dokku", "git:set", app, "deploy-branch", "main"] in commands
    assert ["dokku", "letsencrypt:set", app, "email"] == next(
        words[:4] for words in commands if words[1:2] == ["letsencrypt:set"]
    )
    assert ["dokku", "letsencrypt:enable", app] in commands
    remote = next(words for words in commands if words[:3] == ["git", "remote", "add"])
    assert remote[3] == "dokku" and remote[4].startswith("dokku@") and remote[4].endswith(f":{app}")
    assert ["git", "push", "dokku", "main"] in commands

    order = {verb: verbs.index(verb) for verb in verbs}
    push = order["git push"]
    for before in (
        "plugin:install",
        "postgres:create",
        "apps:create",
        "postgres:link",
        "domains:set",
        "config:set",
        "git:set",
    ):
        assert order[before] < push, before
    assert order["apps:create"] < order["postgres:link"]
    for after in ("letsencrypt:set", "letsencrypt:enable"):
        assert order[after] > push, f"{after} needs the app deployed"
    # The PostgreSQL of the server is the major version Compose runs.
    create = next(words for words in commands if words[:2] == ["dokku", "postgres:create"])
    major = db_service()["image"].split(":")[1].split(".")[0]
    assert create[create.index("--image-version") + 1] == major


def test_the_dokku_settings_are_the_apps_and_make_production_start():
    config = next(words for words in dokku_commands() if words[:2] == ["dokku", "config:set"])
    values = dict(word.split("=", 1) for word in config if "=" in word)
    assert set(values) <= set(env_example_values())
    assert {"APP_ENV", "JWT_SECRET", "ADMIN_PASSWORD", "CORS_ORIGINS"} <= set(values)
    values["JWT_SECRET"] = "0" * 64  # what `openssl rand -hex 32` prints, in length
    settings = Settings.from_env(values)
    settings.check_production_safety()
    assert settings.is_production


def test_the_dokku_section_describes_app_json():
    section = " ".join(readme_section("Deploying with Dokku").replace("`", "").split())
    app_json = load_app_json()
    assert " ".join(app_json["scripts"]["dokku"]["predeploy"].split()) in section
    for check in app_json["healthchecks"]["web"]:
        assert check["path"] in section
    assert "no EXPOSE" in section and runtime().all("EXPOSE") == []
