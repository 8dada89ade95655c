"""The store layer: the embedded Oxigraph store, RDF formats, and loading a build."""

__all__: list[str] = []
