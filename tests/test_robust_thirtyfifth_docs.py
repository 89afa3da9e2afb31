"""The thirty-fifth round of hostile testing, docs: every page and --help read against the code after the
thirty-fourth round's five bullets changed how the commands stop, what they say and how the app names models
(docs/robustness.md, its thirty-fifth round's docs bullet)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PAGES = [REPO / "README.md", *(p for p in sorted((REPO / "docs").glob("*.md")) if p.name != "robustness.md")]


def _flat(text: str) -> str:
    """``text`` with its line breaks and runs of spaces as one space: a quote may be wrapped anywhere in a page."""
    return " ".join(text.split())


def _progs_run_main_names() -> set[str]:
    """Every name a command runs under (:func:`rowreader.launch.run_main`'s, given or as typed): what its stop lines
    begin with. Since the forty-fifth round a module run with -m is named ``python -m MODULE``."""
    sources = [*REPO.glob("rowreader/*.py"), *REPO.glob("training/*.py"), *REPO.glob("gui/*.py")]
    texts = [p.read_text(encoding="utf-8") for p in sources]
    found = {m for text in texts for m in re.findall(r'run_main\("[\w.]+", "([^"]+)"', text)}
    typed = {m for text in texts for m in re.findall(r'run_main\("([\w.]+)"(?:\)|, last)', text)}
    return found | {f"python -m {m.removesuffix('.__main__')}" for m in typed} | {"rowreader-gui", "rowreader-fit"}


def test_thirtyfifth_docs_every_quoted_loading_note_names_the_command_as_it_says_it() -> None:
    """docs/training.md quoted the note a stop while torch loads gives as "python -m training.fit: stopping once it
    has loaded (a few seconds)…"; the command says "training.fit: stopping once …" (`run_main`'s name, as its
    "training.fit: stopped by SIGTERM while starting" line), which a user searching the page for the line he saw
    did not find. Every page's quote of the note is one a command says."""
    from rowreader.launch import loading_note

    said = {loading_note(prog) for prog in {*_progs_run_main_names(), "PROG"}}  # PROG: the pages' "any command"
    quoted = [
        (page.name, m)
        for page in PAGES
        for m in re.findall(r'"([^"]*stopping once it has loaded[^"]*)"', _flat(page.read_text(encoding="utf-8")))
    ]
    assert quoted, "no page quotes the note any more"
    assert [q for q in quoted if q[1] not in said] == []
    assert loading_note("python -m training.fit") in _flat((REPO / "docs" / "training.md").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("module", "words"),
    [
        ("training.merge", "waits for it: the merge is complete, status 0"),
        ("training.unipen_convert", "waits for them: the conversion is complete, status 0"),
    ],
)
def test_thirtyfifth_docs_the_help_says_a_stop_during_the_last_write_ends_0(module: str, words: str, capsys) -> None:
    """Since the thirty-fourth round a stop that comes while the merged model (the converter's pair) is written
    waits for it and the command ends complete, status 0; its --help said only "130 when stopped by Ctrl-C and 143
    by SIGTERM", so a script that stopped it there and read 0 had nothing to read it by."""
    import importlib

    main = importlib.import_module(module).main
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    assert words in _flat(capsys.readouterr().out)


def test_thirtyfifth_docs_the_models_menus_marks_are_the_ones_its_page_quotes(tmp_path: Path) -> None:
    """docs/teaching.md quoted a model that cannot be read as "(cannot be read: No such file or directory)" and
    said nothing of the mark of a damaged one, "(damaged: cannot be read)", which the thirty-fourth round gave the
    opened and compared models too. Both marks, as the menu writes them, are on the page."""
    from gui.models_menu import _read_note

    damaged = tmp_path / "cut.safetensors"
    damaged.write_bytes(b'\x08\x00\x00\x00\x00\x00\x00\x00{"a": 1')
    page = _flat((REPO / "docs" / "teaching.md").read_text(encoding="utf-8"))
    for path in (damaged, tmp_path / "gone.safetensors"):
        note = _read_note(path)[1].strip()
        assert note.startswith("(") and note in page, note


def test_thirtyfifth_docs_library_md_says_metadata_a_load_refuses_is_refused_as_saved(tmp_path: Path) -> None:
    """docs/library.md described `save_checkpoint` without the thirty-fourth round's refusal of metadata a load
    would refuse (it wrote a whole number of 1,001 digits, and the model was lost). The page quotes the refusal
    as `Checkpoint(…)` and a save say it, and nothing is written."""
    from rowreader import load_pretrained
    from rowreader.checkpoint import Checkpoint, save_checkpoint

    shipped = load_pretrained()
    with pytest.raises(ValueError) as made:
        Checkpoint(shipped.config, shipped.weights, {"seed": 10**1000})
    out = tmp_path / "big.safetensors"
    with pytest.raises(ValueError, match=re.escape(str(made.value))):
        save_checkpoint(out, shipped, {"seed": 10**1000})
    assert not out.exists() and list(tmp_path.iterdir()) == []
    assert str(made.value) in _flat((REPO / "docs" / "library.md").read_text(encoding="utf-8"))


def test_thirtyfifth_docs_teaching_md_quotes_the_docks_clash_line_as_it_is_made() -> None:
    """The thirty-fourth round shortened the dock's "⚠ the same picture is kept as …" line in a narrow dock, a line
    docs/teaching.md never named (only the teach dialog's "pictures kept under two digits"). The page quotes it as
    the dock writes it: "⚠ " and the library's sentence (`ExampleSet.label_clashes`)."""
    import numpy as np

    from rowreader.example_folder import Example, ExampleSet

    image = np.zeros((28, 28), np.float32)
    name = "20261203-222555-862813c7da8d8792.png"
    kept = ExampleSet([Example(Path("/e/2") / name, 2, image), Example(Path("/e/7/x.png"), 7, image)])
    (clash,) = kept.label_clashes()
    line = f"⚠ {clash}".removesuffix("x.png)")
    assert line == f"⚠ the same picture is kept as a 2 (2/{name}) and as a 7 (7/"
    assert line in _flat((REPO / "docs" / "teaching.md").read_text(encoding="utf-8"))


def test_thirtyfifth_docs_teaching_md_quotes_ctrl_t_naming_a_replaced_models_network(tmp_path: Path) -> None:
    """Ctrl+T from a model file replaced by one of another depth names both networks since the thirty-fourth round
    ("GRU 2×24"); docs/teaching.md said only that it is refused "saying so". It quotes the words Ctrl+T says."""
    import rowreader
    from gui.teach_command import TeachCommand
    from rowreader.checkpoint import load_checkpoint
    from rowreader.model import ReaderConfig

    model = tmp_path / "two.safetensors"
    rowreader.save_checkpoint(model, rowreader.RowReader(ReaderConfig(hidden_size=24, layers=2, cell="gru")))
    in_use = load_checkpoint(model)
    rowreader.save_checkpoint(model, rowreader.RowReader(ReaderConfig(hidden_size=24, cell="gru")), force=True)
    said = str(TeachCommand._base_unusable(model, in_use))
    quote = re.search(r"it holds another model \([^)]*\)", said)
    assert quote is not None, said
    assert quote[0] in _flat((REPO / "docs" / "teaching.md").read_text(encoding="utf-8"))


def test_thirtyfifth_docs_the_app_md_names_the_cell_maps_titles_and_the_legends_least_bar() -> None:
    """The thirty-fourth round made the cell map's title the longest of three that fits, the legend's bar giving
    way first, and docs/the-app.md named neither. The page names the titles and the least bar the code has."""
    from gui.state_heatmap import CELL_TITLES, LEGEND_BAR_LEAST

    page = _flat((REPO / "docs" / "the-app.md").read_text(encoding="utf-8"))
    titles = ", ".join(f'"{title}"' for title in CELL_TITLES[:-1]) + f' and "{CELL_TITLES[-1]}"'
    assert f"of {titles} that fits" in page
    assert f"the legend's bar gives way (to {LEGEND_BAR_LEAST:g} px)" in page
