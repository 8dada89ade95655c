"""Names as a person types them (issue 15, `explain`): id, label, alternative name, then a unique
prefix or the one name holding every word; two names for one stakeholder are refused; a name
only another projection has is pointed there."""

from __future__ import annotations

import networkx as nx
import pytest

from regiograph.analysis.lookup import find_node
from regiograph.build import BuildResult
from regiograph.errors import UsageError

from .conftest import run_cli


@pytest.fixture
def graph() -> nx.Graph[str]:
    G: nx.Graph[str] = nx.Graph()
    G.add_node("rega-institute", label="Rega Institute for Medical Research")
    G.add_node("ku-leuven", label="KU Leuven", alt_labels=["Katholieke Universiteit Leuven"])
    G.add_node("uz-leuven", label="UZ Leuven")
    G.add_node("mission-lucidity", label="Mission Lucidity")
    return G


@pytest.mark.parametrize(("typed", "node"), [
    ("rega-institute", "rega-institute"), ("KU LEUVEN", "ku-leuven"),
    ("katholieke universiteit leuven", "ku-leuven"), ("Rega Institute", "rega-institute"),
    ("rega  institute", "rega-institute"), ("medical rega", "rega-institute"),
    ("Mission", "mission-lucidity"), ("UZ", "uz-leuven"),
])
def test_a_name_as_typed_finds_its_stakeholder(graph: nx.Graph[str], typed: str,
                                               node: str) -> None:
    assert find_node(graph, typed) == node


def test_an_ambiguous_name_lists_the_candidates(graph: nx.Graph[str]) -> None:
    with pytest.raises(UsageError, match=r"several stakeholders: 'ku-leuven' .*'uz-leuven'"):
        find_node(graph, "Leuven")


def test_a_typo_gets_a_did_you_mean(graph: nx.Graph[str]) -> None:
    with pytest.raises(UsageError, match="did you mean 'mission-lucidity'"):
        find_node(graph, "Misson Lucidty")


def test_explain_by_a_prefix_and_refusing_one_stakeholder_twice(
        leuven_build: BuildResult) -> None:
    done = run_cli("explain", "Rega Institute", "Mission Lucidity", "--build",
                   str(leuven_build.out))
    assert done.code == 0 and done.stdout.startswith("Rega Institute for Medical Research")
    same = run_cli("explain", "imec", "IMEC", "--build", str(leuven_build.out))
    assert same.code == 2 and "name the same stakeholder" in same.stderr


def test_a_name_in_another_projection_is_pointed_there(leuven_build: BuildResult) -> None:
    done = run_cli("explain", "imec", "Jane Judge", "--build", str(leuven_build.out))
    assert done.code == 2
    assert "'Jane Judge' is in the stakeholders projection" in done.stderr
    assert "'imec' is in" not in done.stderr
