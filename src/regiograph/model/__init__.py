"""The data model: kinds of entity, their groups, colours and shapes."""

__all__: list[str] = []
