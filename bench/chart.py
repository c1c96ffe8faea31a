"""bench/results.png: the service's throughput as a multiple of its reference's, per load,
with the target each load must reach."""

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: the machines running `make bench` have no screen

import matplotlib.pyplot as plt

# (label, the service's req/s divided by its reference's, the target for that ratio)
Bar = tuple[str, float, float]


def draw_ratios(bars: Sequence[Bar], path: Path, *, title: str) -> None:
    labels = [label for label, _, _ in bars]
    ratios = [ratio for _, ratio, _ in bars]
    targets = [target for _, _, target in bars]
    figure, axes = plt.subplots(figsize=(9, 0.55 * len(bars) + 1.5))
    positions = range(len(bars))
    colours = [
        "tab:green" if ratio >= target else "tab:red"
        for ratio, target in zip(ratios, targets, strict=True)
    ]
    axes.barh(positions, ratios, color=colours)
    axes.scatter(targets, positions, marker="|", s=400, color="black", label="target", zorder=3)
    for position, ratio in zip(positions, ratios, strict=True):
        axes.text(ratio, position, f" {ratio:.2f}x", va="center")
    axes.axvline(1.0, color="grey", linewidth=0.8)
    axes.set_yticks(list(positions), labels)
    axes.invert_yaxis()
    axes.set_xlabel("service req/s ÷ reference req/s (green: target met)")
    axes.set_title(title)
    axes.set_xlim(0, max(*ratios, *targets) * 1.15)  # room for the labels
    axes.legend(loc="best")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
