"""What `check --fix` writes: through a symbolic link into the file it points to, and with the
file's own line breaks (a CRLF file stays CRLF when a line is inserted or removed)."""

import os
import re

import pytest

from iamlint.fixes import json_insert_first, line_break, removal, write_atomically

from cli_util import invoke

POLICY = '{\n  "Statement": [{"Effect": "Allow", "Action": ["s3:GetObjekt"], "Resource": "*"}]\n}\n'


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_fix_through_a_symlink_rewrites_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    target = real / "p.json"
    target.write_text(POLICY)
    os.chmod(target, 0o640)
    links = tmp_path / "links"
    links.mkdir()
    link = links / "p.json"
    os.symlink(os.path.join("..", "real", "p.json"), link)  # relative, as repositories hold them
    invoke("check", "--fix", "--unsafe-fixes", "--isolated", str(link))
    assert os.path.islink(link) and os.readlink(link) == os.path.join("..", "real", "p.json")
    assert '"s3:GetObject"' in target.read_text() and '"Version": "2012-10-17"' in target.read_text()
    assert os.stat(target).st_mode & 0o777 == 0o640
    assert sorted(os.listdir(real)) == ["p.json"] and sorted(os.listdir(links)) == ["p.json"]  # no temporary left


def test_write_atomically_follows_a_chain_of_links(tmp_path):
    target = tmp_path / "t.json"
    target.write_text("old")
    os.symlink(target, tmp_path / "a")
    os.symlink(tmp_path / "a", tmp_path / "b")
    write_atomically(str(tmp_path / "b"), b"new")
    assert target.read_text() == "new"
    assert os.path.islink(tmp_path / "a") and os.path.islink(tmp_path / "b")


def _only_crlf(data: bytes) -> bool:
    return b"\r\n" in data and re.search(rb"(?<!\r)\n|\r(?!\n)", data) is None


CRLF_FILES = {
    # a policy file: Version inserted on a line of its own, a duplicate removed
    "policy.json": '{\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": ["s3:GetObject", "s3:GetObject"],\n'
                   '      "Resource": "*"\n    }\n  ]\n}\n',
    "policy.yaml": 'Statement:\n  - Effect: Allow\n    Action:\n      - s3:GetObject\n      - s3:GetObject  # dup\n    Resource: "*"\n',
    "stack.yaml": "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n"
                  "        Statement:\n          - Effect: Allow\n            Action:\n              - s3:GetObject\n"
                  "              - s3:GetObject\n            Resource: '*'\n",
    "stack.json": '{"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {\n'
                  '  "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObject"], "Resource": "*"}]}}}}}\n',
    "main.tf": 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{\n      Effect = "Allow"\n'
               '      Action = [\n        "s3:GetObject",\n        "s3:GetObject",\n      ]\n      Resource = "*"\n    }]\n  })\n}\n',
}


@pytest.mark.parametrize("name", sorted(CRLF_FILES))
def test_a_crlf_file_keeps_only_crlf_line_breaks(name, tmp_path):
    path = tmp_path / name
    path.write_bytes(CRLF_FILES[name].replace("\n", "\r\n").encode())
    invoke("check", "--fix", "--isolated", "--select", "IAM110,IAM123", str(path))
    data = path.read_bytes()
    assert b"2012-10-17" in data and data.count(b"s3:GetObject") == 1, data
    assert _only_crlf(data), data


def test_line_breaks_of_the_insertion_and_the_removal():
    crlf = '{\r\n  "Statement": []\r\n}\r\n'
    edit = json_insert_first(crlf, 0, "Version", "2012-10-17")
    assert edit.new_text == '\r\n  "Version": "2012-10-17",'
    cr = crlf.replace("\r\n", "\r")
    assert json_insert_first(cr, 0, "Version", "2012-10-17").new_text == '\r  "Version": "2012-10-17",'
    assert line_break("a\r\nb") == "\r\n" and line_break("a\nb\r\n", 2) == "\r\n" and line_break("ab") == "\n"

    class Slot:
        def __init__(self, start, end):
            self.start, self.end = start, end

    text = "- a\r\n- b  # c\r\n- c\r\n"
    slots = {(0,): Slot(2, 3), (1,): Slot(7, 8), (2,): Slot(17, 18)}
    edit = removal(text, slots.get, (1,), ("#",))
    assert text[: edit.start_offset] + text[edit.end_offset :] == "- a\r\n- c\r\n"


def test_fix_of_a_file_with_hard_links_reaches_every_name(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(POLICY)
    other = tmp_path / "also.json"
    os.link(path, other)
    invoke("check", "--fix", "--isolated", "--select", "IAM110", str(path))
    assert '"Version": "2012-10-17"' in other.read_text() and os.stat(path).st_ino == os.stat(other).st_ino


class _Slot:
    def __init__(self, start, end):
        self.start, self.end = start, end


def _slots(text, items):
    out, pos = {}, 0
    for i, item in enumerate(items):
        pos = text.index(item, pos)
        out[(i,)] = _Slot(pos, pos + len(item))
        pos += len(item)
    return out


@pytest.mark.parametrize("text, items, after", [
    # comment marks inside quoted strings are text, not comments
    ('r = ["arn:aws:s3:::b/*", "arn:aws:s3:::b/*"]\n', ['"arn:aws:s3:::b/*"', '"arn:aws:s3:::b/*"'], 'r = ["arn:aws:s3:::b/*"]\n'),
    ('r = ["https://x", "https://x", "a#b"]\n', ['"https://x"', '"https://x"', '"a#b"'], 'r = ["https://x", "a#b"]\n'),
    ("r: ['a#b', 'it''s # x', 'a#b']\n", ["'a#b'", "'it''s # x'", "'a#b'"], "r: ['a#b', 'a#b']\n"),
])
def test_a_removal_reads_comment_marks_inside_strings_as_text(text, items, after):
    edit = removal(text, _slots(text, items).get, (1,), ("#", "//", "/*"))
    assert edit is not None and text[: edit.start_offset] + text[edit.end_offset :] == after


@pytest.mark.parametrize("text, items", [
    ('r = ["a", /* keep */ "a"]\n', ['"a"', '"a"']),
    ('r = ["a", # keep\n  "a"]\n', ['"a"', '"a"']),
    ('r = ["a",\n  "a", "b" # keep\n]\n', ['"a"', '"a"', '"b"']),
])
def test_a_removal_still_refuses_to_cross_a_real_comment(text, items):
    assert removal(text, _slots(text, items).get, (1,), ("#", "//", "/*")) is None
