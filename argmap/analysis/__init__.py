"""The analysis stage: what a mapped graph says, computed over the graph.

It sits between the graph and export (sources -> segment -> relate -> graph ->
analysis -> export): every function here reads a built ``networkx`` graph, so
the HTML map's overview panel, ``argmap report`` and notebooks all share one
answer to "where is the argument?". Modules: ``overview`` (points of
contention, agreement, open questions, hot sub-threads, who argues with whom),
``acceptability`` (which claims stand) and ``points`` (repeated claims
grouped). ``argmap report`` writes all of it as Markdown and HTML; that is
an output format, so it lives in ``argmap.export.report``.
"""
