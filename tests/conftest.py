import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def corpus_dir(name: str) -> pathlib.Path:
    path = CORPUS / name
    if not path.is_dir():
        pytest.skip(f"{path} is not here (../shared/corpus sits beside the repository in CI)")
    return path


@pytest.fixture
def no_config_above_tmp(monkeypatch, tmp_path_factory):
    """Only the config files a test writes count (a stray one in /tmp must not)."""
    from iamlint import runner

    base = str(tmp_path_factory.getbasetemp())
    real = runner.find_config_file

    def find(start):
        found = real(start)
        return found if found is None or found.startswith(base + os.sep) else None

    monkeypatch.setattr(runner, "find_config_file", find)


@pytest.fixture(autouse=True)
def _plain_output(monkeypatch):
    """Reports are compared as plain text: a FORCE_COLOR in the environment must not colour them."""
    for name in ("FORCE_COLOR", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)
