"""A destination that cannot be written gets a clear message, and the old file stays as it was.

The tests run as root, for whom file permissions do not stop a write; so "locked" and
"read-only" are made the ways that hold for everyone: Excel's and LibreOffice's lock files
beside the workbook, a file without any write permission bit, a folder that does not exist, a
path that is a folder, and a disk that fills up mid-write (a file-size limit in a child
process).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from action_plan_samples import EXPORTED, TODAY, hotel_project

from pyramid_app.io.workbook.writer import ActionPlanError, write_action_plan

ROOT = Path(__file__).resolve().parents[2]
OLD = b"the previous action plan, which must survive"


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(OLD)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".saving"))


def export(path: Path) -> None:
    write_action_plan(hotel_project(), path, today=TODAY, now=EXPORTED)


def test_a_new_file_and_a_replaced_one(tmp_path: Path, previous: Path) -> None:
    export(previous)
    assert previous.read_bytes().startswith(b"PK")
    fresh = tmp_path / "new.xlsx"
    export(fresh)
    assert fresh.is_file() and not leftovers(tmp_path)


def test_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "plan.xlsx"
    with pytest.raises(ActionPlanError, match=r"The folder .*no such folder does not exist"):
        export(target)
    assert not target.parent.exists()


def test_a_path_that_is_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "plan.xlsx"
    folder.mkdir()
    with pytest.raises(ActionPlanError, match="is a folder"):
        export(folder)
    assert folder.is_dir() and not list(folder.iterdir())


def test_not_an_xlsx_name(tmp_path: Path) -> None:
    with pytest.raises(ActionPlanError, match=r"ending in \.xlsx"):
        export(tmp_path / "plan.ods")


@pytest.mark.parametrize(
    ("lock", "program"), [("~$plan.xlsx", "Excel"), (".~lock.plan.xlsx#", "LibreOffice")]
)
def test_open_in_excel_or_libreoffice(previous: Path, lock: str, program: str) -> None:
    (previous.parent / lock).write_text("someone\n")
    with pytest.raises(ActionPlanError, match=f"open in {program}") as raised:
        export(previous)
    assert "unchanged" in str(raised.value)
    assert previous.read_bytes() == OLD and not leftovers(previous.parent)


def test_read_only_file(previous: Path) -> None:
    previous.chmod(0o444)
    try:
        with pytest.raises(ActionPlanError, match="read-only"):
            export(previous)
        assert previous.read_bytes() == OLD and not leftovers(previous.parent)
    finally:
        previous.chmod(0o644)


def test_a_replace_that_fails_keeps_the_old_file(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows refuses to replace a file Excel holds open; Linux never does, so that refusal
    # is played here by os.replace itself.
    def refuse(source: object, target: object) -> None:
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ActionPlanError, match=r"could not be replaced .* open in another program"):
        export(previous)
    assert previous.read_bytes() == OLD and not leftovers(previous.parent)


FULL_DISK = textwrap.dedent(
    """
    import resource, signal, sys
    sys.path[:0] = [{tests!r}, {root!r}]
    from action_plan_samples import EXPORTED, TODAY, hotel_project
    from pyramid_app.io.workbook.writer import ActionPlanError, write_action_plan
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    # Every file this process writes may grow to 4 kB only: the disk "fills up" mid-write.
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    try:
        write_action_plan(hotel_project(), {target!r}, today=TODAY, now=EXPORTED)
    except ActionPlanError as error:
        print(error)
        sys.exit(3)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="file-size limits are a POSIX feature")
def test_a_full_disk_mid_write_keeps_the_old_file(previous: Path) -> None:
    script = FULL_DISK.format(
        tests=str(Path(__file__).parent), root=str(ROOT), target=str(previous)
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 3, done.stderr
    assert "plan.xlsx" in done.stdout and "unchanged" in done.stdout
    assert previous.read_bytes() == OLD and not leftovers(previous.parent)
