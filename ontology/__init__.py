"""The quanze OWL ontology (``quanze.ttl``) and its SKOS vocabularies (``vocabularies/``).

This folder is data; it is a Python package only so that installed copies
of quanze can find it with :mod:`importlib.resources`.
"""
