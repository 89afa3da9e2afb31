"""bench/bench_prototypes.py, issue 8's measurement of a person's examples read beside the network as prototypes.

The mixing must leave the network's belief alone where no example is close (that is what keeps MNIST's cost near
zero), let an example identical to the drawing win at full weight, and read the hidden state the network reads; the
smoke mode runs the whole bench in seconds.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch


@pytest.fixture(scope="module")
def bench(bench_module):
    return bench_module("bench_prototypes")


def _drawings(n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random((n, 28, 28), dtype=np.float32)


def test_the_states_are_the_networks_own(bench, tiny_reader):
    images = _drawings(5)
    beliefs, states = bench.read_states(tiny_reader, images, batch_size=2)
    with torch.no_grad():
        logits = tiny_reader(torch.from_numpy(images))[:, -1]
    np.testing.assert_allclose(beliefs, torch.softmax(logits, -1).numpy(), rtol=1e-6, atol=1e-7)
    assert states.shape == (5, tiny_reader.config.hidden_size)
    np.testing.assert_allclose(tiny_reader.output(torch.from_numpy(states)).detach().numpy(), logits, atol=1e-5)


def test_states_after_several_rows_compare_as_the_mean_of_each_rows_cosine(bench, tiny_reader):
    images = _drawings(4, seed=3)

    def cosines(rows):
        _, states = bench.read_states(tiny_reader, images, rows=rows)
        np.testing.assert_allclose(np.linalg.norm(states, axis=1), 1.0, rtol=1e-5)
        return states @ states.T

    last = bench.unit(bench.read_states(tiny_reader, images)[1])
    np.testing.assert_allclose(cosines((28, 28)), last @ last.T, atol=1e-6)
    np.testing.assert_allclose(cosines((7, 28)), (cosines((7, 7)) + cosines((28, 28))) / 2, atol=1e-6)
    assert not np.allclose(cosines((7, 7)), cosines((28, 28)), atol=1e-3)


def test_weight_zero_or_no_close_example_leaves_the_network_belief_bit_for_bit(bench):
    rng = np.random.default_rng(1)
    p_net = rng.dirichlet(np.ones(10), 50).astype(np.float32)
    states, protos = rng.normal(size=(50, 16)), rng.normal(size=(30, 16))
    labels = rng.integers(0, 10, 30)
    assert np.array_equal(bench.mix(p_net, states, protos, labels, bench.Setting("off", -1.0, 0.05, 0.0)), p_net)
    far = bench.Setting("far", 1.01, 0.05, 1.0)  # no cosine reaches it
    assert np.array_equal(bench.mix(p_net, states, protos, labels, far), p_net)


def test_an_identical_example_at_full_weight_wins_and_the_gate_is_the_nearest_similarity(bench):
    p_net = np.zeros((2, 10), np.float32)
    p_net[:, 7] = 1.0  # the network sure of 7
    states = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    protos, labels = np.array([[2.0, 0.0, 0.0], [0.0, 1.0, 0.0]]), np.array([1, 4])
    mixed = bench.mix(p_net, states, protos, labels, bench.Setting("all", 0.99, 0.05, 1.0))
    assert mixed[0].argmax() == 1 and mixed[0, 1] > 0.99  # identical direction: cosine 1
    assert np.array_equal(mixed[1], p_net[1])  # nearest cosine 0: below the threshold
    half = bench.mix(p_net, states, protos, labels, bench.Setting("half", 0.99, 0.05, 0.5))
    np.testing.assert_allclose(half[0].sum(), 1.0, rtol=1e-6)
    assert half[0, 7] == pytest.approx(0.5)


def test_leave_one_out_chooses_by_the_other_examples_and_keeps_the_cautious_on_a_tie(bench):
    # two tight pairs of examples; the network reads the second pair's members wrong (as 0)
    states = np.array([[1.0, 0.0], [0.99, 0.05], [0.0, 1.0], [0.05, 0.99]])
    labels = np.array([0, 0, 3, 3])
    p_net = np.full((4, 10), 0.05, np.float32)
    p_net[:, 0] = 0.55
    cautious, helps = bench.Setting("c", 1.01, 0.05, 0.9), bench.Setting("h", 0.9, 0.05, 0.9)
    assert bench.leave_one_out(p_net, states, labels, (cautious, helps)) == helps
    only_itself = bench.Setting("self", 0.9999, 0.05, 0.9)  # acts on a drawing's own copy alone: never, left out
    assert bench.leave_one_out(p_net, states, labels, (cautious, only_itself)) == cautious
    # a guard digit, a 7 the network reads right, lies close to the first pair: "helps" would read it as 0
    guard_beliefs = np.full((1, 10), 0.05, np.float32)
    guard_beliefs[0, 7] = 0.55
    guard = bench.Guard(guard_beliefs, np.array([[1.0, 0.02]]), np.array([7]), 0.1)
    assert bench.leave_one_out(p_net, states, labels, (cautious, helps), guard) == cautious
    assert bench.leave_one_out(p_net, states, labels, (cautious, helps), guard._replace(points=100.0)) == helps
    p_net[2:, 0], p_net[2:, 3] = 0.05, 0.55  # the network right already: a tie, the first (cautious) kept
    assert bench.leave_one_out(p_net, states, labels, (cautious, helps)) == cautious


def test_the_smoke_run_prints_every_setting_for_the_base_model(bench, capsys):
    assert bench.main(["--limit", "300", "--hardest", "1", "--no-finetune"]) == 0
    out = capsys.readouterr().out
    assert "of 300;" in out
    for name in ("base+nudge", "base+wide", "base+loo", "base+guarded"):
        assert f"\n{name} " in out and "mean cut per person" in out
    assert "preset" not in out.split("Summary")[1].split("mean time")[0]
