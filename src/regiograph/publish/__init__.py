"""The publishing layer: exports, views, pages, the static site and ontology docs."""

__all__: list[str] = []
