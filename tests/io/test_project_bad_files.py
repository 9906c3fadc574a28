"""Files that are not what they should be, and disks that refuse: a clear message, nothing lost.

Every case is a real file of that kind on disk (a newer schema, a text file, a truncated copy,
pages overwritten with garbage, a file another process holds, a full disk), and every failure
must be a ProjectFileError (or, for an edit of a read-only project, the model's refusal).
"""

from __future__ import annotations

import contextlib
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from project_samples import SHIPPED, assert_same_project, sample_project

from pyramid_app.io.project import file as project_file
from pyramid_app.io.project.file import (
    DamagedProjectError,
    DiskFullError,
    NewerVersionError,
    NotAProjectError,
    ProjectFile,
    ProjectFileError,
    ProjectLockedError,
    ProjectNotFoundError,
    ProjectReadOnlyError,
    ProjectSaveError,
)
from pyramid_app.model.commands import (
    UndoStack,
    add_commitment,
    bulk_add,
    edit_commitment,
)
from pyramid_app.model.library import Suggestion
from pyramid_app.model.plan import Commitment
from pyramid_app.model.project import Project, ReadOnlyProjectError

ROOT = Path(__file__).resolve().parents[2]


def open_project(path: Path) -> tuple[ProjectFile, Project]:
    return ProjectFile.open(path, shipped=SHIPPED)


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """A real project with a few edits saved, closed."""
    path = tmp_path / "saved.pyramid"
    project = sample_project()
    file = ProjectFile.create(path, project)
    stack = UndoStack(project)
    stack.push(add_commitment(project, "B", "Join the morning huddle"))
    stack.push(edit_commitment(project, "C-0001", status="done"))
    file.close()
    return path


@pytest.fixture
def big_saved(tmp_path: Path) -> Path:
    """A project of a few hundred pages, so that its middle is plan and organisation data."""
    path = tmp_path / "big.pyramid"
    project = sample_project()
    template = project.plan["C-0002"]
    project.plan.put(
        Commitment(f"C-{n:04d}", "B", f"Commitment number {n}", notes=template.notes)
        for n in range(100, 3_100)
    )
    ProjectFile.create(path, project).close()
    return path


def _set_meta(path: Path, key: str, value: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
    connection.commit()
    connection.close()


# -- files that are not (or no longer) projects ------------------------------------------


def test_a_newer_schema_asks_for_an_update(saved: Path) -> None:
    _set_meta(saved, "schema_version", "7")
    before = saved.read_bytes()
    for read_only in (False, True):
        with pytest.raises(NewerVersionError) as caught:
            ProjectFile.open(saved, read_only=read_only, shipped=SHIPPED)
        assert str(caught.value) == (
            f"{saved} was made by a newer Pyramid Planner (schema 7, this version reads up to "
            f"{project_file.schema_version()}); update the app to open it."
        )
    assert saved.read_bytes() == before


def test_a_text_file_renamed_to_pyramid(tmp_path: Path) -> None:
    path = tmp_path / "org.pyramid"
    path.write_text("Employee ID,Manager ID,Name\n1,,Ann\n2,1,Bob\n" * 50)
    with pytest.raises(NotAProjectError, match="not a Pyramid Planner project: it is not a data"):
        open_project(path)


def test_an_empty_file_and_a_folder(tmp_path: Path) -> None:
    (tmp_path / "empty.pyramid").touch()
    with pytest.raises(NotAProjectError, match=r"empty\.pyramid is not .*: the file is empty"):
        open_project(tmp_path / "empty.pyramid")
    (tmp_path / "folder.pyramid").mkdir()
    with pytest.raises(NotAProjectError, match="it is a folder"):
        open_project(tmp_path / "folder.pyramid")
    assert (tmp_path / "empty.pyramid").stat().st_size == 0


def test_another_programs_database(tmp_path: Path) -> None:
    path = tmp_path / "other.pyramid"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    connection.execute("INSERT INTO meta VALUES ('app', 'Something else')")
    connection.commit()
    connection.close()
    with pytest.raises(NotAProjectError, match="a database made by another program"):
        open_project(path)
    path.unlink()
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE songs (title TEXT)")
    connection.close()
    with pytest.raises(NotAProjectError, match="a database made by another program"):
        open_project(path)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProjectNotFoundError, match=r"gone\.pyramid does not exist; it may have"):
        open_project(tmp_path / "gone.pyramid")
    assert not (tmp_path / "gone.pyramid").exists(), "opening must never create a file"


@pytest.mark.parametrize("fraction", [0.5, 0.9, 0.02])
def test_a_truncated_copy(big_saved: Path, tmp_path: Path, fraction: float) -> None:
    copy = tmp_path / "cut.pyramid"
    data = big_saved.read_bytes()
    copy.write_bytes(data[: int(len(data) * fraction)])
    with pytest.raises(DamagedProjectError) as caught:
        open_project(copy)
    assert str(caught.value).startswith(
        f"{copy} is damaged and cannot be opened (the file is cut short: it has "
    )
    assert copy.read_bytes() == data[: int(len(data) * fraction)], "left as it was"
    open_project(big_saved)[0].close()


@pytest.mark.parametrize("check_first", [True, False], ids=["quick_check", "checks while reading"])
@pytest.mark.parametrize("seed", range(4))
def test_garbage_in_the_middle_pages(
    big_saved: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
    check_first: bool,
) -> None:
    if not check_first:
        # As for a file too big for quick_check: damage must show while the data is read.
        monkeypatch.setattr(project_file, "QUICK_CHECK_LIMIT", 0)
    data = bytearray(big_saved.read_bytes())
    pages = len(data) // 4096
    rng = random.Random(seed)
    first = rng.randrange(pages // 4, 3 * pages // 4)
    for page in range(first, first + 3):
        data[page * 4096 : (page + 1) * 4096] = rng.randbytes(4096)
    copy = tmp_path / "garbled.pyramid"
    copy.write_bytes(data)
    with pytest.raises(DamagedProjectError) as caught:
        open_project(copy)
    message = str(caught.value)
    assert message.startswith(f"{copy} is damaged and cannot be opened (")
    assert "open a backup copy" in message
    assert copy.read_bytes() == data


def test_a_damaged_organisation_column(saved: Path) -> None:
    """Valid SQLite, but the compressed names no longer match their checksum."""
    connection = sqlite3.connect(saved)
    (data,) = connection.execute("SELECT data FROM org_column WHERE name = 'names'").fetchone()
    middle = len(data) // 2
    damaged = data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]
    connection.execute("UPDATE org_column SET data = ? WHERE name = 'names'", (damaged,))
    connection.commit()
    connection.close()
    with pytest.raises(DamagedProjectError, match="the organisation data fails its checksum"):
        open_project(saved)


def test_a_plan_row_that_is_not_what_the_app_writes(saved: Path) -> None:
    connection = sqlite3.connect(saved)
    connection.execute("UPDATE commitment SET status = 'maybe' WHERE id = 'C-0002'")
    connection.commit()
    connection.close()
    with pytest.raises(DamagedProjectError, match="commitment C-0002 has an unknown status"):
        open_project(saved)
    # Read as it is listed, the plan says so at that commitment.
    opened, _project = ProjectFile.open(saved, read_only=True, shipped=SHIPPED, with_plan=False)
    with opened, pytest.raises(DamagedProjectError, match="C-0002 has an unknown status"):
        list(opened.commitments())


# -- read-only ------------------------------------------------------------------------------


def test_opened_read_only_on_request(saved: Path) -> None:
    before = saved.read_bytes()
    file, project = ProjectFile.open(saved, read_only=True, shipped=SHIPPED)
    assert project.read_only_reason == (
        "saved.pyramid is open read-only; use Save As to make a copy you can edit."
    )
    with pytest.raises(ReadOnlyProjectError, match="open read-only"):
        UndoStack(project).push(edit_commitment(project, "C-0002", status="done"))
    with pytest.raises(ProjectReadOnlyError, match=r"was not saved: saved\.pyramid is open read"):
        file.record(project, edit_commitment(project, "C-0002", status="done"), _no_change())
    assert project.plan["C-0002"].status.value == "planned"
    # A read-only view holds no lock: the file can be opened for editing meanwhile.
    writer, _ = open_project(saved)
    writer.close()
    assert file.history()[0].label == "Set C-0001 (Ann Abe) done"
    # Save As from a read-only view gives an editable copy.
    copy = file.save_as(saved.with_name("copy.pyramid"))
    assert project.read_only_reason is None and project.journal is copy
    UndoStack(project).push(edit_commitment(project, "C-0002", status="done"))
    copy.close()
    assert saved.read_bytes() == before


def _no_change():  # type: ignore[no-untyped-def]
    from pyramid_app.model.project import Change

    return Change()


def test_a_write_protected_file_opens_read_only(saved: Path) -> None:
    saved.chmod(0o444)  # also for root, who could write it: the owner's bits are respected
    try:
        file, project = open_project(saved)
        assert project.read_only_reason is not None
        assert "write-protected, so it opened read-only" in project.read_only_reason
        with pytest.raises(ReadOnlyProjectError):
            UndoStack(project).push(edit_commitment(project, "C-0002", status="done"))
        file.close()
    finally:
        saved.chmod(0o644)


# -- another process -----------------------------------------------------------------------

HOLDER = """
import sys
from pyramid_app.io.project.file import ProjectFile
file, project = ProjectFile.open(sys.argv[1], shipped=())
print("holding", flush=True)
sys.stdin.readline()
file.close()
print("closed", flush=True)
"""


@contextlib.contextmanager
def held(path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process with ``path`` open as a project, until the block ends."""
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    ) as holder:
        assert holder.stdout is not None and holder.stdin is not None
        try:
            assert holder.stdout.readline() == "holding\n"
            yield holder
            if holder.poll() is None:
                holder.stdin.write("\n")
                holder.stdin.flush()
                assert holder.stdout.readline() == "closed\n"
        finally:
            if holder.poll() is None:
                holder.kill()
            holder.wait(timeout=30)


def test_a_file_open_in_another_process_is_refused(saved: Path) -> None:
    with held(saved):
        for read_only in (False, True):
            with pytest.raises(ProjectLockedError) as caught:
                ProjectFile.open(saved, read_only=read_only, shipped=SHIPPED)
            assert str(caught.value) == (
                f"{saved} is open in another Pyramid Planner window (or another program is "
                "using it); close it there, then open it again."
            )
        with pytest.raises(ProjectLockedError, match="cannot be replaced: it is open in another"):
            ProjectFile.create(saved, sample_project(), overwrite=True)
        # Even a plain SQLite reader is kept out while the window has it.
        reader = sqlite3.connect(saved, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            reader.execute("SELECT count(*) FROM meta").fetchone()
        reader.close()
    file, project = open_project(saved)
    file.close()
    assert project.plan["C-0001"].status.value == "done"


def test_the_lock_goes_with_a_killed_process(saved: Path) -> None:
    with held(saved) as holder:
        holder.kill()
        holder.wait(timeout=30)
    file, project = open_project(saved)
    file.close()
    assert "C-0012" in project.plan


# -- writing fails ---------------------------------------------------------------------------


def test_a_full_disk_refuses_the_edit_and_keeps_the_file(saved: Path) -> None:
    file, project = open_project(saved)
    stack = UndoStack(project)
    stack.push(edit_commitment(project, "C-0002", status="in progress"))  # acknowledged
    acknowledged = dict(project.plan.commitments)
    connection = file._connection  # the test's way to make this file's disk "full"
    assert connection is not None
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")
    big = Suggestion("Write the weekly service letter " * 2_000)
    with pytest.raises(DiskFullError) as caught:
        stack.push(bulk_add(project, ["A", "B", "C"], big))
    assert str(caught.value) == (
        f"The edit “Add commitment to 3 managers” was not saved: the disk holding {saved} is "
        "full. Free some space and try again. Everything saved before is still in the file."
    )
    assert project.plan.commitments == acknowledged, "the refused edit was taken back"
    assert stack.undo_label == "Set C-0002 (Bob Berg) in progress"
    history = len(file.history())

    connection.execute(f"PRAGMA max_page_count = {pages + 10_000}")
    stack.push(edit_commitment(project, "C-0004", owner_note="after the disk was freed"))
    assert len(file.history()) == history + 1
    file.close()
    reopened = open_project(saved)
    reopened[0].close()
    assert_same_project(project, reopened[1])
    assert reopened[1].plan["C-0002"].status.value == "in progress"
    assert not any("weekly service letter" in c.text for c in reopened[1].plan)


@pytest.mark.parametrize("how", ["moved", "deleted"])
def test_a_file_moved_or_deleted_while_open(saved: Path, tmp_path: Path, how: str) -> None:
    file, project = open_project(saved)
    stack = UndoStack(project)
    stack.push(edit_commitment(project, "C-0002", status="in progress"))
    if how == "moved":
        saved.rename(tmp_path / "elsewhere.pyramid")
    else:
        saved.unlink()
    with pytest.raises(ProjectSaveError) as caught:
        stack.push(edit_commitment(project, "C-0004", owner_note="lost?"))
    assert str(caught.value) == (
        f"The edit “Edit owner note of C-0004 (Cy Cruz)” was not saved: {saved} was moved, "
        "renamed or deleted while it was open. Use Save As to save the project again; nothing "
        "saved before is lost."
    )
    assert project.plan["C-0004"].owner_note == ""
    rescued = file.save_as(tmp_path / "rescued.pyramid")
    stack.push(edit_commitment(project, "C-0004", owner_note="kept"))
    rescued.close()
    again = open_project(tmp_path / "rescued.pyramid")
    again[0].close()
    assert_same_project(project, again[1])
    assert again[1].plan["C-0002"].status.value == "in progress"


def test_an_edit_after_close_is_refused(saved: Path) -> None:
    file, project = open_project(saved)
    file.close()
    with pytest.raises(ProjectFileError, match=r"was not saved: .*saved\.pyramid was closed"):
        UndoStack(project).push(edit_commitment(project, "C-0002", status="done"))
    assert project.plan["C-0002"].status.value == "planned"


def test_a_copy_of_a_held_file_cannot_replace_it(saved: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.pyramid"
    shutil.copy(saved, other)
    file, _project = open_project(other)
    with held(saved):
        with pytest.raises(ProjectLockedError, match="cannot be replaced"):
            file.save_as(saved)
        assert not file.closed
    file.close()
