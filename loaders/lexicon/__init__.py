"""Data that maps statute wording to functional domains: the lexicon files and their reader.

The files here are data, edited by people, not code: ``domains.tsv`` (the
functional domains of government), ``authorities.tsv`` (authority phrases of
statutes → domains, with the names institutions had before the 2018
reform), ``acts.tsv`` (enforcement acts → power types), ``departments.tsv``
(department names → domains) and ``enforcement.tsv`` (the statutes each
domain enforces). :mod:`.files` reads and checks them.
"""
