"""Projects read from places that cannot be written: a read-only mount and a full disk (real
tmpfs mounts, where this machine lets the test make them), a file its owner made read-only."""

from __future__ import annotations

import contextlib
import shutil
import stat
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from project_samples import sample_project

from pyramid_app.cli import main
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.commands import add_commitment


def _run(*command: str) -> bool:
    return subprocess.run(command, capture_output=True, check=False).returncode == 0


@contextlib.contextmanager
def tmpfs(tmp_path: Path, size: str = "4m") -> Iterator[Path]:
    """A small tmpfs of the test's own; skipped where this machine does not allow mounting."""
    place = tmp_path / f"mount-{uuid.uuid4().hex[:8]}"
    place.mkdir()
    if shutil.which("mount") is None or not _run(
        "mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(place)
    ):
        pytest.skip("cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)")
    try:
        yield place
    finally:
        _run("umount", "-l", str(place))


def saved_project(folder: Path, crashed: bool) -> Path:
    """A project with one commitment in ``folder``; ``crashed``: its log left beside it, as a
    killed window leaves it (the edit only in the log)."""
    work = folder.parent / f"work-{uuid.uuid4().hex[:8]}"
    work.mkdir()
    path = work / "plan.pyramid"
    file = ProjectFile.create(path, sample_project())
    assert file.project is not None
    file.project.execute(add_commitment(file.project, "B", "Weekly huddle"))
    if crashed:
        assert Path(f"{path}-wal").stat().st_size > 0
        for suffix in ("", "-wal", "-shm"):  # no -shm: the window holds its file exclusively
            if Path(f"{path}{suffix}").exists():
                shutil.copyfile(Path(f"{path}{suffix}"), folder / f"plan.pyramid{suffix}")
        file.close()
    else:
        file.close()
        shutil.copyfile(path, folder / "plan.pyramid")
    return folder / "plan.pyramid"


@pytest.mark.parametrize("crashed", [False, True], ids=["closed", "log left"])
def test_a_project_on_a_read_only_mount_reads_and_refuses_edits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], crashed: bool
) -> None:
    with tmpfs(tmp_path) as place:
        path = saved_project(place, crashed)
        if not _run("mount", "-o", "remount,ro", str(place)):
            pytest.skip("cannot make the tmpfs read-only here (remount refused)")
        assert main(["plan", "list", str(path)]) == 0
        assert "Weekly huddle" in capsys.readouterr().out
        assert main(["project", "info", str(path)]) == 0
        capsys.readouterr()
        assert main(["plan", "add", str(path), "--manager", "B", "--text", "More"]) == 2
        error = capsys.readouterr().err
        assert "is on a drive or share that cannot be written to" in error


@pytest.mark.parametrize("crashed", [False, True], ids=["closed", "log left"])
def test_a_project_on_a_full_disk_still_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], crashed: bool
) -> None:
    with tmpfs(tmp_path) as place:
        path = saved_project(place, crashed)
        with contextlib.suppress(OSError), (place / "filler").open("wb") as filler:
            while True:
                filler.write(b"\0" * 65536)
        for command in (["plan", "list"], ["project", "info"], ["coverage"]):
            assert main([*command, str(path)]) == 0, capsys.readouterr().err
        assert "Weekly huddle" in capsys.readouterr().out
        output = tmp_path / "plan.xlsx"
        assert main(["export", str(path), "-o", str(output), "--no-picture"]) == 0


def test_a_file_its_owner_made_read_only_is_not_written_even_by_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.pyramid"
    ProjectFile.create(path, sample_project()).close()
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # chmod 444
    before = path.read_bytes()
    assert main(["plan", "add", str(path), "--manager", "B", "--text", "More"]) == 2
    assert "is write-protected" in capsys.readouterr().err
    assert path.read_bytes() == before
