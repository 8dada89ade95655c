"""Synthetic regions: realistic, clearly fake regions of any size, in the curated YAML format of
``data/leuven``, so that they go through the real compiler and validator (and build with no
violation).

A synthetic region has organisations of every kind with skewed (Pareto, "80/20") sizes, spin-off
trees and sub-organisations, people with roles (memberships) and nationality country codes,
collaborations of 2 to 8 partners, initiatives, events of every kind, investments, sectors,
topics and roles vocabularies, places, landmark results, figures and rankings, and the region's
own defaults for the library queries (``queries/defaults.yaml``). Every record cites a section
of one source document, "Synthetic region generator, seed S (synthetic)"; some values cite a
second section of it, as curated data does. Every label says it is synthetic:
``Synthetic Company 00042 (synthetic)``.

Sizes
-----
A region of ``--orgs N`` holds about :data:`TRIPLES_PER_ORG` distinct triples per organisation
(the merged graph, ``graph.nt``: organisations, their people, memberships, collaborations,
figures, provenance and vocabularies). The presets of :data:`SIZES` pick ``N`` for a number of
triples:

======== ========== ===================== ==========================================
preset   ``--orgs``  triples (measured)    organisation network (``project``)
======== ========== ===================== ==========================================
``10k``     195          about 10 thousand  about 225 nodes
``100k``   2170         about 100 thousand  about 2,500 nodes
``1m``    21800           about 1 million   about 25,000 nodes
======== ========== ===================== ==========================================

Below 10 thousand triples the fixed part (40 countries, the vocabularies) weighs more: 43
organisations give about 3,000 triples.

The same ``orgs`` and ``seed`` always give the same bytes: every random draw comes from a
:class:`random.Random` seeded by text (hashed with SHA-512, so not subject to Python's hash
randomisation), and nothing iterates over a set.

Examples
--------
>>> from regiograph.synth import generate
>>> region = generate(40, seed=1)
>>> sorted(region.files)  # doctest: +NORMALIZE_WHITESPACE
['documents.yaml', 'events.yaml', 'figures.yaml', 'initiatives.yaml', 'investments.yaml',
 'organisations-0001.yaml', 'people-0001.yaml', 'places.yaml', 'queries/defaults.yaml',
 'results.yaml', 'vocabulary.yaml']
>>> region.counts["organisations"], region.counts["people"] > 40
(40, True)
>>> generate(40, seed=1).files == region.files
True
>>> "Synthetic University 00001 (synthetic)" in region.files["organisations-0001.yaml"]
True
"""

from __future__ import annotations

from regiograph.synth.generator import DOCUMENT
from regiograph.synth.region import (
    SIZES,
    TRIPLES_PER_ORG,
    SyntheticRegion,
    generate,
    orgs_for,
    parse_size,
    write_region,
)

__all__ = [
    "DOCUMENT",
    "SIZES",
    "TRIPLES_PER_ORG",
    "SyntheticRegion",
    "generate",
    "orgs_for",
    "parse_size",
    "write_region",
]
