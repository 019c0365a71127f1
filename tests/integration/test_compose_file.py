"""The production compose file is valid, and refuses to start without its secrets."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {
    "LAKOU_SECRET_KEY": "s" * 48,
    "POSTGRES_PASSWORD": "pgpassword",
    "MINIO_ROOT_USER": "minioadmin",
    "MINIO_ROOT_PASSWORD": "miniopassword",
    "LAKOU_S3_ACCESS_KEY_ID": "lakou",
    "LAKOU_S3_SECRET_ACCESS_KEY": "lakou-secret",
    "LAKOU_MEILISEARCH_KEY": "meili-master-key",
    "LAKOU_PUBLIC_URL": "https://lakou.example",
    "LAKOU_PAYMENT_BACKEND": "dev",
}

pytestmark = pytest.mark.skipif(
    shutil.which("docker-compose") is None,
    reason="docker-compose not installed (make test installs it)",
)


def _config(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # A copy, so a developer's own .env never leaks into the check.
    for name in ("docker-compose.yml",):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "infra", tmp_path / "infra", dirs_exist_ok=True)
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("LAKOU_", "POSTGRES_", "MINIO_"))
    }
    return subprocess.run(
        ["docker-compose", "config", "-q"],
        cwd=tmp_path,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_compose_file_is_valid_with_its_secrets(tmp_path: Path) -> None:
    result = _config(tmp_path, SECRETS)
    assert result.returncode == 0, result.stderr


def test_compose_file_names_a_missing_secret(tmp_path: Path) -> None:
    result = _config(tmp_path, {k: v for k, v in SECRETS.items() if k != "LAKOU_SECRET_KEY"})
    assert result.returncode != 0
    assert "LAKOU_SECRET_KEY" in result.stderr
