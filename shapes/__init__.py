"""SHACL shapes for review and acceptance (审核验收), one file per concern.

This folder is data; it is a Python package only so that installed copies
of quanze can find it with :mod:`importlib.resources`.
"""
