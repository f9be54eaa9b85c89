"""The result table and its JSON form, for comparing runs between commits."""

from __future__ import annotations

import json
import math
import platform
import sys
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

Direction = Literal["min", "max", "info"]


@dataclass(frozen=True)
class Figure:
    """One measured figure. With a goal, `ratio` is compared to it (min: ratio >= goal, max:
    value <= goal); `reference` names what the ratio is taken against."""

    name: str
    value: float
    unit: str
    goal: float | None = None
    direction: Direction = "info"
    ratio: float | None = None
    reference: str = ""
    goal_text: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool | None:
        if self.goal is None or self.direction == "info":
            return None
        measured = self.ratio if self.ratio is not None else self.value
        if math.isnan(measured):
            return False
        return measured >= self.goal if self.direction == "min" else measured <= self.goal


def _number(value: float | None, digits: int = 2) -> str:
    if value is None:
        return ""
    if math.isnan(value):
        return "n/a"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def table(figures: list[Figure]) -> str:
    header = ("figure", "value", "goal", "ratio", "result")
    rows = [header]
    for figure in figures:
        verdict = {None: "", True: "PASS", False: "FAIL"}[figure.passed]
        rows.append(
            (
                figure.name,
                f"{_number(figure.value)} {figure.unit}".strip(),
                figure.goal_text,
                "" if figure.ratio is None else f"{_number(figure.ratio)}x {figure.reference}",
                verdict,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def markdown(figures: list[Figure]) -> str:
    lines = ["| figure | value | goal | ratio | result |", "|---|---|---|---|---|"]
    for figure in figures:
        verdict = {None: "", True: "PASS", False: "FAIL"}[figure.passed]
        ratio = "" if figure.ratio is None else f"{_number(figure.ratio)}x {figure.reference}"
        value = f"{_number(figure.value)} {figure.unit}".strip()
        lines.append(f"| {figure.name} | {value} | {figure.goal_text} | {ratio} | {verdict} |")
    return "\n".join(lines)


def write_json(path: Path, figures: list[Figure], settings: dict[str, Any]) -> None:
    document = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "machine": platform.platform(),
        "settings": settings,
        "figures": [{**asdict(f), "passed": f.passed} for f in figures],
    }
    path.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")


def progress(message: str) -> None:
    stamp = datetime.now().strftime("%H:%M:%S")
    print(f"[{stamp}] {message}", file=sys.stderr, flush=True)
