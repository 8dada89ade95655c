"""The query layer: the query library, results, remote endpoints and the server."""

__all__: list[str] = []
