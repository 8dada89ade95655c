"""The validation layer: SHACL shapes checked by the native engine or pySHACL."""

__all__: list[str] = []
