"""The sixty-third round's review59: library5's merged work (flags told by type, bfloat16 values written as bfloat16,
``sure`` a rounding error over 1, a Decimal ``sure``, the empty header, shortened refusals) tried as a hostile user
would. Each test of a defect was seen failing on the code before its fix."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rowreader
from rowreader.caller_values import value_text


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("1.0000011", "got '1.0000011' (over 1 by 1.1e-06)"),  # decided_at's words (cli19): no percentage meant
        ("1.000005", "got '1.000005' (over 1 by 5e-06)"),
        ("12.3456789", "got '12.3456789' (a percentage? 0.123456789 is 12.3456789 %)"),
        ("90.000001%", "is a belief, not a percentage: '90.000001%' is --sure 0.90000001"),
        ("1e-300%", "is a belief, not a percentage: '1e-300%' is --sure 1e-302"),
        ("1.5", "got '1.5' (a percentage? 0.015 is 1.5 %)"),
        ("1e2", "got '1e2' (a percentage? 1 is 100 %)"),
        ("50%", "is a belief, not a percentage: '50%' is --sure 0.5"),
    ],
)
def test_a_percentage_meant_by_sure_is_written_as_typed(capsys, typed: str, said: str) -> None:
    """`evaluate --sure 1.0000011`, just past library5's bound of a rounding error (1 + 1e-6), was still asked "a
    percentage? 0.01 is 1 %", and `--sure 90.000001%` told "is --sure 0.9": ``{:g}``'s six digits, numbers no one
    typed. Now each is written exactly, and a tiny percentage not as 302 zeros."""
    from rowreader.cli import main

    with pytest.raises(SystemExit):
        main(["evaluate", "--sure", typed])
    assert said in capsys.readouterr().err


def test_a_batch_too_large_says_its_size_shortly_and_the_batch_that_fits() -> None:
    """``stream(batch=2**70)`` said it "needs 12688364184535040.0 GiB of state", seventeen digits no one reads, and
    not how large a batch may be."""
    checkpoint = rowreader.load_pretrained()
    with pytest.raises(ValueError) as refused:
        checkpoint.stream(batch=2**70)
    most = int(str(refused.value).rsplit("batches of ", 1)[1].split()[0].replace(",", ""))
    assert str(refused.value) == (
        f"a stream of batch {2**70} for this model needs 1.27e+16 GiB of state, more than 4 GiB; read the images in "
        f"batches of {most:,} or fewer"
    )
    with pytest.raises(ValueError, match=r"needs 10\.7 GiB of state"):
        checkpoint.stream(batch=10**6)
    with pytest.raises(ValueError, match=r"more than 4 GiB"):
        checkpoint.stream(batch=most + 1)
    assert 100_000 < most < 10**6  # the batch named fits: most + 1 is the first refused


def test_every_bfloat16_value_is_written_so_torch_reads_it_back() -> None:
    """Checked and sound: each finite bfloat16 (65,280, subnormals and -0 among them) is written in digits that
    torch itself, from a Python float and not through library5's own rounding, reads back as that bfloat16, and
    those under 1 in the fewest that do (leftovers12: 4 significant digits or fewer, one fewer not giving it back, by
    torch's own rounding; mutant: the digits tried cut to 1–3, 4,906 values fell through to ``{:g}``, 1.065e-38
    written 1.06529e-38; trying up to 4 alone is equivalent, as no bfloat16 under 1 needs a fifth digit. From 10 up
    an exponent {:g} does not write is not written: MNIST's 255 as float8 was "2.6e+02", so 10048 is "10048").
    One pass serves the three tests that each wrote them all (or the half under 1) on their own: 6.6 + 6.0 + 3.0 s
    (load 11, 7 Dec 2026), now one."""
    values = (np.arange(65536, dtype=np.uint32) << 16).view(np.float32)
    values = values[np.isfinite(values)]
    texts = [value_text(value, held=torch.bfloat16) for value in values]
    back = torch.tensor([float(text) for text in texts], dtype=torch.float64).to(torch.bfloat16).float().numpy()
    assert np.array_equal(back.view(np.uint32), values.view(np.uint32))  # bit for bit: -0 stays -0
    assert max(map(len, texts)) <= 10 and value_text(np.float32(-0.30078125), held=torch.bfloat16) == "-0.3"
    assert value_text(np.float32(-0.0), held=torch.bfloat16) == "-0"
    assert value_text(np.float32(np.inf), held=torch.bfloat16) == "inf"
    under = np.flatnonzero((values != 0) & (np.abs(values) < 1))  # 0 is "0", no digit to spare
    digits = np.array([len(texts[i].split("e")[0].lstrip("-").replace(".", "").lstrip("0")) for i in under])
    assert digits.max() == 4, texts[under[int(np.argmax(digits))]]
    fewer = [float(f"{values[i]:.{n - 1}g}") if n > 1 else np.nan for i, n in zip(under, digits, strict=True)]
    rounded = torch.tensor(fewer, dtype=torch.bfloat16).float().numpy()
    same = (rounded == values[under]) & (digits > 1)
    assert not same.any(), [texts[under[i]] for i in np.flatnonzero(same)[:5]]


def test_a_bfloat16_view_with_strides_is_refused_in_bfloat16_s_words() -> None:
    """Checked and sound: a bfloat16 row taken as a strided, non-contiguous view is refused as -0.3, not -0.300781."""
    image = torch.full((28, 56), -0.3, dtype=torch.bfloat16)[:, ::2]
    assert not image.is_contiguous()
    stream = rowreader.load_pretrained().stream()
    with pytest.raises(ValueError, match=r"got -0\.3…-0\.3"):
        stream.feed(image[0])


def test_a_header_of_one_space_or_a_byte_order_mark_alone_is_empty(tmp_path) -> None:
    """library5's empty header said "its 1 bytes are spaces alone", and a header of a byte-order mark alone (which
    a header's JSON may begin with: it is read past) was still "not valid JSON: Expecting value at character 1"."""
    path = tmp_path / "model.safetensors"
    for header, said in [
        (b" ", "its 1 byte is a space alone"),
        (b"\t", "its 1 byte is a space alone"),
        ("\ufeff".encode(), "its 3 bytes are a byte-order mark alone"),  # leftovers11: a mark is no space
        ("\ufeff \n".encode(), "its 5 bytes are a byte-order mark and 2 spaces alone"),
    ]:
        path.write_bytes(len(header).to_bytes(8, "little") + header)
        with pytest.raises(rowreader.CheckpointError, match=f": the header is empty: {said}, where a JSON object"):
            rowreader.load_checkpoint(path)


LIMIT = "and this file system takes names of 255 bytes at most; give a shorter one"  # review67's one rule


def test_a_path_of_a_million_characters_is_named_shortly(tmp_path) -> None:
    """A path of a million characters, longer than any a system takes, was named whole by ``load_checkpoint``,
    ``load_mnist`` and ``save_checkpoint`` ("[Errno 36] File name too long: 'aaa…'"), each a line of 1 MB; now its
    ends and its length. A long path a system does take (300 characters) is still named whole."""
    name = "a" * 1_000_000
    said = f"{'a' * 60}…{'a' * 20} (1,000,000 characters)"
    with pytest.raises(OSError) as refused:
        rowreader.load_checkpoint(name)
    assert str(refused.value) == f"{said}: cannot read this checkpoint: its name is 1,000,000 bytes long, {LIMIT}"
    with pytest.raises(ValueError) as refused:  # as --data-dir says it (the sixty-fifth round, library7)
        rowreader.load_mnist(name)
    assert str(refused.value) == f"{said}: its name is 1,000,000 bytes long, {LIMIT}"
    with pytest.raises(OSError) as refused:
        rowreader.save_checkpoint(tmp_path / name, rowreader.load_pretrained())
    assert len(str(refused.value)) < 300 and f"({len(str(tmp_path / name)):,} characters)" in str(refused.value)
    assert list(tmp_path.iterdir()) == []  # nothing written
    with pytest.raises(OSError) as refused:
        rowreader.load_checkpoint("b" * 300)
    assert str(refused.value) == f"{'b' * 300}: cannot read this checkpoint: its name is 300 bytes long, {LIMIT}"
