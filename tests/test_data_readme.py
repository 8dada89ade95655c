"""The curators' guide is right: its example of a spin-off with founders, an acquisition and an
investment builds beside the bundled region, and the queries it names show the story."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from regiograph import build, query
from regiograph.resources import region_dir
from regiograph.store.loading import load_built

README = Path(__file__).parents[1] / "data" / "README.md"


def test_the_spin_off_example_builds_and_tells_its_story(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Adding a spin-off"):]
    example = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert example is not None
    region = Path(shutil.copytree(region_dir(), tmp_path / "leuven"))
    (region / "ecosystem" / "my-research.yaml").write_text(example.group(1), encoding="utf-8")
    result = build(region, tmp_path / "build")
    assert result.report.conforms
    store = load_built(tmp_path / "build")
    fates = query("organisations/list-spin-offs", store=store).to_dicts()
    chips = [r for r in fates if r["spin_off"].endswith("/example-chips")]
    assert chips and chips[0]["acquirer_label"] == "Example Group"
    assert chips[0]["status"] == "acquired" and chips[0]["acquired"] == "2023-01"
    rounds = query("organisations/list-investments", store=store).to_dicts()
    seed = [r for r in rounds if r["investment"].endswith("/example-chips-seed-2019")]
    assert [r["investor_label"] for r in seed] == ["Gemma Frisius Fund"]
    assert seed[0]["amount"] == 2000000 and seed[0]["round"] == "seed"
