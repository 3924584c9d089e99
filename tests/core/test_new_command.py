"""``stuurwijzer new``: a project from files and a template without the app, then its report
(``stuurwijzer report``) with warnings on stderr, and ``--strict``."""

from __future__ import annotations

import pytest

from core.paths import resource_path
from core.project import open_project
from core.templates import get_template
from desktop.app import main

EXAMPLE = resource_path("example")


def test_new_reads_files_like_the_data_step_and_applies_the_template(tmp_path, capsys):
    target = tmp_path / "wachttijd.stuurwijzer"
    files = [str(EXAMPLE / "toewijzingen_301.csv"), str(EXAMPLE / "start_zorg_305.csv")]
    assert main(["new", str(target), *files, "--template", "wachttijd",
                 "--municipality", "Gemeente Testdorp", "--name", "Wachttijden"]) == 0
    assert "Project opgeslagen" in capsys.readouterr().out
    project = open_project(target)
    assert project.name == "Wachttijden" and project.municipality == "Gemeente Testdorp"
    assert [d.kind for d in project.datasets] == ["301", "305"]  # detected, as in step 3
    roles = {c.role for c in project.datasets[0].columns if c.role}
    assert {"client", "provider", "assignment_start"} <= roles
    assert project.question.template == "wachttijd"
    assert "in Testdorp" in project.question.title
    template = get_template("wachttijd")
    assert [s.origin for s in project.charts.specs] == [
        f"template:wachttijd:{n}" for n in range(len(template.charts))]
    received = [item.status for item in project.question.checklist if item.kind]
    assert received == ["binnen", "binnen"]  # the checklist is ticked off as in the app

    # The monthly rerun: the report is made, with what to look at on stderr.
    pdf = tmp_path / "rapport.pdf"
    assert main(["report", str(target), "-o", str(pdf)]) == 0
    err = capsys.readouterr().err
    assert pdf.exists() and "Let op: Vul bij de stap Vraag in: Resultaat" in err
    assert all(line.startswith("Let op: ") for line in err.splitlines())
    strict = tmp_path / "streng.pdf"
    assert main(["report", str(target), "-o", str(strict), "--strict"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert not strict.exists() and err[-1].startswith("Het rapport is niet gemaakt")


@pytest.mark.parametrize("args, expected", [
    (["{out}", "{file}", "--template", "wachtlijst"], "kent het sjabloon 'wachtlijst' niet"),
    (["{out}", "{missing}"], "niet gevonden"),
    (["{out}", "{empty}"], "leeg"),
    (["{dir}/project.txt", "{file}"], "eindigt op .stuurwijzer"),
])
def test_new_bad_input_exits_2_with_one_dutch_line_and_writes_nothing(tmp_path, capsys,
                                                                      args, expected):
    (tmp_path / "leeg.csv").write_bytes(b"")
    values = {"out": tmp_path / "p.stuurwijzer", "file": EXAMPLE / "start_zorg_305.csv",
              "missing": tmp_path / "nergens.csv", "empty": tmp_path / "leeg.csv",
              "dir": tmp_path}
    assert main(["new", *[a.format(**values) for a in args]]) == 2
    err = capsys.readouterr().err.strip()
    assert expected in err and "\n" not in err
    assert not (tmp_path / "p.stuurwijzer").exists()
