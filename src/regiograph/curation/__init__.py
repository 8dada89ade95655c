"""Reading a region's curated YAML files, checking them, and compiling them to RDF."""

from regiograph.curation.compiler import COLLECTIONS, Citation, CompiledRegion, compile_region

__all__ = ["COLLECTIONS", "Citation", "CompiledRegion", "compile_region"]
