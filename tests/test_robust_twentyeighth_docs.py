"""The twenty-eighth round's docs defects: every picture in README.md and docs/*.md is made by a command the docs
name, and docs/teach-left.png holds the run its words describe; each test checked to fail on the code before its fix."""

from __future__ import annotations

import gzip
import json
import re
import tempfile
from pathlib import Path

import numpy as np
import pytest
from conftest import load_bench
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from test_readme import COMMANDS, parser_of

from rowreader.own_png import RUN_KEY
from rowreader.paths import output_file_argument

REPO = Path(__file__).resolve().parents[1]
PICTURE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")  # ![alt](target)
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def _words(text: str) -> str:
    return " ".join(text.split())


def pictures_shown() -> list[tuple[str, Path]]:
    """(page, picture file) for every picture a page of README.md and docs/ shows."""
    return [
        (page.relative_to(REPO).as_posix(), (page.parent / target).resolve())
        for page in PAGES
        for _, target in PICTURE.findall(page.read_text(encoding="utf-8"))
    ]


def pictures_written(name: str, arguments: list[str]) -> list[Path]:
    """The pictures a command as the docs write it makes, run from the repository's root; none where its parser no
    longer takes those arguments (a flag renamed or removed)."""
    parser = parser_of(name)
    try:
        namespace = parser.parse_args(arguments)
    except SystemExit:
        return []
    written = [
        getattr(namespace, action.dest)
        for action in parser._actions
        if action.type is output_file_argument and getattr(namespace, action.dest) is not None
    ]
    if name == "gui.teach_screenshot":  # OUT_DIR: the pictures' names are its own
        from gui.teach_screenshot import PICTURES

        written += [namespace.out_dir / picture for picture in PICTURES]
    return [(REPO / path).resolve() for path in written]


def test_twentyeighth_docs_every_picture_shown_is_made_by_a_command_the_docs_name(capsys) -> None:
    """docs/teach-left.png (the digits still misread after teaching, docs/teaching.md) was made by no command, since
    the fourteenth round: "scripts of the session", so nobody could remake it, and it showed a run of 30 Nov that the
    fine-tune of 3 Dec no longer gives. Every picture a page shows is now written by a command one of the pages
    names, with arguments its parser still takes (`bench_finetune.py --save-left docs/teach-left.png`)."""
    made = {path for name, arguments, _ in COMMANDS for path in pictures_written(name, arguments)}
    capsys.readouterr()  # the usage lines of commands shown with placeholders
    shown = pictures_shown()
    # every picture kept in docs/ is shown (the README's three, teaching.md's three, the-app.md's one)
    assert {picture for _, picture in shown} == set((REPO / "docs").glob("*.png")), shown
    for page, picture in shown:
        assert picture.is_file(), f"{page} shows {picture.name}, which is not there"
        assert picture in made, f"{page} shows {picture.relative_to(REPO)}, which no command in the docs makes"


def _teach_left_run() -> dict:
    return json.loads(Image.open(REPO / "docs" / "teach-left.png").text[RUN_KEY])


def test_twentyeighth_docs_teach_left_is_the_run_teaching_md_describes() -> None:
    """The words beside docs/teach-left.png ("the 12 errors left at k = 3", whose, what each was read as) were of
    a run of 30 Nov with the 28-px brush; the bench's own run of today (24 px, the fine-tune drawing each digit's
    share since 3 Dec) leaves other digits. The picture now holds its run's numbers (a PNG text chunk) and the
    page's words, its command's settings and the count of digits drawn are held to them."""
    bench = load_bench("bench_finetune")
    run = _teach_left_run()
    commands = [
        arguments
        for name, arguments, _ in COMMANDS
        if name == "bench/bench_finetune.py" and "docs/teach-left.png" in arguments
    ]
    assert commands, "no page names the command that makes docs/teach-left.png"
    for command in commands:  # each page that names it names the run pictured
        args, _ = bench.parse_args(command)
        assert args.brush == run["brush"] and args.k == [run["k"]] and args.hardest == len(run["hardest"])
        assert (args.habits, args.seed, args.digits, dict(args.set)) == (run["habits"], run["seed"], run["digits"], {})
    page = _words((REPO / "docs" / "teaching.md").read_text(encoding="utf-8"))
    left, (before, after) = run["left"], run["errors"]
    assert after == len(left)
    (alt,) = [alt for alt, target in PICTURE.findall(page) if target == "teach-left.png"]
    assert alt.startswith(f"The {after} digits still misread after teaching the {len(run['hardest'])} hardest persons")
    assert f"errors **{before} → {after}**" in page.split("### As they wrote", 1)[1].split("###", 1)[0]
    section = page.split("### What is left after teaching", 1)[1].split("## ", 1)[0]
    assert f"The {after} errors left at k = {run['k']}" in section
    for person, truth, read, *_ in left:
        assert person in section, f"teaching.md does not name {person}, whose {truth} is still read {read}"
    kept = [digit for digit in left if sum(other[0] == digit[0] for other in left) == 1]
    claim = " ".join(f"{digit[3]:.2f}" for digit in kept), " ".join(f"{digit[4]:.2f}" for digit in kept)
    (said,) = re.findall(r"a belief of ([\d., and]+?) before teaching, and ([\d., and]+?) after it", section)
    assert tuple(" ".join(re.findall(r"\d\.\d\d", text)) for text in said) == claim


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--k", "1", "3", "--save-left", "left.png"], "--save-left draws the digits left at one k, got --k 1 3"),
        (["--k", "3", "--save-left", "left.txt"], "--save-left draws a PNG: give a file name ending in .png"),
        (["--k", "3", "--hardest", "0", "--save-left", "left.png"], "--hardest is 0"),
    ],
)
def test_twentyeighth_docs_save_left_is_refused_before_any_work_where_it_could_not_draw(arguments, said, capsys):
    """`--save-left` draws the digits left at one k by the hardest persons, as a PNG: a setting under which it could
    not is refused at once (status 2), before minutes of rendering and teaching."""
    bench = load_bench("bench_finetune")
    with pytest.raises(SystemExit) as exit_:
        bench.main(["--checkpoint", "/nowhere/never-read.safetensors", *arguments])
    assert exit_.value.code == 2
    assert said in capsys.readouterr().err


def test_twentyeighth_docs_save_left_keeps_a_users_picture(tmp_path, capsys) -> None:
    """A PNG RowReader did not make is kept, and said so before the model is read, as `--save-errors` does."""
    bench = load_bench("bench_finetune")
    photo = tmp_path / "holiday.png"
    Image.new("RGB", (4, 4), "red").save(photo)
    kept = photo.read_bytes()
    assert bench.main(["--checkpoint", "/nowhere/never-read.safetensors", "--k", "3", "--save-left", str(photo)]) == 2
    assert "is not a picture RowReader made; it is kept" in capsys.readouterr().err
    assert photo.read_bytes() == kept


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    count=st.integers(0, 14),
    person=st.text(st.characters(codec="ascii", categories=["L", "N", "P"]), min_size=1, max_size=24),
    truth=st.integers(0, 9),
    ink=st.floats(0, 1),
)
def test_twentyeighth_docs_every_digit_left_is_drawn_as_the_model_read_it(count, person, truth, ink) -> None:
    """The picture holds one tile per digit left, each the 28×28 the model read at 4×, dark on white; none left
    is a line that says so (an earlier run's picture does not stay under the name)."""
    bench = load_bench("bench_finetune")
    image = np.zeros((28, 28), np.float32)
    image[5:9, 10:12] = ink
    left = [bench.Left(person, truth, (truth + 1) % 10, image, 0.1, 0.2) for _ in range(count)]
    grid = np.asarray(bench.left_grid(left))
    if not count:
        assert grid.shape == (28, 224) and grid.min() < 128  # the words
        return
    columns, rows = min(count, 6), -(-count // 6)
    assert grid.shape == (rows * 148 - 8, columns * 120 - 8)
    for n in range(count):
        x, y = (n % 6) * 120, (n // 6) * 148
        assert grid[y + 5 * 4 + 1, x + 10 * 4 + 1] == round(255 - ink * 255)  # the ink, 4× as read
        assert grid[y + 20 * 4, x + 20 * 4] == 255  # paper


def test_twentyeighth_docs_the_teach_pictures_examples_are_made_by_a_command_the_docs_name(capsys) -> None:
    """docs/teach-window.png and teach-chart.png are made by `python -m gui.teach_screenshot --examples DIR`, and DIR
    (ibm/15's first three drawings of each digit, drawn as the canvas draws) by no command: a description to
    follow by hand. `python bench/person_examples.py ibm/15 DIR` writes it, and teaching.md names it."""
    teach = [arguments for name, arguments, _ in COMMANDS if name == "gui.teach_screenshot" and "docs/" in arguments]
    assert teach, "teaching.md no longer names the command that makes its teach pictures"
    made = set()
    for name, arguments, _ in COMMANDS:
        if name == "bench/person_examples.py":
            made.add(str(parser_of(name).parse_args(arguments).out_dir))
    for arguments in teach:
        assert str(parser_of("gui.teach_screenshot").parse_args(arguments).examples) in made
    capsys.readouterr()


def pen_folder(folder: Path, people: list[tuple[str, int]]) -> Path:
    """A UNIPEN folder of test digits: (person, label) each, every stroke of its own length, so drawings differ."""
    lines = [
        {"label": label, "writer": person, "contributor": person.split("/")[0], "source": "s", "segment": str(n),
         "split": "test", "strokes": [[[0, 0], [n % 7 + 1, 40]], [[0, 20], [9, 20 + n % 5]]]}
        for n, (person, label) in enumerate(people)
    ]  # fmt: skip
    folder.mkdir()
    (folder / "digits.jsonl.gz").write_bytes(gzip.compress("".join(f"{json.dumps(line)}\n" for line in lines).encode()))
    return folder


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=st.lists(st.tuples(st.sampled_from(["abc/p1", "abc/p2"]), st.integers(0, 9)), min_size=1, max_size=24),
    k=st.integers(1, 4),
)
def test_twentyeighth_docs_person_examples_writes_the_first_k_of_each_digit_in_order(people, k) -> None:
    """Each digit's first k drawings by the person, in the file's order, drawn as `render_strokes` draws them."""
    from rowreader.pen import render_strokes
    from rowreader.unipen import load_unipen

    examples = load_bench("person_examples")
    with tempfile.TemporaryDirectory() as tmp:
        pen = pen_folder(Path(tmp) / "pen", people)
        out = Path(tmp) / "examples"
        assert examples.main(["abc/p1", str(out), "--k", str(k), "--pen-dir", str(pen)]) == (
            0 if any(p == "abc/p1" for p, _ in people) else 2
        )
        digits = [d for d in load_unipen(pen, split="test") if d.person == "abc/p1"]
        for label in range(10):
            expected = [d for d in digits if d.label == label][:k]
            written = sorted((out / str(label)).glob("*.png")) if (out / str(label)).is_dir() else []
            assert [p.name for p in written] == [f"{n}.png" for n in range(len(expected))]
            for path, digit in zip(written, expected, strict=True):
                assert np.array_equal(np.asarray(Image.open(path)), render_strokes(digit.strokes))
