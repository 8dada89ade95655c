"""The curators' guide is right: its examples (a spin-off with founders, an acquisition and an
investment; an event) build beside the bundled region, and the queries show them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from regiograph import GraphStore, build, query
from regiograph.build import BuildResult
from regiograph.resources import region_dir
from regiograph.store.loading import load_built

README = Path(__file__).parents[1] / "data" / "README.md"


def _build_example(heading: str, region_build: BuildResult, tmp_path: Path) -> GraphStore:
    """Build the bundled region with the first YAML example after ``heading`` added to it, as a
    curator does: over the region's earlier build, so that only the new file is compiled."""
    text = README.read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", text[text.index(heading):], re.S)
    assert example is not None
    region = Path(shutil.copytree(region_dir(), tmp_path / "leuven"))
    (region / "ecosystem" / "my-research.yaml").write_text(example.group(1), encoding="utf-8")
    shutil.copytree(region_build.out, tmp_path / "build")
    result = build(region, tmp_path / "build")
    assert result.report.conforms and result.recompiled == ["ecosystem/my-research.yaml"]
    return load_built(tmp_path / "build")


def test_the_spin_off_example_builds_and_tells_its_story(region_build: BuildResult,
                                                        tmp_path: Path) -> None:
    store = _build_example("## Adding a spin-off", region_build, tmp_path)
    fates = query("organisations/list-spin-offs", store=store).to_dicts()
    chips = [r for r in fates if r["spin_off"].endswith("/example-chips")]
    assert chips and chips[0]["acquirer_label"] == "Example Group"
    assert chips[0]["status"] == "acquired" and chips[0]["acquired"] == "2023-01"
    rounds = query("organisations/list-investments", store=store).to_dicts()
    seed = [r for r in rounds if r["investment"].endswith("/example-chips-seed-2019")]
    assert [r["investor_label"] for r in seed] == ["Gemma Frisius Fund"]
    assert seed[0]["amount"] == 2000000 and seed[0]["round"] == "seed"


def test_the_event_example_builds_and_shows_in_list_events(region_build: BuildResult,
                                                          tmp_path: Path) -> None:
    store = _build_example("### events", region_build, tmp_path)
    rows = [r for r in query("events/list-events", store=store).to_dicts()
            if r["event"].endswith("/example-lab-opening")]
    assert [(r["part"], r["stakeholder_label"]) for r in rows] == [
        ("organiser", "KU Leuven"), ("participant", "imec")]
    assert rows[0]["kind_label"] == "opening" and rows[0]["place_label"] == "Leuven"
    assert str(rows[0]["start"]) == "2024-02-29"
