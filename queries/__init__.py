"""The named SPARQL questions, one ``.rq`` file each.

This folder is data; it is a Python package only so that installed copies
of quanze can find it with :mod:`importlib.resources`.
"""
