"""Interactive pages of the graph (pyvis), self-contained so they open offline from disk.

``kg.pages.viz`` writes one page of the graph or a focus neighbourhood;
``kg.pages.site`` writes an index and a page per entity; ``kg.pages.select``
chooses the nodes a page shows under a node budget.
"""
