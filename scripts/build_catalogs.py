#!/usr/bin/env python3
"""Rebuild the shipped release histories: schemas/catalogs/release-histories/<distribution>.json.gz.

Every release from the one MWAA Serverless runs up to the newest is catalogued by the catalog
builder (lint/catalog/build.py) inside a throw-away environment of that release, then all
releases of a distribution are merged into one file in which every class, argument and fact
carries the releases where it holds (wflint.catalog.history).

    python scripts/build_catalogs.py [--only apache-airflow-providers-amazon] [--work DIR]

Airflow core and task SDK releases are built in the 3.0.6 and 3.3.2 environments where those are
installed, the ones in between in one venv that follows them release by release (each with its
dependencies as PyPI had them when it came out). Amazon provider releases are built in a copy of
the Airflow 3.3.2 environment (HOST_332; 9.30.0 in the 3.0.6 one, HOST_306, as MWAA Serverless
runs it; `/opt/oracle/setup.sh` makes both) with that release installed. Per-release catalogs are
kept under --work, so a second run only merges.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "lint" / "catalog"))
import build  # noqa: E402  (the catalog file writers)
import history  # noqa: E402  (the merge, shared with wflint's loader)

HOST_306 = Path(os.environ.get("WFLINT_HOST_306", "/opt/oracle/af306"))
HOST_332 = Path(os.environ.get("WFLINT_HOST_332", "/opt/oracle/af332"))

AMAZON = "apache-airflow-providers-amazon"
KUBERNETES = "apache-airflow-providers-cncf-kubernetes"
CORE = "apache-airflow-core"
TASK_SDK = "apache-airflow-task-sdk"
PROFILE = REPO / "schemas" / "profiles" / "mwaa-serverless.json"
NEWEST_INDEX = REPO / "schemas" / "catalogs" / "index.json"

# Providers some amazon modules import (EKS needs cncf-kubernetes, the FTP / SFTP / IMAP transfers
# theirs): installed beside each amazon release so that those classes are catalogued too.
NEEDED_BESIDE = {AMAZON: [KUBERNETES, "apache-airflow-providers-ftp", "apache-airflow-providers-imap",
                          "apache-airflow-providers-ssh"]}
# The providers whose release MWAA Serverless pins differs from the newest wflint ships.
PROVIDERS = (AMAZON, KUBERNETES)


def release_range(distribution: str) -> list[str]:
    """Every final release from the one MWAA Serverless pins (schemas/profiles) to the newest shipped."""
    first = json.loads(PROFILE.read_text())["target"]["versions"][distribution]
    last = json.loads(NEWEST_INDEX.read_text())["catalogs"][distribution]["version"]
    final = [v for v in pypi_versions(distribution) if all(part.isdigit() for part in v.split("."))]
    return sorted((v for v in final if history.release_key(first) <= history.release_key(v) <= history.release_key(last)),
                  key=history.release_key)


def installed_version(host: Path, distribution: str) -> str | None:
    out = subprocess.run([str(host / "bin" / "python"), "-c",
                          f"import importlib.metadata as m; print(m.version({distribution!r}))"],
                         capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 else None


def sdk_pinned_by(airflow: str, work: Path) -> str:
    """The task SDK release that ships with an Airflow release: the one its wheel pins, else (a
    range such as `>=1.1.1`) the SDK release numbered like it (Airflow 3.1.3 -> task SDK 1.1.3)."""
    wheels = work / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    found = list(wheels.glob(f"apache_airflow-{airflow}-*.whl"))
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(wheels),
                        f"apache-airflow=={airflow}"], check=True)
        found = list(wheels.glob(f"apache_airflow-{airflow}-*.whl"))
    with zipfile.ZipFile(found[0]) as wheel:
        metadata = next(name for name in wheel.namelist() if name.endswith(".dist-info/METADATA"))
        requirement = next((line.split(TASK_SDK, 1)[1] for line in wheel.read(metadata).decode().splitlines()
                            if line.startswith(f"Requires-Dist: {TASK_SDK}") and ";" not in line), None)
    if requirement is None:
        raise SystemExit(f"apache-airflow {airflow} requires no {TASK_SDK}")
    clauses = requirement.strip(" ()").split(",")
    exact = [clause[2:].strip() for clause in clauses if clause.startswith("==")]
    if exact:
        return exact[0]
    numbered = "1." + airflow.split(".", 1)[1]
    if numbered in pypi_versions(TASK_SDK):
        return numbered
    return next(clause[2:].strip() for clause in clauses if clause.startswith(">="))


def _simple_index(distribution: str) -> dict:
    request = urllib.request.Request(f"https://pypi.org/simple/{distribution}/",
                                     headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def pypi_versions(distribution: str) -> list[str]:
    """The releases on PyPI, without yanked ones (Airflow 3.1.4)."""
    index = _simple_index(distribution)
    kept = {file["filename"] for file in index["files"] if not file.get("yanked")}
    prefix = distribution.replace("-", "_") + "-"
    return [v for v in index["versions"] if any(name.startswith(prefix + v + "-") or name.startswith(prefix + v + ".")
                                                for name in kept)]


def uploaded_at(distribution: str, version: str) -> str:
    """When a release's wheel reached PyPI (PEP 691 JSON of the simple index)."""
    files = _simple_index(distribution)["files"]
    prefix = f"{distribution.replace('-', '_')}-{version}-"
    return max(f["upload-time"] for f in files if f["filename"].startswith(prefix))


def released_at(pins: dict[str, str]) -> str:
    """An hour after the last package of an Airflow release reached PyPI (they span minutes)."""
    last = max(uploaded_at(name, version) for name, version in {"apache-airflow": pins[CORE], **pins}.items())
    return (dt.datetime.fromisoformat(last.replace("Z", "+00:00")) + dt.timedelta(hours=1)).isoformat()


def pip_install(python: Path, pins: dict[str, str], prior_to: str | None = None, extras: list[str] = ()) -> None:
    command = [str(python), "-m", "pip"]
    if prior_to:
        # --isolated: only PyPI, whose index says when each file came; a local mirror does not.
        command += ["--isolated", "install", "-q", "--uploaded-prior-to", prior_to]
    else:
        command += ["install", "-q"]
    subprocess.run([*command, *[f"{name}=={version}" for name, version in pins.items()], *extras], check=True)


def airflow_environment(work: Path, pins: dict[str, str]) -> Path:
    """The one Airflow environment the releases after the hosts' are built in, in release order.

    It starts as the first of those releases with its dependencies as PyPI had them when it came
    out, and each later release is installed over it with the same cut-off: a dependency stays
    at the oldest release that satisfies each Airflow, which is what Airflow's own constraint
    files pin (Airflow 3.1.1 does not import with the structlog of its release day).
    """
    env_dir = work / "airflow-env"
    python = env_dir / "bin" / "python"
    installed = env_dir / "wflint-airflow-release"
    if installed.is_file() and history.release_key(installed.read_text()) > history.release_key(pins[CORE]):
        shutil.rmtree(env_dir)  # it only goes forward: an older release starts it anew
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip>=26"], check=True)  # --uploaded-prior-to
        first = next(release for release in release_range(CORE) if not on_a_host(release))
        first_pins = {"apache-airflow": first, CORE: first, TASK_SDK: sdk_pinned_by(first, work)}
        pip_install(python, first_pins, released_at(first_pins))
    pip_install(python, {"apache-airflow": pins[CORE], **pins}, released_at(pins))
    installed.write_text(pins[CORE])
    return python


def on_a_host(airflow: str) -> bool:
    return airflow in (installed_version(HOST_306, CORE), installed_version(HOST_332, CORE))


def host_copy(host: Path, env_dir: Path, pins: dict[str, str], extras: list[str]) -> Path:
    """A hard-linked copy of `host` (seconds; pip replaces files, never edits them) with `pins`
    and `extras` installed beside what is there, the host's Airflow kept."""
    subprocess.run(["cp", "-al", str(host), str(env_dir)], check=True)
    kept = {CORE: installed_version(host, CORE), TASK_SDK: installed_version(host, TASK_SDK)}
    pip_install(env_dir / "bin" / "python", {**kept, **pins}, extras=extras)
    return env_dir / "bin" / "python"


def build_release(pins: dict[str, str], wanted: list[str], work: Path, host: Path | None,
                  extras: list[str] = ()) -> dict[str, dict]:
    """Catalog the `wanted` distributions in an environment where `pins` are installed (the
    host itself when it already has them)."""
    outputs = {name: work / "releases" / name / f"{pins[name]}.json" for name in wanted}
    if all(path.is_file() for path in outputs.values()):
        return {name: json.loads(path.read_text()) for name, path in outputs.items()}
    with tempfile.TemporaryDirectory(dir=work) as scratch:
        if host is None:
            python = airflow_environment(work, pins)
        elif not extras and all(installed_version(host, n) == v for n, v in pins.items()):
            python = host / "bin" / "python"
        else:
            python = host_copy(host, Path(scratch) / "env", pins, list(extras))
        out = Path(scratch) / "out"
        args = [str(python), str(REPO / "lint" / "catalog" / "build.py"), "--out", str(out)]
        if wanted != [CORE, TASK_SDK]:
            for name in wanted:
                args += ["--package", name]
        # else every installed distribution: Airflow's aliases (airflow.operators.bash.BashOperator)
        # are catalogued only where the class they lead to is.
        environment = {**os.environ, "AIRFLOW_HOME": str(Path(scratch) / "airflow-home"), "PYTHONHASHSEED": "0"}
        subprocess.run(args, check=True, env=environment, cwd=scratch)
        documents = {}
        for name, path in outputs.items():
            built = next(out.glob(f"{name}.json*"))
            document = json.loads(history.gunzip_if_needed(built.name, built.read_bytes()))
            if document["version"] != pins[name]:
                raise SystemExit(f"{name}: built {document['version']}, wanted {pins[name]}")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(document, sort_keys=True))
            documents[name] = document
        return documents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "wflint-catalog-builds")
    parser.add_argument("--out", type=Path, default=REPO / "schemas" / "catalogs" / "release-histories")
    parser.add_argument("--newest-out", type=Path, default=REPO / "schemas" / "catalogs",
                        help="folder of the newest catalogs and their index.json")
    parser.add_argument("--only", action="append", help="distribution to rebuild (repeatable)")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    only = set(args.only or (*PROVIDERS, CORE, TASK_SDK))
    built: dict[str, list[dict]] = {name: [] for name in only}

    if only & {CORE, TASK_SDK}:
        for airflow in release_range(CORE):
            sdk = sdk_pinned_by(airflow, args.work)
            print(f"airflow-core {airflow} / task-sdk {sdk}", file=sys.stderr)
            host = HOST_306 if airflow == installed_version(HOST_306, CORE) else None
            if airflow == installed_version(HOST_332, CORE):
                host = HOST_332
            documents = build_release({CORE: airflow, TASK_SDK: sdk}, [CORE, TASK_SDK], args.work, host)
            for name, document in documents.items():
                if name in only and all(d["version"] != document["version"] for d in built[name]):
                    built[name].append(document)
    mwaa = json.loads(PROFILE.read_text())["target"]["versions"]
    for provider in (name for name in PROVIDERS if name in only):
        for release in release_range(provider):
            print(f"{provider} {release}", file=sys.stderr)
            # MWAA Serverless's release is catalogued beside the Airflow it runs with there.
            host = HOST_306 if release == mwaa[provider] else HOST_332
            extras = [f"{name}=={mwaa[name]}" if host == HOST_306 and name in mwaa else name
                      for name in NEEDED_BESIDE.get(provider, ())]
            built[provider].append(build_release({provider: release}, [provider], args.work, host, extras)[provider])

    args.out.mkdir(parents=True, exist_ok=True)
    for name, documents in built.items():
        merged = history.merge(documents)
        target = history.write(args.out, merged)
        print(f"{target}: {len(merged['releases'])} releases, {target.stat().st_size:,} bytes", file=sys.stderr)
        # The newest release is also shipped alone (read without a target), the same by construction.
        newest = max(documents, key=lambda document: history.release_key(document["version"]))
        newest = build.write_catalog(args.newest_out, newest, build.DEFAULT_GZIP_OVER_BYTES)
        print(f"{newest}: {merged['releases'][-1]}", file=sys.stderr)
    build.write_index(args.newest_out, dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
                      .replace("+00:00", "Z"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
