"""Published power lists (权责清单) in spreadsheets into RDF.

``workbook`` reads any spreadsheet-like file into text grids, ``layout``
finds the header and maps columns (names in ``columns.tsv``), ``records``
groups rows into powers and sub-items, the cell parsers (``numbered``,
``duties``, ``accountability``, ``timelimits``, ``organisations``) read the
free-text cells, and ``powerlist`` writes the graph.
"""
