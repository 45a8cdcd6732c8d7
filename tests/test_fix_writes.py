"""What `check --fix` writes: through a symbolic link into the file it points to."""

import os

import pytest

from iamlint.fixes import write_atomically

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
    invoke("check", "--fix", "--isolated", str(link))
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
