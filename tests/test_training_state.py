"""training.state's check of a saved optimiser and schedule against the recipe's own form (before --resume)."""

from __future__ import annotations

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from training.state import check_moments, check_optimizer, check_schedule, form_differs


def fresh_run() -> tuple[torch.optim.Optimizer, torch.optim.lr_scheduler.LRScheduler]:
    model = torch.nn.Linear(3, 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    return optimizer, torch.optim.lr_scheduler.OneCycleLR(optimizer, 0.01, total_steps=10, pct_start=0.15)


def stepped(steps: int) -> tuple[dict, dict]:
    """The optimiser's and schedule's saved states after ``steps`` steps, as a training state holds them."""
    optimizer, scheduler = fresh_run()
    for _ in range(steps):
        optimizer.param_groups[0]["params"][0].grad = torch.ones(2, 3)
        optimizer.param_groups[0]["params"][1].grad = torch.ones(2)
        optimizer.step()
        scheduler.step()
    return optimizer.state_dict(), scheduler.state_dict()


def test_a_state_saved_by_the_recipe_passes():
    saved_optimizer, saved_schedule = stepped(3)
    optimizer, scheduler = fresh_run()
    check_optimizer(saved_optimizer, optimizer)
    optimizer.load_state_dict(saved_optimizer)
    check_moments(optimizer, 3)
    check_schedule(saved_schedule, scheduler.state_dict(), 3)


def test_another_torch_versions_fields_pass():
    """Another torch version saves a few fields of its own, lacks others, and leaves options None (or False)."""
    saved_optimizer, saved_schedule = stepped(2)
    group = saved_optimizer["param_groups"][0]
    group.pop("decoupled_weight_decay", None)
    group.update(fused=False, foreach=None, added_later=1)
    saved_schedule.pop("_is_initial", None)
    saved_schedule["verbose"] = False
    optimizer, scheduler = fresh_run()
    check_optimizer(saved_optimizer, optimizer)
    check_schedule(saved_schedule, scheduler.state_dict(), 2)


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (lambda o, s: o["param_groups"][0].update(lr="x"), "param_groups[0].lr"),
        (lambda o, s: o["param_groups"][0].update(lr=math.inf), "param_groups[0].lr"),
        (lambda o, s: o["param_groups"][0].update(lr=None), "param_groups[0].lr"),
        (lambda o, s: o["param_groups"][0].update(betas=[0.9, 0.999]), "param_groups[0].betas"),
        (lambda o, s: o["param_groups"][0].update(params=[0]), "param_groups[0].params"),
        (lambda o, s: o["state"][0].update(exp_avg="x"), "not tensors"),
        (lambda o, s: s.update(last_epoch=9), "stands at step 9, the run at 2"),
        (lambda o, s: s.update(total_steps=3), "total_steps 3, the recipe's 10"),
        (lambda o, s: s.update(base_lrs=[]), "(base_lrs) is not of the form"),
        (lambda o, s: s["_schedule_phases"][0].update(end_step="x"), "(_schedule_phases[0].end_step)"),
    ],
)
def test_a_damaged_optimiser_or_schedule_is_named(damage, says):
    saved_optimizer, saved_schedule = stepped(2)
    damage(saved_optimizer, saved_schedule)
    optimizer, scheduler = fresh_run()
    with pytest.raises(ValueError) as caught:
        check_optimizer(saved_optimizer, optimizer)
        check_schedule(saved_schedule, scheduler.state_dict(), 2)
    assert says in str(caught.value)


def test_moments_missing_or_of_another_shape_are_named():
    saved_optimizer, _ = stepped(2)
    optimizer, _ = fresh_run()
    optimizer.load_state_dict({**saved_optimizer, "state": {1: saved_optimizer["state"][1]}})
    with pytest.raises(ValueError, match="moments of parameter 0 are missing, after 2 steps"):
        check_moments(optimizer, 2)
    saved_optimizer["state"][1]["exp_avg"] = torch.zeros(5)
    optimizer.load_state_dict(saved_optimizer)
    with pytest.raises(ValueError, match=r"exp_avg of parameter 1 is \[5\], the parameter \[2\]"):
        check_moments(optimizer, 2)


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(saved=_VALUES, fresh=_VALUES)
def test_the_form_is_compared_without_failing_whatever_a_file_holds(saved, fresh):
    """Whatever a damaged state holds, the comparison names a difference or none, and never fails itself; a value
    is always of its own form when every number in it is finite."""
    assert form_differs(saved, fresh, "") is None or isinstance(form_differs(saved, fresh, ""), str)
    finite = "nan" not in repr(fresh) and "inf" not in repr(fresh)
    assert not finite or form_differs(fresh, fresh, "") is None
