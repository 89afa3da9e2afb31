"""The UNIPEN 1a converter on small releases written here: how components are counted and cut, includes, the
glyph's turn, the drops, the split, damaged input and foreign files; and its output format against the published
file (no real source data are kept in this repository)."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rowreader.unipen import FILE_NAME, person_of, read_unipen, unipen_file
from training.unipen_convert import (
    COPIED,
    DUPLICATE,
    IBM_BOXED,
    NOT_A_DIGIT,
    SINGLE_POINT,
    SUMS_NAME,
    Conversion,
    convert,
    gzipped_lines,
    main,
    writer_split,
)
from training.unipen_format import UnipenSourceError

PEN_DATA = """.COORD X Y
.WRITER_ID anna
.PEN_DOWN
10 50
10 20
.PEN_UP
.PEN_DOWN
.PEN_UP
.PEN_DOWN
30 40
40 40
50 45
.PEN_UP
60 60
61 61
.PEN_DOWN
5 5
6 7
.PEN_UP
"""
# Non-empty components: 0 = down (10,50)(10,20); 1 = down (30,40)(40,40)(50,45); 2 = up (60,60)(61,61); 3 = down
# (5,5)(6,7). The empty .PEN_UP blocks and the empty .PEN_DOWN are not counted.


def release(root: Path, files: dict[str, str]) -> Path:
    """A source tree like GreenCappuccino/train_r01_v07: ``data/1a/...`` label files and ``include/...``."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="latin-1")
    (root / "include").mkdir(exist_ok=True)
    return root


def label_file(include: str, *segments: str) -> str:
    lines = [".VERSION 1.0", f".INCLUDE {include}"]
    lines += [f'.SEGMENT CHARACTER {delineation} ? "{label}"' for delineation, label in map(str.split, segments)]
    return "\n".join(lines) + "\n"


def converted(tmp_path: Path, pen_data: str, *segments: str, contributor: str = "xyz") -> list[dict]:
    """The digits kept of one label file ``data/1a/xyz/anna.dat`` with these segments ("DELINEATION LABEL")."""
    return conversion_of(tmp_path, pen_data, *segments, contributor=contributor).records


def conversion_of(tmp_path: Path, pen_data: str, *segments: str, contributor: str = "xyz") -> Conversion:
    source = release(
        tmp_path / "src",
        {
            f"data/1a/{contributor}/anna.dat": label_file(f"{contributor}/data/anna.dat", *segments),
            f"include/{contributor}/data/anna.dat": pen_data,
        },
    )
    return convert(source)


def test_components_are_numbered_without_the_empty_ones_and_pen_up_points_are_no_ink(tmp_path):
    records = converted(tmp_path, PEN_DATA, "0 1", "1 2", "3 3", "1-3 4")
    assert [r["segment"] for r in records] == ["0", "1", "3", "1-3"]
    assert records[0]["strokes"] == [[[0, 0], [0, 30]]]  # component 0, y turned down
    assert records[1]["strokes"] == [[[0, 5], [10, 5], [20, 0]]]  # component 1, not the empty down block
    assert records[2]["strokes"] == [[[0, 2], [1, 0]]]  # component 3: the pen-up block 2 counted
    assert len(records[3]["strokes"]) == 2  # 1 through 3: two pen-down pieces, the pen-up one skipped


def test_point_level_delineations_cut_inside_components_inclusive_and_0_based(tmp_path):
    records = converted(tmp_path, PEN_DATA, "1:1-1:2 1", "0-1:0 2", "0:1-1 3", "1,0 4")
    strokes = [r["strokes"] for r in records]
    assert strokes[0] == [[[0, 5], [10, 0]]]  # points 1..2 of component 1: (40,40)(50,45)
    assert strokes[1] == [[[0, 0], [0, 30]], [[20, 10]]]  # all of 0, then point 0 of 1: (10,50)(10,20) | (30,40)
    assert strokes[2] == [[[0, 25]], [[20, 5], [30, 5], [40, 0]]]  # (10,20) | (30,40)(40,40)(50,45)
    assert strokes[3] == [[[20, 10], [30, 10], [40, 5]], [[0, 0], [0, 30]]]  # a comma list, in its order


def test_glyphs_are_turned_y_down_and_moved_to_their_bounding_box(tmp_path):
    pen = ".WRITER_ID w\n.PEN_DOWN\n100 200\n110 260\n.PEN_DOWN\n105 230\n.PEN_UP\n"
    (record,) = converted(tmp_path, pen, "0-1 7")
    # max y 260 → 0, min x 100 → 0; x is kept, not mirrored
    assert record["strokes"] == [[[0, 60], [10, 0]], [[5, 30]]]
    assert list(record) == ["label", "writer", "contributor", "source", "segment", "split", "strokes"]
    assert record | {"strokes": None} == {
        "label": 7,
        "writer": "xyz/w",
        "contributor": "xyz",
        "source": "data/1a/xyz/anna.dat",
        "segment": "0-1",
        "split": "test",  # the only person: the test set is empty, so below 20 %
        "strokes": None,
    }


def test_a_line_may_hold_several_points(tmp_path):
    (record,) = converted(tmp_path, ".WRITER_ID w\n.PEN_DOWN\n0 9 1 8\n2 7\n", "0 1")
    assert record["strokes"] == [[[0, 0], [1, 1], [2, 2]]]


def test_includes_are_resolved_under_include_nested_and_coord_columns_are_read(tmp_path):
    source = release(
        tmp_path / "src",
        {
            "data/1a/xyz/anna.dat": label_file("xyz/xyz.doc", "0 4") + ".INCLUDE xyz/data/anna.dat\n",
            "include/xyz/xyz.doc": ".COORD T X Y\n.X_POINTS_PER_INCH 100\n",
            "include/xyz/data/anna.dat": ".INCLUDE xyz/writer.inc\n.PEN_DOWN\n0 1 9\n1 3 8\n",
            "include/xyz/writer.inc": ".WRITER_ID anna\n",
        },
    )
    (record,) = convert(source).records
    assert record["writer"] == "xyz/anna"
    assert record["strokes"] == [[[0, 0], [2, 1]]]  # X and Y picked from T X Y


def test_exact_duplicates_are_dropped_the_first_is_kept(tmp_path):
    source = release(
        tmp_path / "src",
        {
            "data/1a/xyz/anna.dat": label_file("xyz/data/anna.dat", "0 1", "1 2"),
            "data/1a/xyz/bert.dat": label_file("xyz/data/bert.dat", "0 1", "1 2"),
            "include/xyz/data/anna.dat": PEN_DATA,
            "include/xyz/data/bert.dat": PEN_DATA.replace("anna", "bert").replace("30 40", "31 40"),
        },
    )
    conversion = convert(source)
    assert [(r["writer"], r["segment"]) for r in conversion.records] == [
        ("xyz/anna", "0"),
        ("xyz/anna", "1"),
        ("xyz/bert", "1"),
    ]
    assert conversion.dropped == {DUPLICATE: 1}  # bert's 0 is a copy of anna's; his 1 differs in one point


def test_the_other_drop_rules(tmp_path):
    ibm = ".WRITER_ID r01-07\n.PEN_DOWN\n50 60\n55 70\n.PEN_DOWN\n5 9\n0 3\n2 0\n.PEN_DOWN\n0 0\n"
    source = release(
        tmp_path / "src",
        {
            "data/1a/ibm/r.dat": label_file("ibm/r.dat", "0 1", "1 1", "2 1", "0 A"),
            "include/ibm/r.dat": ibm,
            "data/1a/gmd/kast.dat": label_file("gmd/kast.dat", "0 3", "9440 3"),
            "include/gmd/kast.dat": ".WRITER_ID kast\n" + ".PEN_DOWN\n1 2\n3 4\n" * 9441,
        },
    )
    conversion = convert(source)
    assert [(r["source"], r["segment"]) for r in conversion.records] == [
        ("data/1a/gmd/kast.dat", "0"),
        ("data/1a/ibm/r.dat", "0"),
    ]
    # ibm's box-normalised glyphs lie on both axes ("1" starts at (5, 9)); "2", a single point, counts as ibm's
    assert conversion.dropped == {COPIED: 1, IBM_BOXED: 2, NOT_A_DIGIT: 1}
    pen = ".WRITER_ID w\n.PEN_DOWN\n3 4\n.PEN_DOWN\n3 4\n5 6\n.PEN_DOWN\n7 7\n7 7\n"
    single = conversion_of(tmp_path / "single", pen, "0 1", "1 1", "2 1")
    assert [r["segment"] for r in single.records] == ["1"]
    assert single.dropped == {SINGLE_POINT: 2}  # one point, or one point sampled twice (a resting pen)


def test_the_split_keys_ibm_sessions_by_writer_and_fills_test_to_a_fifth_in_sha256_order():
    writers = {"a/1": 30, "a/2": 25, "ibm/r01-05": 10, "ibm/r02-05": 10, "b/x": 15, "b/y": 10}
    records = [{"writer": w} for w, n in writers.items() for _ in range(n)]
    split = writer_split(records)
    assert set(split) == {"a/1", "a/2", "ibm/05", "b/x", "b/y"}  # one person for both ibm sessions
    order = sorted(split, key=lambda key: hashlib.sha256(key.encode()).hexdigest())
    counts = {"a/1": 30, "a/2": 25, "ibm/05": 20, "b/x": 15, "b/y": 10}
    in_test = 0
    for person in order:  # test while it holds fewer than 20 of the 100 digits, then train
        assert split[person] == ("test" if in_test < 20 else "train"), person
        in_test += counts[person] if split[person] == "test" else 0
    assert 20 <= in_test < 20 + max(counts.values())


INCLUDED = "include/xyz/data/anna.dat"


@pytest.mark.parametrize(
    ("pen_data", "segment", "where", "says"),
    [
        (PEN_DATA.replace("50 45", "50 4S"), "1 1", ("include/xyz/data/anna.dat", 12), "not a point"),
        (PEN_DATA.replace("50 45", "50 45 7"), "1 1", ("include/xyz/data/anna.dat", 12), "3 numbers, not a whole"),
        (PEN_DATA, "4 1", ("data/1a/xyz/anna.dat", 3), "past the last one (3"),
        (PEN_DATA, "1:3-1 1", ("data/1a/xyz/anna.dat", 3), "which has 3"),
        (PEN_DATA, "1-x 1", ("data/1a/xyz/anna.dat", 3), "is not A, A-B"),
        (PEN_DATA.replace(".WRITER_ID anna\n", ""), "1 1", ("data/1a/xyz/anna.dat", None), "no .WRITER_ID"),
        (PEN_DATA + ".INCLUDE xyz/gone.dat\n", "1 1", ("include/xyz/data/anna.dat", 20), "there is no file"),
        # read by float() and written as NaN or Infinity, or beyond float32, and the output then refused by the loader
        (PEN_DATA.replace("50 45", "50 nan"), "1 1", ("include/xyz/data/anna.dat", 12), "nan is not a number"),
        (PEN_DATA.replace("50 45", "-inf 45"), "1 1", ("include/xyz/data/anna.dat", 12), "-inf is not a number"),
        # int() and float() read these as 1000 and 7: damage taken for points (the fifteenth round)
        (PEN_DATA.replace("50 45", "1_000 45"), "1 1", (INCLUDED, 12), "1_000 is not a number as UNIPEN writes"),
        (PEN_DATA.replace("50 45", "+7 45"), "1 1", (INCLUDED, 12), "+7 is not a number"),
        (PEN_DATA.replace("50 45", "1e400 45"), "1 1", ("include/xyz/data/anna.dat", 12), "1e400 is not a finite"),
        (PEN_DATA.replace("50 45", "1e39 45"), "1 1", ("data/1a/xyz/anna.dat", 3), "too large for float32"),
        (PEN_DATA.replace("50 45", "9" * 30 + " 45"), "1 1", ("data/1a/xyz/anna.dat", 3), "beyond 64 bits"),
        # a form feed (a page break) or latin-1's 0x85 ended a line for splitlines(), not for an editor: the line
        # named was one further down (the fourteenth round); CRLF counts as one line end
        (PEN_DATA.replace("anna\n", "anna\n\f\n").replace("50 45", "50 4S"), "1 1", (INCLUDED, 13), "not a point"),
        (PEN_DATA.replace("10 20", "10 20\x85").replace("50 45", "50 4S"), "1 1", (INCLUDED, 12), "not a point"),
        (PEN_DATA.replace("\n", "\r\n").replace("50 45", "50 4S"), "1 1", (INCLUDED, 12), "not a point"),
    ],
)
def test_damaged_input_is_an_error_naming_the_file_and_line(tmp_path, capsys, pen_data, segment, where, says):
    with pytest.raises(UnipenSourceError) as caught:
        converted(tmp_path, pen_data, segment)
    assert caught.value.path == tmp_path / "src" / where[0]
    assert caught.value.line == where[1]
    assert says in caught.value.reason
    shown = f"{tmp_path / 'src' / where[0]}, line {where[1]}: " if where[1] else f"{tmp_path / 'src' / where[0]}: "
    assert main([str(tmp_path / "src"), "--out", str(tmp_path / "out")]) == 2
    assert shown in capsys.readouterr().err
    assert not (tmp_path / "out" / FILE_NAME).exists()


def test_main_writes_prints_and_rewrites_its_own_output(tmp_path, capsys):
    source = release(
        tmp_path / "src",
        {
            "data/1a/xyz/anna.dat": label_file("xyz/data/anna.dat", "0 1", "1 2", "3 3", "0 1"),
            "include/xyz/data/anna.dat": PEN_DATA,
        },
    )
    out = tmp_path / "out"
    assert main([str(source), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "test: 3 digits of 1 person (1 writer ID)" in printed and "train: 0 digits" in printed
    assert f"1  {DUPLICATE}" in printed and "kept 3 of 4 segments" in printed
    data = (out / FILE_NAME).read_bytes()
    records = [json.loads(line) for line in gzip.decompress(data).decode().splitlines()]
    assert [r["segment"] for r in records] == ["0", "1", "3"]
    assert data == gzipped_lines(records)
    assert (out / SUMS_NAME).read_text() == f"{hashlib.sha256(data).hexdigest()}  {FILE_NAME}\n"
    # its own earlier output is replaced; other lines of SHA256SUMS (the data folder's README) are kept
    (out / SUMS_NAME).write_text((out / SUMS_NAME).read_text() + f"{'0' * 64}  README.md\n")
    assert main([str(source), "--out", str(out)]) == 0
    assert (out / SUMS_NAME).read_text().splitlines() == [
        f"{'0' * 64}  README.md",
        f"{hashlib.sha256(data).hexdigest()}  {FILE_NAME}",
    ]


@pytest.mark.parametrize("sums", [None, "not a checksum list\n", f"{'0' * 64}  {FILE_NAME}\n"])
def test_a_file_that_is_not_ours_is_never_written_over(tmp_path, capsys, sums):
    source = release(
        tmp_path / "src",
        {"data/1a/xyz/anna.dat": label_file("xyz/data/anna.dat", "0 1"), "include/xyz/data/anna.dat": PEN_DATA},
    )
    out = tmp_path / "out"
    out.mkdir()
    (out / FILE_NAME).write_bytes(b"someone's file")
    if sums is not None:
        (out / SUMS_NAME).write_text(sums)
    assert main([str(source), "--out", str(out)]) == 2
    assert "nothing is written" in capsys.readouterr().err
    assert (out / FILE_NAME).read_bytes() == b"someone's file"
    assert sorted(p.name for p in out.iterdir()) == sorted([FILE_NAME] + ([SUMS_NAME] if sums else []))


def test_not_a_release_says_what_it_needs(tmp_path, capsys):
    assert main([str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "needs data/1a/ and include/" in capsys.readouterr().err


def test_out_naming_a_file_says_so(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(SystemExit) as refused:  # the forty-third round: refused with the command line
        main([str(tmp_path), "--out", str(tmp_path / "notes.txt")])
    assert refused.value.code == 2 and "notes.txt is a file, not a folder" in capsys.readouterr().err
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize(
    ("out", "says"),
    [
        ("/dev/full", "/dev/full is a device, not a folder"),
        ("{tmp}/notes.txt/sub", "notes.txt is a file, not a folder"),
    ],
)
def test_eighteenth_out_naming_a_device_or_under_a_file_says_what_is_there(tmp_path, capsys, out, says):
    """`--out /dev/full` (or a FIFO) was "/dev/full is a file, not a folder", and `--out notes.txt/sub` read the
    whole source before mkdir said "[Errno 20] Not a directory": what stands in the way is named, at once."""
    (tmp_path / "notes.txt").write_text("mine")
    source = release(tmp_path / "src", {"data/1a/xyz/anna.dat": label_file("xyz/data/anna.dat", "0 1")})
    with pytest.raises(SystemExit) as refused:  # the forty-third round: refused with the command line
        main([str(source), "--out", out.format(tmp=tmp_path)])
    err = capsys.readouterr().err
    assert refused.value.code == 2 and "argument --out: " in err and says in err, err
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_the_published_file_is_what_this_writer_and_split_make_of_its_digits():
    """Same JSON fields, order and spacing, same gzip bytes, same split: a rebuild with equal digits has the
    published checksum."""
    published = unipen_file().read_bytes()
    records = [json.loads(line) for line in gzip.decompress(published).decode().splitlines()]
    split = writer_split(records)
    assert all(split[person_of(r["writer"])] == r["split"] for r in records)
    assert gzipped_lines(records) == published


# a coordinate as a source file may hold it: whole numbers of any size, decimals, exponents, nan and inf, signs
_TOKENS = st.one_of(
    st.integers(-(10**45), 10**45).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["1e39", "-3.5e38", "3.4e38", "1e-50", "nan", "-inf", "Infinity", "1_000", "+7", "0x10", "½"]),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    points=st.lists(st.tuples(_TOKENS, _TOKENS), min_size=1, max_size=6),
    writer=st.text(st.characters(max_codepoint=255), min_size=1, max_size=8),
)
def test_what_the_converter_writes_the_loader_reads(tmp_path_factory, points, writer):
    """Whatever coordinates and writer a source holds, the converter refuses it by file and line, or writes a file
    that `read_unipen` reads whole: it wrote NaN, Infinity and 1e39 into a file the loader refused (the fourteenth
    round)."""
    root = tmp_path_factory.mktemp("src")
    writer = " ".join(writer.replace(".", "_").split()) or "w"  # one line, not a keyword
    pen_data = ".COORD X Y\n.WRITER_ID " + writer + "\n.PEN_DOWN\n" + "".join(f"{x} {y}\n" for x, y in points)
    try:
        conversion = conversion_of(root, pen_data, "0 3")
    except UnipenSourceError as err:
        assert str(root / "src") in str(err) and err.line is not None
        return
    if not conversion.records:  # a single point is dropped; main refuses to write no digits (tested below)
        return
    path = root / "out.jsonl.gz"
    for record in conversion.records:
        record["split"] = "train"
    path.write_bytes(gzipped_lines(conversion.records))
    assert len(read_unipen(path)) == len(conversion.records)


def test_a_release_of_no_digit_kept_writes_nothing(tmp_path, capsys):
    """Every segment dropped (here a non-digit and a single point) wrote an empty digits.jsonl.gz, which the loader
    refuses as holding no digits (the fourteenth round)."""
    source = release(
        tmp_path / "src",
        {"data/1a/xyz/anna.dat": label_file("xyz/data/anna.dat", "0 x"), "include/xyz/data/anna.dat": PEN_DATA},
    )
    assert main([str(source), "--out", str(tmp_path / "out")]) == 2
    captured = capsys.readouterr()
    assert "kept 0 of 1 segment;" in captured.out and f"no segment of {source} was kept as a digit" in captured.err
    assert not (tmp_path / "out" / FILE_NAME).exists()


def test_seventeenth_another_conversion_is_replaced_only_with_force(tmp_path, capsys):
    """`unipen_convert PART --out DATA`, DATA the folder training reads (the release's 15,003 digits converted
    there), replaced them with the 1 digit of a partial checkout, not a word said: an earlier output was taken for
    ours to replace whatever it held. One that differs is left as it is, unless --force; the same one is rewritten."""
    files = {"data/1a/xyz/anna.dat": label_file("xyz/data/anna.dat", "0 1", "1 2")}
    files["include/xyz/data/anna.dat"] = PEN_DATA
    whole = release(tmp_path / "whole", files)
    part = release(tmp_path / "part", {**files, "data/1a/xyz/anna.dat": label_file("xyz/data/anna.dat", "0 1")})
    out = tmp_path / "out"
    assert main([str(whole), "--out", str(out)]) == 0
    kept = {name: (out / name).read_bytes() for name in (FILE_NAME, SUMS_NAME)}
    assert main([str(whole), "--out", str(out)]) == 0  # the same conversion again
    capsys.readouterr()
    assert main([str(part), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    then = hashlib.sha256(kept[FILE_NAME]).hexdigest()[:12]
    assert f"{out / FILE_NAME} holds another conversion (sha256 {then}…)" in err
    assert "this one, of 1 digit, would replace it; it is left as it is: pass --force to replace it" in err, err
    assert {name: (out / name).read_bytes() for name in kept} == kept
    assert main([str(part), "--out", str(out), "--force"]) == 0
    assert len(read_unipen(out / FILE_NAME)) == 1


def test_eighteenth_two_converters_into_one_out_do_not_run_at_once(tmp_path, capsys, monkeypatch):
    """Two converters of two checkouts writing one --out took no lock: both read for minutes and both wrote, the
    later one's file staying while the other said it had written its own. The second is refused at once, naming
    the lock, before it reads anything; a converter that fails takes back the folders it made for --out."""
    import training.unipen_convert as unipen_convert
    from rowreader.atomic import holding_lock

    files = {"data/1a/xyz/anna.dat": label_file("xyz/data/anna.dat", "0 1"), "include/xyz/data/anna.dat": PEN_DATA}
    source, out = release(tmp_path / "src", files), tmp_path / "out"
    real = unipen_convert.convert
    with monkeypatch.context() as m, holding_lock(out / FILE_NAME):  # a converter writing into out
        m.setattr(unipen_convert, "convert", lambda source: pytest.fail("the second converter read its source"))
        assert main([str(source), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"another converter is writing into {out} (it holds {out / FILE_NAME}.lock)" in err, err
    assert not out.exists() or not list(out.iterdir())
    monkeypatch.setattr(unipen_convert, "convert", lambda source: Conversion([], real(source).dropped))
    assert main([str(source), "--out", str(tmp_path / "new" / "sub")]) == 2  # no digit kept: nothing written
    assert not (tmp_path / "new").exists()
