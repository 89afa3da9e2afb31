"""The row reader as a torch module, for training, fine-tuning and batched (GPU) evaluation (the model's second
part: ``rowreader/model.py`` says what each file holds).

Input projection → stacked recurrent cell (``rowreader/cells``, chosen by ``ReaderConfig.cell``) → class logits,
applied after every row. Reading digits one row at a time does not need this module: :class:`rowreader.RowStream`
runs the same function in NumPy from the weights alone.
"""

from __future__ import annotations

import os

import numpy as np

from rowreader.caller_values import channel_hint
from rowreader.cells import draw_uniform, get_cell
from rowreader.model import CLASSES, COLUMNS, INITS, ROWS, ReaderConfig, a_config
from rowreader.needs_torch import needing_torch
from rowreader.stream import RowStream

with needing_torch("rowreader.RowReader (the reader as a torch module, for training and batched evaluation)"):
    import torch
    from torch import nn


# torch's pool of threads (OpenMP's) does not survive a fork: a child forked once torch had run in the parent (Linux's
# multiprocessing default) waited forever in its first parallel op, evaluate_curve's `min()` (pytorch/pytorch#17199).
# Such a child reads with one thread, as torch's own DataLoader workers do.
def _one_thread_in_a_forked_child() -> None:
    torch.set_num_threads(1)


if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
    os.register_at_fork(after_in_child=_one_thread_in_a_forked_child)


# A reader made on (or moved to) the meta device has shapes but no weights: nothing can be read, saved or scored.
NO_WEIGHTS_ON_META = (
    "the reader is on the meta device, which holds no weights: give it some first (reader.to_empty(device='cpu'), "
    "then reader.load_state_dict(...))"
)


class RowReader(nn.Module):
    """``forward`` processes whole images (training, evaluation); ``stream()`` reads one row at a time.

    The recurrent module is registered under its cell's name (``lstm``, ``gru``), which is what its tensors are
    called in checkpoints.
    """

    def __init__(self, config: ReaderConfig | None = None) -> None:
        super().__init__()
        self.config = ReaderConfig() if config is None else a_config(config)
        c = self.config
        self.cell = get_cell(c.cell)
        self.input = nn.Linear(COLUMNS, c.input_size)
        self.add_module(self.cell.name, self.cell.torch_module(c))
        self.output = nn.Linear(c.hidden_size, CLASSES)

    @property
    def recurrent(self) -> nn.Module:
        """The recurrent module, whatever the cell: ``self.lstm`` or ``self.gru``."""
        return getattr(self, self.cell.name)

    def initialise(self, generator: torch.Generator, init: str = "pytorch") -> RowReader:
        """Redraw every weight from ``generator``, so that a seed means the same weights on every machine.

        Layer by layer, in parameter order (input, cell, output), as :func:`rowreader.cells.draw_uniform` draws
        them. ``init="seed"`` then gives the input and output layers the seed tutorial's N(0, 1) weights and
        0.1 biases.
        """
        if not isinstance(generator, torch.Generator):  # None drew from torch's global state; 0 failed in its words
            raise TypeError(
                f"initialise takes a torch.Generator (torch.Generator().manual_seed(seed)), got {generator!r}"
            )
        if init not in INITS:
            raise ValueError(f"init must be one of {INITS}, got {init!r}")
        draw_uniform(self.input, self.config.hidden_size, generator)
        self.cell.initialise(self.recurrent, self.config, generator)
        draw_uniform(self.output, self.config.hidden_size, generator)
        if init == "seed":
            with torch.no_grad():
                for layer in (self.input, self.output):
                    layer.weight.copy_(torch.randn(layer.weight.shape, generator=generator))
                    layer.bias.fill_(0.1)
        return self

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        """Map images ``[B, 28, 28]`` in [0, 1] (ink = 1) to logits ``[B, 28, 10]``: one prediction per row."""
        self._check_images(images)
        if images.layout != torch.strided:  # a sparse batch failed as "add(sparse, dense) is not supported"
            images = images.to_dense()
        # read in the weights' type: float64 (NumPy's), float16 and bfloat16 failed as "mat1 and mat2 must have the
        # same dtype"
        images = images.to(self.output.weight.dtype)
        x = (images - self.config.pixel_mean) / self.config.pixel_std
        hidden, _ = self.recurrent(self.input(x))
        return self.output(hidden)

    def _check_images(self, images: torch.Tensor) -> None:
        """Refuse what ``forward`` cannot read as pixels, in words that say what to do, before any arithmetic."""
        # a NumPy batch failed as "'numpy.ndarray' object has no attribute 'dim'"
        if not isinstance(images, torch.Tensor):
            hint = " (torch.from_numpy(images) makes one)" if isinstance(images, np.ndarray) else ""
            raise TypeError(f"images must be a torch tensor [B, {ROWS}, {COLUMNS}], got {type(images).__name__}{hint}")
        if images.is_nested:  # its shape failed as "Internal error: NestedTensorImpl doesn't support sizes"
            raise ValueError(
                f"images must be one tensor [B, {ROWS}, {COLUMNS}], got a nested tensor (of digits of different "
                "shapes): to_mnist makes each 28×28, then torch.stack makes them one"
            )
        if images.dim() != 3 or images.shape[1:] != (ROWS, COLUMNS):
            hint = channel_hint(images.shape, (*images.shape[:1], ROWS, COLUMNS))  # len() of a 0-d tensor failed
            raise ValueError(f"expected images of shape [B, {ROWS}, {COLUMNS}], got {list(images.shape)}{hint}")
        # Told by the dtype alone (no look at the values, which would wait for the GPU): load_mnist's uint8 digits
        # passed as they are were read as 0…255 "pixels", 13.6 % right without a word.
        if not images.is_floating_point():
            # a mask was told to divide by 255, which would have made its ink 0.004
            how = (
                "a mask of ink: images.float() reads True as 1"
                if images.dtype == torch.bool
                else "divide 0…255 pixels (load_mnist's uint8 digits) by 255 first: images.float() / 255"
            )
            raise TypeError(f"images must be floating point pixels in [0, 1] (ink = 1), got {images.dtype}; {how}")
        # torch's words for meta images: "Tensor on device cpu is not on the expected device meta!"; told by the
        # devices alone, as the dtype is
        if images.device != self.device:
            what = "the meta device, which holds no values" if images.device.type == "meta" else str(images.device)
            raise ValueError(
                f"images are on {what}, the reader on {self.device}: move them there, images.to(reader.device)"
            )

    def numpy_weights(self) -> dict[str, np.ndarray]:
        """A float32 CPU copy of every tensor, by checkpoint name: what the NumPy reading path needs (a stream,
        ``Checkpoint.from_reader``, ``save_checkpoint``), refused for a reader on the meta device, which holds none:
        each failed there in torch's words ("Cannot copy out of meta tensor; no data!")."""
        if self.device.type == "meta":
            raise ValueError(NO_WEIGHTS_ON_META)
        with torch.no_grad():
            return {k: v.detach().to("cpu", torch.float32).numpy().copy() for k, v in self.state_dict().items()}

    def stream(self, batch: int | None = None) -> RowStream:
        """A stateful NumPy reader fed one row at a time; ``batch=B`` reads B images in lock-step.

        The stream copies the current weights, so train first, then stream.
        """
        return RowStream(self.config, self.numpy_weights(), batch=batch)

    @property
    def device(self) -> torch.device:
        return self.output.weight.device
