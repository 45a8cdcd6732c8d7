import os

import pytest

from golden_util import cases, run_case

CASES = list(cases())


@pytest.mark.parametrize("code,case", CASES, ids=[f"{c}/{p.name}" for c, p in CASES])
def test_golden(code, case):
    actual = run_case(code, case)
    expected_path = case.with_suffix(".expected")
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.write_text(actual, encoding="utf-8")
    assert expected_path.exists(), f"no {expected_path.name}; run with UPDATE_GOLDEN=1 and review it"
    assert actual == expected_path.read_text(encoding="utf-8")
    if case.name.startswith("fail"):
        assert actual.strip(), f"{case} should produce a {code} finding"
    elif case.name.startswith("pass"):
        assert not actual.strip(), f"{case} should produce no {code} finding"
