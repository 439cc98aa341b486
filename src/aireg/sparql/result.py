"""The neutral answer every engine gives, and how two answers are compared.

Engines disagree on details that carry no meaning (``"2.50"`` vs ``"2.5"``,
``en-GB`` vs ``en-gb``, ``"x"`` vs ``"x"^^xsd:string``, the column order of
``SELECT *``): every term goes through :func:`aireg.terms.normalize_term`
and ``SELECT *`` columns follow their first appearance in the query, so the
same query gives equal results on rdflib, Oxigraph and a remote endpoint.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

    from aireg.sparql.check import PreparedQuery


class QueryResult:
    """What any engine answers, in one shape.

    ``kind`` is SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE. SELECT fills
    ``variables`` and ``rows`` (tuples of rdflib terms, ``None`` when
    unbound); ASK fills ``boolean``; CONSTRUCT/DESCRIBE fill ``triples``
    (distinct, in the engine's order) and ``graph``, an rdflib Graph with the
    project's prefixes that is built from the triples when first asked for
    (building it costs more than a small query: a caller that only counts or
    reads the triples does not pay for it).
    ``ordered`` says whether the query had ORDER BY; ``order_by`` names its
    keys when they are all plain variables (so ties can be told apart).
    ``truncated`` is True when a row limit (``max_rows``) cut the answer.
    """

    def __init__(
        self,
        kind: str,
        variables: list[str] | None = None,
        rows: list[tuple] | None = None,
        boolean: bool | None = None,
        graph: Graph | None = None,
        ordered: bool = False,
        order_by: tuple[str, ...] | None = None,
        *,
        triples: Sequence[tuple[Node, Node, Node]] | None = None,
        truncated: bool = False,
    ):
        self.kind = kind
        self.variables = list(variables) if variables is not None else []
        self.rows = rows if rows is not None else []
        self.boolean = boolean
        self.ordered = ordered
        self.order_by = order_by
        self.truncated = truncated
        self._graph = graph
        self._triples = list(dict.fromkeys(triples)) if triples is not None else None

    @property
    def graph(self) -> Graph | None:
        if self._graph is None and self._triples is not None:
            self._graph = prefixed_graph(self._triples)
        return self._graph

    @property
    def triples(self) -> list[tuple[Node, Node, Node]]:
        """The CONSTRUCT/DESCRIBE answer as distinct triples (empty for other kinds)."""
        if self._triples is None:
            self._triples = list(self._graph) if self._graph is not None else []
        return self._triples

    def __len__(self) -> int:
        if self.kind == "SELECT":
            return len(self.rows)
        if self.kind in ("CONSTRUCT", "DESCRIBE"):
            return len(self.triples)
        return int(bool(self.boolean))

    def __repr__(self) -> str:
        if self.kind == "SELECT":
            return f"QueryResult(kind='SELECT', variables={self.variables!r}, rows={len(self.rows)})"
        if self.kind in ("CONSTRUCT", "DESCRIBE"):
            return f"QueryResult(kind={self.kind!r}, triples={len(self.triples)})"
        return f"QueryResult(kind={self.kind!r}, boolean={self.boolean!r})"

    def dicts(self) -> list[dict[str, Node | None]]:
        """The rows as ``{variable: term}`` mappings, unbound cells left out."""
        return [{v: t for v, t in zip(self.variables, row) if t is not None} for row in self.rows]


def prefixed_graph(triples) -> Graph:
    """A Memory-store graph of ``triples`` that knows the project's prefixes (and only those).

    Light terms (:mod:`aireg.lightterms`, an answer on Oxigraph) become the
    rdflib terms :class:`aireg.terms.OxigraphTerms` would have made.
    """
    from rdflib import Graph

    from aireg.lightterms import answer_to_rdflib
    from aireg.namespaces import bind_prefixes

    out = Graph(bind_namespaces="none")
    bind_prefixes(out)
    for s, p, o in triples:
        out.add((answer_to_rdflib(s), answer_to_rdflib(p), answer_to_rdflib(o)))
    return out


def normalize_graph(graph: Graph) -> Graph:
    """A copy of ``graph`` on the Memory store with every literal normalised."""
    from aireg.terms import normalize_term

    return prefixed_graph([(s, p, normalize_term(o)) for s, p, o in graph])


def select_variables(prepared: PreparedQuery, engine_vars: list[str]) -> list[str]:
    """The column order: as projected, or for ``SELECT *`` by first appearance."""
    if not prepared.select_star:
        return list(engine_vars)
    rank = {v: i for i, v in enumerate(prepared.variables)}
    return sorted(engine_vars, key=lambda v: (rank.get(v, len(rank)), v))


def make_select_result(prepared: PreparedQuery, engine_vars: list[str], rows: list[Mapping[str, Any]],
                       truncated: bool = False) -> QueryResult:
    """Build a SELECT result from rows given as ``{variable: term}`` mappings."""
    from aireg.terms import normalize_term

    variables = select_variables(prepared, engine_vars)
    out_rows = [tuple(normalize_term(row.get(v)) for v in variables) for row in rows]
    return QueryResult(kind="SELECT", variables=variables, rows=out_rows, ordered=prepared.ordered,
                       order_by=prepared.order_by, truncated=truncated)


# --------------------------------------------------------------------------
# Comparing results (for tests and engine cross-checks)


def _masked(row: tuple) -> tuple:
    from rdflib import BNode

    return tuple(BNode("_bnode") if isinstance(t, BNode) else t for t in row)


def _show(row: tuple) -> str:
    return "(" + ", ".join("UNDEF" if t is None else t.n3() for t in row) + ")"


def result_difference(a: QueryResult, b: QueryResult, ordered: bool | None = None) -> str | None:
    """``None`` if the two results are the same, else one line saying how they differ.

    SELECT rows are compared as multisets (blank nodes all count as one
    value, since labels differ between engines); when either query had ORDER
    BY (or ``ordered=True``) the order must match too: on the ORDER BY keys
    when they are plain projected variables, else row by row.
    """
    if a.kind != b.kind:
        return f"kinds differ: {a.kind} vs {b.kind}"
    if a.kind == "ASK":
        return None if a.boolean == b.boolean else f"ASK answers differ: {a.boolean} vs {b.boolean}"
    if a.kind in ("CONSTRUCT", "DESCRIBE"):
        from rdflib import Graph

        from aireg.bnodes import relabelled

        ga, gb = normalize_graph(a.graph or Graph()), normalize_graph(b.graph or Graph())
        if len(ga) != len(gb):
            return f"graphs differ: {len(ga)} vs {len(gb)} triples"
        sa, sb = relabelled(ga), relabelled(gb)
        if sa is not None and sb is not None:
            return None if sa == sb else f"graphs differ: {len(sa - sb)} triples only in the first"
        from rdflib.compare import isomorphic

        if isomorphic(ga, gb):
            return None
        return f"graphs differ: {len(ga)} vs {len(gb)} triples"
    if a.kind == "UPDATE":
        return None
    if a.variables != b.variables:
        return f"variables differ: {a.variables} vs {b.variables}"
    ma, mb = Counter(map(_masked, a.rows)), Counter(map(_masked, b.rows))
    if ma != mb:
        only_a = list((ma - mb).elements())[:3]
        only_b = list((mb - ma).elements())[:3]
        return (
            f"rows differ ({len(a.rows)} vs {len(b.rows)}): only in first "
            + (", ".join(map(_show, only_a)) or "none")
            + "; only in second "
            + (", ".join(map(_show, only_b)) or "none")
        )
    if ordered is None:
        ordered = a.ordered or b.ordered
    if not ordered:
        return None
    keys = a.order_by or b.order_by
    if keys and all(k in a.variables for k in keys):
        idx = [a.variables.index(k) for k in keys]
        seq_a = [_masked(tuple(r[i] for i in idx)) for r in a.rows]
        seq_b = [_masked(tuple(r[i] for i in idx)) for r in b.rows]
    else:
        seq_a, seq_b = list(map(_masked, a.rows)), list(map(_masked, b.rows))
    for n, (ra, rb) in enumerate(zip(seq_a, seq_b)):
        if ra != rb:
            return f"order differs at row {n + 1}: {_show(ra)} vs {_show(rb)}"
    return None


def same_results(a: QueryResult, b: QueryResult, ordered: bool | None = None) -> bool:
    """True if the results are equal (see :func:`result_difference`)."""
    return result_difference(a, b, ordered) is None
