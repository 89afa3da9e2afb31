"""Batch-wise augmentation on the training device, so that MNIST looks like what people draw.

People draw digits slanted, squashed, wobbly and with pens of every width; the app then normalises them with
``to_mnist``. So each batch gets, per sample and all in tensor ops (no per-sample Python):

1. a stroke-width change (a soft blend toward a dilated or eroded copy),
2. a random affine map (rotation, shear, anisotropic scale) plus a smooth elastic displacement, in one
   ``grid_sample``,
3. the same normalisation ``to_mnist`` applies to drawings: the ink's bounding box scaled to 20 px on its longer
   side, the centre of mass moved to (14, 14), the darkest ink stretched to 1.

Translation and overall size are not augmented: step 3 undoes them, exactly as it does for drawings.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from rowreader.model import COLUMNS, ROWS
from rowreader.preprocess import BOX, INK_THRESHOLD
from training.config import AugmentConfig


def _blur(field: torch.Tensor, sigma: float) -> torch.Tensor:
    """Separable Gaussian blur of ``[B, C, H, W]``; smooths random noise into an elastic displacement field."""
    radius = max(1, int(3 * sigma))
    x = torch.arange(-radius, radius + 1, device=field.device, dtype=field.dtype)
    kernel = torch.exp(-0.5 * (x / sigma) ** 2)
    kernel = kernel / kernel.sum()
    c = field.shape[1]
    field = F.conv2d(field, kernel.view(1, 1, 1, -1).expand(c, 1, 1, -1), padding=(0, radius), groups=c)
    return F.conv2d(field, kernel.view(1, 1, -1, 1).expand(c, 1, -1, 1), padding=(radius, 0), groups=c)


def _change_thickness(images: torch.Tensor, amount: torch.Tensor) -> torch.Tensor:
    """Blend each image toward its 3×3 dilation (amount > 0) or erosion (amount < 0)."""
    x = images[:, None]
    dilated = F.max_pool2d(x, 3, stride=1, padding=1)[:, 0]
    eroded = -F.max_pool2d(-x, 3, stride=1, padding=1)[:, 0]
    a = amount.view(-1, 1, 1)
    return torch.where(a >= 0, images + a * (dilated - images), images + (-a) * (eroded - images))


def _pixel_grid(size: int, device: torch.device, dtype: torch.dtype) -> tuple[torch.Tensor, torch.Tensor]:
    coords = torch.arange(size, device=device, dtype=dtype)
    return torch.meshgrid(coords, coords, indexing="ij")  # (rows, cols)


def normalise_like_mnist(images: torch.Tensor) -> torch.Tensor:
    """Batch version of ``to_mnist``'s geometry: bounding box → 20 px, centre of mass → (14, 14).

    Blank images stay blank. Sub-pixel placement (``to_mnist`` rounds to whole pixels) is close enough here.
    """
    b, size = images.shape[0], images.shape[-1]
    ink = images > INK_THRESHOLD
    rows_any, cols_any = ink.any(dim=2), ink.any(dim=1)
    idx = torch.arange(size, device=images.device)
    big = torch.full_like(idx, size)
    top = torch.where(rows_any, idx, big).min(dim=1).values
    bottom = torch.where(rows_any, idx, -1).max(dim=1).values
    left = torch.where(cols_any, idx, big).min(dim=1).values
    right = torch.where(cols_any, idx, -1).max(dim=1).values
    extent = torch.maximum(bottom - top, right - left).clamp(min=0).to(images.dtype) + 1
    scale = BOX / extent  # destination pixels per source pixel

    yy, xx = _pixel_grid(size, images.device, images.dtype)
    mass = images.sum(dim=(1, 2)).clamp(min=1e-6)
    com_y = (images * yy).sum(dim=(1, 2)) / mass
    com_x = (images * xx).sum(dim=(1, 2)) / mass
    # A source point q lands at scale·q + shift, shift rounded to whole pixels as to_mnist places digits —
    # so an already-normalised digit (scale 1) is moved, not resampled and blurred.
    s = scale.view(-1, 1, 1)
    shift_y = torch.round(ROWS / 2 - scale * com_y).view(-1, 1, 1)
    shift_x = torch.round(COLUMNS / 2 - scale * com_x).view(-1, 1, 1)
    src_y = (yy[None] - shift_y) / s
    src_x = (xx[None] - shift_x) / s
    # … converted to grid_sample's [-1, 1] coordinates (align_corners=False: pixel centres at (2i + 1)/n − 1).
    grid = torch.stack([(2 * src_x + 1) / size - 1, (2 * src_y + 1) / size - 1], dim=-1)
    out = F.grid_sample(images[:, None], grid, mode="bilinear", padding_mode="zeros", align_corners=False)[:, 0]
    blank = ~rows_any.any(dim=1)
    return torch.where(blank.view(b, 1, 1), images, out)


def augment(images: torch.Tensor, config: AugmentConfig | None, generator: torch.Generator) -> torch.Tensor:
    """Distort a batch ``[B, 28, 28]`` in [0, 1]; ``generator`` (on the images' device) makes it reproducible."""
    if config is None or not len(images):  # an empty share (a fine-tune's --replay 0): grid_sample refuses size 0
        return images
    b, device, dtype = images.shape[0], images.device, images.dtype

    def uniform(low: float, high: float, *shape: int) -> torch.Tensor:
        return torch.rand(*(shape or (b,)), generator=generator, device=device, dtype=dtype) * (high - low) + low

    chosen = uniform(0, 1) < config.probability
    # Erosion is gentler than dilation: thin MNIST strokes would vanish.
    x = _change_thickness(images, uniform(-config.thickness / 2, config.thickness))

    angle = uniform(-config.rotation_deg, config.rotation_deg) * (math.pi / 180)
    shear = uniform(-config.shear, config.shear)
    aspect = torch.exp(uniform(-config.aspect, config.aspect))
    cos, sin = torch.cos(angle), torch.sin(angle)
    # theta maps output coordinates to input coordinates: rotation · shear · (aspect, 1/aspect) scaling.
    theta = torch.zeros(b, 2, 3, device=device, dtype=dtype)
    theta[:, 0, 0] = cos * aspect
    theta[:, 0, 1] = (cos * shear - sin) / aspect
    theta[:, 1, 0] = sin * aspect
    theta[:, 1, 1] = (sin * shear + cos) / aspect
    grid = F.affine_grid(theta, [b, 1, ROWS, COLUMNS], align_corners=False)
    noise = uniform(-1, 1, b, 2, ROWS, COLUMNS)
    field = _blur(noise, config.elastic_sigma_px)
    field = field / field.abs().amax(dim=(1, 2, 3), keepdim=True).clamp(min=1e-6)
    # elastic_px pixels in grid_sample's [-1, 1] units, across and down alike: the field is square (ROWS = COLUMNS)
    grid = grid + field.permute(0, 2, 3, 1) * (config.elastic_px * 2 / ROWS)
    x = F.grid_sample(x[:, None], grid, mode="bilinear", padding_mode="zeros", align_corners=False)[:, 0]
    x = normalise_like_mnist(x.clamp(0, 1))
    # to_mnist stretches the darkest ink to 1, as every MNIST digit has it; do the same.
    x = x / x.amax(dim=(1, 2), keepdim=True).clamp(min=1e-6)
    return torch.where(chosen.view(b, 1, 1), x, images)
