"""Reading a region's curated YAML files, checking them, and compiling them to RDF."""

from regiograph.curation.compiler import Citation, CompiledRegion, compile_region

__all__ = ["Citation", "CompiledRegion", "compile_region"]
