"""The query front door: a real parse decides what a text is and whether it may run.

Every text is read by rdflib's SPARQL parser (its grammar, not a second
lexer) and translated to algebra; nothing is executed to check it. The parse
says the form (SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE), the variables, the
ORDER BY keys, the ``SERVICE`` targets and the ``FROM`` clauses; the checks
refuse SPARQL Update (``LOAD`` included) and ``SERVICE`` to anything but a
fixed loopback IRI unless the caller opts in. Syntax errors give the line and
column in the user's own text. The same check runs again on every text an
engine is given after parameters are written into it
(:mod:`aireg.sparql.binding`), so what runs is what was checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from ipaddress import ip_address
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from aireg.errors import QueryError

if TYPE_CHECKING:
    from pyparsing import ParseBaseException
    from rdflib.term import Node

QUERY_KINDS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_KIND_OF = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}

# Relative IRIs in a query (<x>) resolve against this base on every engine: a stable
# project IRI, never the user's working directory or file path.
QUERY_BASE = "https://w3id.org/aireg/id/"
# The IRIs that stand for parameters while a text is checked (aireg.sparql.binding)
PLACEHOLDER = "urn:x-aireg-param:"
_MENTION = r"[?$]([A-Za-z_0-9\u00B7\u00C0-\uFFFF]+)"  # compiled when a text is parsed (1.7 ms)


@dataclass
class PreparedQuery:
    """A checked query: its kind, the variables it uses and its bound parameters."""

    text: str
    kind: str  # SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE
    variables: list[str]  # every variable, in order of first appearance
    bindings: dict[str, Node]
    select_star: bool = False
    ordered: bool = False
    order_by: tuple[str, ...] | None = None
    declared_prefixes: frozenset[str] = frozenset()
    dataset: tuple[str, ...] = ()  # the FROM / FROM NAMED IRIs of the query
    allow_update: bool = False
    allow_service: bool = False
    assigned: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Shape:
    """What the parse of one text says, whatever its parameters."""

    kind: str
    variables: tuple[str, ...]
    select_star: bool = False
    ordered: bool = False
    order_by: tuple[str, ...] | None = None
    declared_prefixes: frozenset[str] = frozenset()
    services: tuple[Any, ...] = ()  # IRIs (str) or variable names (Variable)
    dataset: tuple[str, ...] = ()
    assigned: frozenset[str] = frozenset()  # variables given a value by BIND, AS or VALUES
    operations: tuple[str, ...] = ()  # for an update: its operations (INSERT DATA, LOAD...)
    # parameter placeholder IRIs and how often the parse holds them ("text": inside a string or IRI)
    placeholders: tuple[tuple[str, int], ...] = ()
    iri_only: frozenset[str] = frozenset()  # placeholders where only an IRI may stand (subject, predicate)
    var_iri_only: frozenset[str] = frozenset()  # variables that stand where only an IRI may
    mentions: frozenset[str] = frozenset()  # names written as ?name or $name inside a string, IRI or name
    algebra: Any = field(default=None, compare=False, hash=False)  # rdflib's translated query

    _KEPT = ("kind", "variables", "select_star", "ordered", "order_by", "declared_prefixes", "dataset",
             "assigned", "operations", "placeholders", "iri_only", "var_iri_only", "mentions")

    def to_json(self) -> dict[str, Any]:
        """What is kept between runs (the services were checked; the algebra is rebuilt on demand)."""
        out: dict[str, Any] = {}
        for name in self._KEPT:
            value = getattr(self, name)
            out[name] = sorted(value) if isinstance(value, frozenset) else value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Shape:
        def tup(value):
            return tuple(tuple(v) if isinstance(v, list) else v for v in value) if value is not None else None

        return cls(kind=data["kind"], variables=tuple(data["variables"]), select_star=data["select_star"],
                   ordered=data["ordered"], order_by=tup(data["order_by"]),
                   declared_prefixes=frozenset(data["declared_prefixes"]), dataset=tuple(data["dataset"]),
                   assigned=frozenset(data["assigned"]), operations=tuple(data["operations"]),
                   placeholders=tup(data["placeholders"]), iri_only=frozenset(data["iri_only"]),
                   var_iri_only=frozenset(data["var_iri_only"]), mentions=frozenset(data["mentions"]))


def is_loopback_url(url: str) -> bool:
    """True for http(s) URLs on 127.0.0.0/8, ::1 or localhost."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def first_line(err: BaseException) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0]


def _walk(node: Any) -> Iterator[Any]:
    """Every node of an rdflib SPARQL parse tree, depth first."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, CompValue):
            children = list(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            children = list(node)
        elif isinstance(node, dict):
            children = list(node.values())
        else:
            continue
        stack.extend(reversed(children))


def _field(node: Any, key: str) -> Any:
    """A parse-tree field or None (``CompValue.get`` returns the key when missing)."""
    return dict.get(node, key) if isinstance(node, dict) else None


def _syntax_error(text: str, err: ParseBaseException) -> QueryError:
    rest = text[err.loc:].split()
    near = rest[0][:40] if rest else ""
    where = f"line {err.lineno}, column {err.col}"
    found = f"unexpected {near!r}" if near else "unexpected end of query"
    return QueryError(f"SPARQL syntax error at {where}: {found}")


def _resolve(term: Any, prefixes: Mapping[str, str]) -> Any:
    """A SERVICE or FROM term of the parse tree as an IRI string (a Variable stays one)."""
    from rdflib import Variable
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(term, Variable):
        return term
    if isinstance(term, CompValue):  # prefix:name, resolved with the query's own prefixes first
        from aireg.namespaces import PREFIXES

        prefix = _field(term, "prefix") or ""
        base = prefixes.get(prefix, PREFIXES.get(prefix, ""))
        return str(base) + (_field(term, "localname") or "")
    return str(term)


@lru_cache(maxsize=2048)
def parse(text: str) -> Shape:
    """The shape of ``text`` as rdflib's parser reads it; a syntax error is one QueryError line."""
    from pyparsing import ParseBaseException
    from rdflib import Variable
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    from rdflib.plugins.sparql.parserutils import CompValue

    if not isinstance(text, str) or not text.strip():
        raise QueryError("empty query")
    try:
        tree = parseQuery(text)
        kind = _KIND_OF[tree[1].name]
    except ParseBaseException as query_err:
        try:
            tree = parseUpdate(text)
        except ParseBaseException as update_err:
            best = query_err if query_err.loc >= update_err.loc else update_err
            raise _syntax_error(text, best) from None
        if not _field(tree, "request"):
            raise QueryError("SPARQL syntax error: no query or update after the prologue") from None
        kind = "UPDATE"

    variables: list[str] = []
    services: list[Any] = []
    prefixes: dict[str, str] = {}
    assigned: set[str] = set()
    datasets: list[Any] = []
    placeholders: dict[str, int] = {}
    mentions: set[str] = set()
    for node in _walk(tree):
        if isinstance(node, str) and not isinstance(node, Variable) and ("?" in node or "$" in node):
            mentions.update(re.findall(_MENTION, node))
        if isinstance(node, str) and not isinstance(node, Variable) and PLACEHOLDER in node:
            # a placeholder as a whole IRI term, or (never allowed) inside a string or a longer IRI
            mark = str(node) if type(node).__name__ == "URIRef" and node.startswith(PLACEHOLDER) else "text"
            placeholders[mark] = placeholders.get(mark, 0) + 1
        elif isinstance(node, Variable):
            if str(node) not in variables:
                variables.append(str(node))
        elif isinstance(node, CompValue):
            name = node.name
            if name == "ServiceGraphPattern":
                services.append(_field(node, "term"))
            elif name == "PrefixDecl":
                prefixes[_field(node, "prefix") or ""] = str(_field(node, "iri"))
            elif name == "Bind":
                assigned.add(str(_field(node, "var")))
            elif name == "InlineData":
                assigned.update(str(v) for v in (_field(node, "var") or []))
            elif name == "DatasetClause":
                datasets.append(_field(node, "default") or _field(node, "named"))
            evar = _field(node, "evar")
            if isinstance(evar, Variable):
                assigned.add(str(evar))

    operations: tuple[str, ...] = ()
    select_star = ordered = False
    order_by: tuple[str, ...] | None = None
    algebra = None
    if kind == "UPDATE":
        operations = tuple(dict.fromkeys(
            re.sub(r"(?<=[a-z])(?=[A-Z])", " ", r.name).upper() for r in tree["request"]))
    else:
        body = tree[1]
        select_star = kind == "SELECT" and not _field(body, "projection")
        orderby = _field(body, "orderby")
        if orderby is not None:
            ordered = True
            keys: list[str] | None = []
            for cond in orderby["condition"]:
                expr = _field(cond, "expr") if isinstance(cond, CompValue) and cond.name == "OrderCondition" else cond
                while isinstance(expr, CompValue) and set(expr.keys()) == {"expr"}:
                    expr = expr["expr"]
                if not isinstance(expr, Variable):
                    keys = None
                    break
                keys.append(str(expr))
            order_by = tuple(keys) if keys else None
        from rdflib.plugins.sparql.algebra import translateQuery

        from aireg.namespaces import PREFIXES

        try:
            algebra = translateQuery(tree, base=QUERY_BASE, initNs=dict(PREFIXES))
        except Exception as err:  # rdflib reports unknown prefixes and scope errors this way
            raise QueryError(f"invalid SPARQL query: {first_line(err)}") from None
    return Shape(
        placeholders=tuple(sorted(placeholders.items())),
        iri_only=_iri_only(algebra, placeholders) if algebra is not None and placeholders else frozenset(),
        var_iri_only=frozenset(v[1:] for v in _iri_only(algebra, {f"?{v}": 1 for v in variables}))
        if algebra is not None else frozenset(),
        mentions=frozenset(mentions),
        kind=kind,
        variables=tuple(variables),
        select_star=select_star,
        ordered=ordered,
        order_by=order_by,
        declared_prefixes=frozenset(prefixes),
        services=tuple(_resolve(t, prefixes) for t in services),
        dataset=tuple(str(_resolve(t, prefixes)) for t in datasets),
        assigned=frozenset(assigned),
        operations=operations,
        algebra=algebra,
    )


def _n3(term: Any) -> str:
    """A term as SPARQL writes it; an IRI rdflib will not write (``a\\'``) as itself in <>."""
    try:
        return term.n3() if hasattr(term, "n3") else str(term)
    except Exception:
        return f"<{term}>"


def _iri_only(query: Any, placeholders: Mapping[str, int]) -> frozenset[str]:
    """The placeholders that stand where a literal may not: subject, predicate, path, GRAPH, DESCRIBE."""
    from rdflib.plugins.sparql.parserutils import CompValue

    terms: list[Any] = []
    for node in _walk(query.algebra):
        if isinstance(node, CompValue):
            if node.name == "BGP":
                terms += [part for t in (_field(node, "triples") or []) for part in t[:2]]
            terms += [part for t in (_field(node, "template") or []) for part in t[:2]]
            if node.name == "Graph":
                terms.append(_field(node, "term"))
            terms += list(_field(node, "PV") or []) if node.name == "DescribeQuery" else []
    written = [_n3(t) for t in terms]
    whole, text = set(written), " ".join(written)
    return frozenset(p for p in placeholders if p in whole or f"<{p}>" in text)


def check(text: str, *, allow_update: bool = False, allow_service: bool = False) -> Shape:
    """Parse ``text`` and refuse what a read-only query may not do (a passing verdict is kept)."""
    from aireg.sparql import cache

    name = cache.key("check", text, bool(allow_update), bool(allow_service))
    kept = cache.get(name)
    if kept is not None:
        try:
            return Shape.from_json(kept)
        except (KeyError, TypeError, ValueError):
            pass
    shape = _checked_shape(text, allow_update, allow_service)
    cache.put(name, shape.to_json())
    return shape


def _checked_shape(text: str, allow_update: bool, allow_service: bool) -> Shape:
    from rdflib import Variable

    shape = parse(text)
    if shape.kind == "UPDATE" and not allow_update:
        ops = ", ".join(shape.operations)
        raise QueryError(f"refusing SPARQL Update ({ops}): queries are read-only unless updates are allowed")
    if not allow_service:
        for target in shape.services:
            if isinstance(target, Variable):
                raise QueryError(f"refusing SERVICE ?{target}: only a fixed loopback service IRI is allowed")
            if not is_loopback_url(target):
                raise QueryError(
                    f"refusing SERVICE <{target}>: SERVICE may call only loopback hosts unless services are allowed")
    return shape


def prepare_query(
    query: str,
    params: Mapping[str, Any] | None = None,
    *,
    allow_update: bool = False,
    allow_service: bool = False,
    light: bool = False,
) -> PreparedQuery:
    """Parse and check ``query`` and turn ``params`` into RDF terms.

    With ``light``, IRIs and literals given as terms are kept as they are
    (light terms of :mod:`aireg.lightterms` stay light: no rdflib); anything
    else becomes an rdflib term as without it.

    Raises ``QueryError`` for a syntax error (one line, with line and column
    in ``query`` itself), for SPARQL Update unless ``allow_update``, for
    ``SERVICE`` to a host that is not loopback (or to a variable) unless
    ``allow_service``, and for a parameter whose name is not a variable of the
    query or that the query assigns itself (``BIND``, ``AS``, ``VALUES``).
    The check of a text is done once per process (cached by text).
    """
    from aireg.lightterms import term_kind
    from aireg.sparql.params import param_name, param_term

    if not isinstance(query, str) or not query.strip():
        raise QueryError("empty query")
    shape = check(query, allow_update=bool(allow_update), allow_service=bool(allow_service))
    variables = list(shape.variables)
    bindings: dict[str, Node] = {}
    for raw_name, value in (params or {}).items():
        name = param_name(str(raw_name))
        if name not in variables:
            used = ", ".join("?" + v for v in variables[:12]) + (", ..." if len(variables) > 12 else "") or "none"
            raise QueryError(f"unknown parameter {name!r}: the query has no variable ?{name} (it uses {used})")
        if name in shape.assigned:
            raise QueryError(f"parameter {name!r}: the query gives ?{name} its own value (BIND, AS or VALUES), "
                             "so it cannot be bound from outside")
        keep = light and term_kind(value) in ("iri", "literal")
        bindings[name] = value if keep else param_term(name, value)
    return PreparedQuery(
        text=query,
        kind=shape.kind,
        variables=variables,
        bindings=bindings,
        select_star=shape.select_star,
        ordered=shape.ordered,
        order_by=shape.order_by,
        declared_prefixes=shape.declared_prefixes,
        dataset=shape.dataset,
        allow_update=bool(allow_update),
        allow_service=bool(allow_service),
        assigned=shape.assigned,
    )


def refuse_dataset_locally(prepared: PreparedQuery) -> None:
    """FROM / FROM NAMED pick graphs of a server's dataset; the local graph is one graph."""
    if prepared.dataset:
        raise QueryError(
            f"FROM <{prepared.dataset[0]}>: the local graph is a single graph, so FROM and FROM NAMED "
            "cannot pick graphs here; drop them, or query a server with --endpoint (and --default-graph "
            "or --named-graph)")
