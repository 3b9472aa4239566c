"""Loaders: statute texts, power-list spreadsheets and notices into RDF.

Each loader reads one source file and returns a :class:`~quanze.loaders.document.LoadedDocument`:
the N-Quads of the file's own named graph plus a summary. Loaders know
nothing of the store or the service; they depend only on the ontology and
vocabularies shipped in ``ontology/``.
"""
