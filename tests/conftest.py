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
