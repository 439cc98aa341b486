"""Run SPARQL on a local graph and get the same neutral result from any engine.

The same query must give identical rows whether the graph sits on rdflib's
Memory store, on Oxigraph through oxrdflib, or behind a remote endpoint
(``aireg.endpoint``). Engines disagree on details that carry no meaning
(``"2.50"`` vs ``"2.5"``, ``en-GB`` vs ``en-gb``, ``"x"`` vs
``"x"^^xsd:string``, the column order of ``SELECT *``), so every term goes
through :func:`normalize_term` and ``SELECT *`` columns follow their first
appearance in the query.

Queries are read-only by default: SPARQL Update and ``SERVICE`` calls to any
host other than loopback are refused unless the caller opts in.
Parameters are bound as RDF terms (``initBindings`` locally, a ``VALUES``
block remotely), never pasted into the query text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from ipaddress import ip_address
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.term import Node

from aireg.bnodes import relabelled
from aireg.errors import QueryError
from aireg.namespaces import PREFIXES, bind_prefixes
from aireg.terms import FLOAT_TYPES, INTEGER_TYPES, OxigraphTerms, normalize_term

if TYPE_CHECKING:
    from pyparsing import ParseBaseException

QUERY_KINDS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_KIND_OF = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}

_NAME = re.compile(r"^[A-Za-z_0-9][A-Za-z_0-9\u00B7\u00C0-\uFFFF]*$")
_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SCHEME_IRI = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|urn:|mailto:)\S*$")
_PNAME = re.compile(r"^([A-Za-z][\w.-]*)?:(\S*)$")
_QUOTED = re.compile(r'^"(.*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(\S+))?$', re.DOTALL)
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(?:\d+\.\d*|\.\d+)$")
_DOUBLE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+$")
_DATE = re.compile(r"^-?\d{4,}-\d{2}-\d{2}(?:Z|[+-]\d{2}:\d{2})?$")
_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$")


# --------------------------------------------------------------------------
# Result object


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
    ):
        self.kind = kind
        self.variables = list(variables) if variables is not None else []
        self.rows = rows if rows is not None else []
        self.boolean = boolean
        self.ordered = ordered
        self.order_by = order_by
        self._graph = graph
        self._triples = list(dict.fromkeys(triples)) if triples is not None else None

    @property
    def graph(self) -> Graph | None:
        if self._graph is None and self._triples is not None:
            self._graph = _prefixed_graph(self._triples)
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


def _prefixed_graph(triples: Sequence[tuple[Node, Node, Node]]) -> Graph:
    """A Memory-store graph of ``triples`` that knows the project's prefixes (and only those)."""
    out = Graph(bind_namespaces="none")
    bind_prefixes(out)
    for triple in triples:
        out.add(triple)
    return out


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


# --------------------------------------------------------------------------
# Terms


_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _check_iri(text: str, what: str) -> URIRef:
    if not text or _BAD_IRI_CHARS.search(text):
        raise QueryError(f"{what}: {text!r} is not a valid IRI (no spaces, quotes or <>{{}}|^`\\)")
    if not _ABSOLUTE_IRI.match(text):
        # a relative IRI has no meaning outside a document with a base (Oxigraph refuses it)
        raise QueryError(f"{what}: {text!r} is not an absolute IRI (it needs a scheme, as in https://...)")
    return URIRef(text)


def _expand_pname(text: str, what: str, prefixes: Mapping[str, Any]) -> URIRef | None:
    m = _PNAME.match(text)
    if not m:
        return None
    prefix, local = m.group(1) or "", m.group(2)
    if prefix not in prefixes:
        known = ", ".join(sorted(p for p in prefixes if p))
        raise QueryError(
            f"{what}: unknown prefix {prefix!r} in {text!r} (known: {known}); "
            f'write a full IRI <...>, or quote the value ("{text}") to pass it as text'
        )
    return _check_iri(str(prefixes[prefix]) + local, what)


def parse_param(value: str, name: str = "value", prefixes: Mapping[str, Any] | None = None) -> Node:
    """Turn a parameter typed by a user into an RDF term.

    The rules, tried in this order:

    * ``<...>`` is an IRI; so is anything starting with a scheme and ``://``
      (``https://w3id.org/aireg/id/eo-14110``), ``urn:`` or ``mailto:``;
    * ``prefix:local`` with a project prefix (``id:eo-14110``, see
      ``aireg.namespaces.PREFIXES``) is expanded to an IRI; an unknown prefix
      is an error (quote the value to mean text);
    * ``"text"`` is a plain string (quotes removed, nothing else changed),
      ``"text"@en`` a language-tagged one, ``"text"^^xsd:date`` or
      ``"text"^^<iri>`` a typed literal;
    * ``true`` / ``false`` are ``xsd:boolean``;
    * ``2024-01-01`` is ``xsd:date`` and ``2024-01-01T09:30:00Z``
      ``xsd:dateTime``;
    * ``42`` is ``xsd:integer``, ``4.2`` ``xsd:decimal``, ``4.2e1``
      ``xsd:double``;
    * anything else is a plain string, exactly as typed.
    """
    prefixes = PREFIXES if prefixes is None else prefixes
    what = f"parameter {name}"
    if value.startswith("<") and value.endswith(">"):
        return _check_iri(value[1:-1], what)
    m = _QUOTED.match(value)
    if m:
        text, lang, dtype = m.groups()
        if lang:
            return Literal(text, lang=lang)
        if dtype:
            if dtype.startswith("<") and dtype.endswith(">"):
                dt = _check_iri(dtype[1:-1], what)
            else:
                dt = _expand_pname(dtype, what, prefixes)
                if dt is None:
                    raise QueryError(f"{what}: datatype {dtype!r} is neither <iri> nor prefix:name")
            return Literal(text, datatype=dt)
        return Literal(text)
    if _SCHEME_IRI.match(value):
        return _check_iri(value, what)
    if value in ("true", "false"):
        return Literal(value, datatype=XSD.boolean)
    if _DATE.match(value):
        return Literal(value, datatype=XSD.date)
    if _DATETIME.match(value):
        return Literal(value, datatype=XSD.dateTime)
    if _INTEGER.match(value):
        return Literal(value, datatype=XSD.integer)
    if _DECIMAL.match(value):
        return Literal(value, datatype=XSD.decimal)
    if _DOUBLE.match(value):
        return Literal(value, datatype=XSD.double)
    iri = _expand_pname(value, what, prefixes)
    if iri is not None:
        return iri
    return Literal(value)


def _param_name(name: str) -> str:
    bare = name[1:] if name[:1] in ("?", "$") else name
    if not _NAME.match(bare):
        raise QueryError(f"parameter name {name!r} is not a SPARQL variable name")
    return bare


def _param_term(name: str, value: Any) -> Node:
    if isinstance(value, BNode):
        raise QueryError(f"parameter {name}: a blank node cannot be bound (it has no name outside its graph)")
    if isinstance(value, URIRef):
        return _check_iri(str(value), f"parameter {name}")
    if isinstance(value, Literal):
        return value
    if isinstance(value, str):
        return parse_param(value, name)
    if isinstance(value, (bool, int, float, Decimal)):
        return Literal(value)
    raise QueryError(f"parameter {name}: cannot use a {type(value).__name__} as an RDF term")


# --------------------------------------------------------------------------
# Checking a query


def _walk(node: Any) -> Iterator[Any]:
    """Every node of an rdflib SPARQL parse tree, depth first."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    def walk(node: Any) -> Iterator[Any]:
        yield node
        if isinstance(node, CompValue):
            children = list(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            children = list(node)
        elif isinstance(node, dict):
            children = list(node.values())
        else:
            return
        for child in children:
            yield from walk(child)

    return walk(node)


def _field(node: Any, key: str) -> Any:
    """A parse-tree field or None (``CompValue.get`` returns the key when missing)."""
    return dict.get(node, key) if isinstance(node, dict) else None


def _syntax_error(text: str, err: ParseBaseException) -> QueryError:
    rest = text[err.loc:].split()
    near = rest[0][:40] if rest else ""
    where = f"line {err.lineno}, column {err.col}"
    found = f"unexpected {near!r}" if near else "unexpected end of query"
    return QueryError(f"SPARQL syntax error at {where}: {found}")


def is_loopback_url(url: str) -> bool:
    """True for http(s) URLs on 127.0.0.0/8, ::1 or localhost."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def _first_line(err: BaseException) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0]


def prepare_query(
    query: str,
    params: Mapping[str, Any] | None = None,
    *,
    allow_update: bool = False,
    allow_service: bool = False,
) -> PreparedQuery:
    """Parse and check ``query`` and turn ``params`` into RDF terms.

    Raises ``QueryError`` for a syntax error (one line, with line and column),
    for SPARQL Update unless ``allow_update``, for ``SERVICE`` to a host that is
    not loopback (or to a variable) unless ``allow_service``, and for a
    parameter whose name is not a variable of the query.

    The check of a query text is done once per process (the shape is cached by
    text): a query without ``SERVICE`` that Oxigraph's parser accepts is read
    by a light lexer; anything else (updates, ``SERVICE``, errors) goes through
    rdflib's parser, which also writes the error message.
    """
    if not isinstance(query, str) or not query.strip():
        raise QueryError("empty query")
    shape = _query_shape(query, bool(allow_update), bool(allow_service))
    variables = list(shape.variables)
    bindings: dict[str, Node] = {}
    for raw_name, value in (params or {}).items():
        name = _param_name(str(raw_name))
        if name not in variables:
            used = ", ".join("?" + v for v in variables[:12]) + (", ..." if len(variables) > 12 else "") or "none"
            raise QueryError(f"unknown parameter {name!r}: the query has no variable ?{name} (it uses {used})")
        bindings[name] = _param_term(name, value)

    return PreparedQuery(
        text=query,
        kind=shape.kind,
        variables=variables,
        bindings=bindings,
        select_star=shape.select_star,
        ordered=shape.ordered,
        order_by=shape.order_by,
        declared_prefixes=shape.declared_prefixes,
    )


@dataclass(frozen=True)
class _Shape:
    """What :func:`prepare_query` learns from a query text, whatever its parameters."""

    kind: str
    variables: tuple[str, ...]
    select_star: bool = False
    ordered: bool = False
    order_by: tuple[str, ...] | None = None
    declared_prefixes: frozenset[str] = frozenset()


@lru_cache(maxsize=1024)
def _query_shape(query: str, allow_update: bool, allow_service: bool) -> _Shape:
    shape = _fast_shape(query)
    if shape is None:
        shape = _rdflib_shape(query, allow_update, allow_service)
    return shape


# An empty Oxigraph store, used only to parse query texts (never to call anything:
# a text with SERVICE is not given to it, and SELECT/CONSTRUCT/DESCRIBE results are
# not iterated).
_PARSER_STORE: Any = None


def _oxigraph_parses(text: str) -> bool | None:
    """True/False whether Oxigraph's parser accepts ``text``; None if it cannot tell."""
    global _PARSER_STORE
    try:
        if _PARSER_STORE is None:
            import pyoxigraph

            _PARSER_STORE = pyoxigraph.Store()
        _PARSER_STORE.query(text)
    except SyntaxError:
        return False
    except ImportError:
        return None
    except Exception:  # an evaluation error on the empty store: the text did parse
        return True
    return True


_PROLOGUE = ("PREFIX", "BASE")


def _prologue_end(tokens: Sequence[Token]) -> tuple[int, dict[str, str]]:
    """Index of the first token after the PREFIX/BASE declarations, and the declared prefixes."""
    i = 0
    declared: dict[str, str] = {}
    while i < len(tokens) and tokens[i][0] == "word" and tokens[i][1].upper() in _PROLOGUE:
        if tokens[i][1].upper() == "BASE":
            i += 2
            continue
        if i + 2 < len(tokens) and tokens[i + 1][0] == "word" and tokens[i + 1][1].endswith(":") \
                and tokens[i + 2][0] == "iri":
            declared[tokens[i + 1][1][:-1]] = tokens[i + 2][1][1:-1]
            i += 3
            continue
        return -1, declared
    return i, declared


def _order_keys(tokens: Sequence[Token], start: int) -> tuple[str, ...] | None:
    """The ORDER BY keys starting at ``tokens[start]`` when all are plain variables."""
    keys: list[str] = []
    i = start
    while i < len(tokens):
        kind, text, _ = tokens[i]
        if kind == "word" and text.upper() in ("LIMIT", "OFFSET", "VALUES"):
            break
        if kind == "var":
            keys.append(text[1:])
            i += 1
            continue
        j = i
        if kind == "word" and text.upper() in ("ASC", "DESC") and i + 1 < len(tokens) and tokens[i + 1][1] == "(":
            j = i + 1
        if tokens[j][1] != "(":
            return None
        end = _matching(tokens, j)
        inner = [t for t in tokens[j + 1 : end] if t[1] not in ("(", ")")]
        if len(inner) != 1 or inner[0][0] != "var":
            return None
        keys.append(inner[0][1][1:])
        i = end + 1
    return tuple(keys) or None


def _fast_shape(query: str) -> _Shape | None:
    """The shape of a plain query read by the lexer, once Oxigraph's parser accepted it.

    None when the text must go through rdflib's parser: an update, a ``SERVICE``
    call (checked there), a text Oxigraph refuses (rdflib words the error) or
    anything the lexer does not follow.
    """
    try:
        tokens = _tokens(query)
        if any(t[0] == "word" and t[1].upper() == "SERVICE" for t in tokens):
            return None
        start, declared = _prologue_end(tokens)
        if start < 0 or start >= len(tokens) or tokens[start][0] != "word":
            return None
        kind = tokens[start][1].upper()
        if kind not in QUERY_KINDS:
            return None
        if not _oxigraph_parses(prefix_declarations(frozenset(declared)) + query):
            return None
        variables = tuple(dict.fromkeys(t[1][1:] for t in tokens if t[0] == "var"))
        select_star = False
        if kind == "SELECT":
            i = start + 1
            while i < len(tokens) and tokens[i][0] == "word" and tokens[i][1].upper() in ("DISTINCT", "REDUCED"):
                i += 1
            select_star = i < len(tokens) and tokens[i][1] == "*"
        ordered = False
        order_by: tuple[str, ...] | None = None
        depth = 0
        for i, (tkind, text, _) in enumerate(tokens):
            if text == "{":
                depth += 1
            elif text == "}":
                depth -= 1
            elif depth == 0 and tkind == "word" and text.upper() == "ORDER" and i > start:
                if i + 1 < len(tokens) and tokens[i + 1][1].upper() == "BY":
                    ordered = True
                    order_by = _order_keys(tokens, i + 2)
                break
        return _Shape(kind, variables, select_star, ordered, order_by, frozenset(declared))
    except QueryError:
        return None


def _rdflib_shape(query: str, allow_update: bool, allow_service: bool) -> _Shape:
    """The shape of a query (or update) read with rdflib's SPARQL parser, with all checks."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    kind: str
    try:
        tree = parseQuery(query)
        kind = _KIND_OF[tree[1].name]
    except ParseBaseException as query_err:
        try:
            tree = parseUpdate(query)
        except ParseBaseException as update_err:
            best = query_err if query_err.loc >= update_err.loc else update_err
            raise _syntax_error(query, best) from None
        if not _field(tree, "request"):
            raise QueryError("SPARQL syntax error: no query or update after the prologue") from None
        kind = "UPDATE"
    if kind == "UPDATE" and not allow_update:
        ops = ", ".join(dict.fromkeys(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", r.name).upper() for r in tree["request"]))
        raise QueryError(f"refusing SPARQL Update ({ops}): queries are read-only unless updates are allowed")

    from rdflib.plugins.sparql.parserutils import CompValue

    variables: list[str] = []
    services: list[Any] = []
    prefix_iris: dict[str, str] = {}
    for node in _walk(tree):
        if isinstance(node, Variable) and str(node) not in variables:
            variables.append(str(node))
        elif isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                services.append(_field(node, "term"))
            elif node.name == "PrefixDecl":
                prefix_iris[_field(node, "prefix") or ""] = str(_field(node, "iri"))

    select_star = False
    ordered = False
    order_by: tuple[str, ...] | None = None
    if kind != "UPDATE":
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
        try:
            translateQuery(tree, initNs=dict(PREFIXES))
        except Exception as err:  # rdflib reports unknown prefixes and scope errors this way
            raise QueryError(f"invalid SPARQL query: {_first_line(err)}") from None

    for term in services:
        if isinstance(term, Variable):
            if not allow_service:
                raise QueryError(f"refusing SERVICE ?{term}: only a fixed loopback service IRI is allowed")
            continue
        iri = str(term)
        if isinstance(term, CompValue):  # prefix:name, resolved with the query's own prefixes first
            prefix = _field(term, "prefix") or ""
            base = prefix_iris.get(prefix, PREFIXES.get(prefix, ""))
            iri = str(base) + (_field(term, "localname") or "")
        if not allow_service and not is_loopback_url(iri):
            raise QueryError(f"refusing SERVICE <{iri}>: SERVICE may call only loopback hosts unless services are allowed")

    return _Shape(kind, tuple(variables), select_star, ordered, order_by, frozenset(prefix_iris))


# --------------------------------------------------------------------------
# Binding parameters inside the query text (for Oxigraph and remote endpoints)

_LEXER = re.compile(
    r"(?P<comment>\#[^\n]*)"
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*')"
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r"|(?P<var>[?$][\w\u00B7\u00C0-\uFFFF]+)"
    r"|(?P<word>[A-Za-z_][\w.-]*(?::[\w.%-]*)?|:[\w.%-]*)"
    r"|(?P<brace>[{}()])"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.DOTALL,
)

Token = tuple[str, str, int]  # kind, text, offset
_MODIFIERS = ("GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES")


@lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[Token, ...]:
    out = []
    for m in _LEXER.finditer(text):
        kind = m.lastgroup or "other"
        if kind not in ("space", "comment"):
            out.append((kind, m.group(), m.start()))
    return tuple(out)


def _matching(tokens: Sequence[Token], i: int) -> int:
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j][1] in ("{", "("):
            depth += 1
        elif tokens[j][1] in ("}", ")"):
            depth -= 1
            if depth == 0:
                return j
    raise QueryError("SPARQL syntax error: unbalanced braces")


def _where_group(tokens: Sequence[Token]) -> tuple[int, int] | None:
    """Token indexes of the braces of the query's top-level WHERE group, if any."""
    i = next((n for n, t in enumerate(tokens) if t[0] == "word" and t[1].upper() in QUERY_KINDS), None)
    if i is None:
        return None
    form = tokens[i][1].upper()
    i += 1
    if form == "CONSTRUCT" and i < len(tokens):
        if tokens[i][1] == "{":
            i = _matching(tokens, i) + 1
        elif tokens[i][0] == "word" and tokens[i][1].upper() == "WHERE":
            return None  # short form: the pattern is also the template
    while i < len(tokens):
        if tokens[i][1] == "(":  # projection expressions may hold EXISTS { }
            i = _matching(tokens, i) + 1
            continue
        if tokens[i][1] == "{":
            return i, _matching(tokens, i)
        i += 1
    return None


def _parses(text: str) -> bool:
    """True if ``text`` is a SPARQL query (Oxigraph's parser unless it has SERVICE, else rdflib's)."""
    if not any(t[0] == "word" and t[1].upper() == "SERVICE" for t in _tokens(text)):
        verdict = _oxigraph_parses(text)
        if verdict is not None:
            return verdict
    return _rdflib_parses(text)


def _rdflib_parses(text: str) -> bool:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseBaseException:
        return False
    return True


def values_block(bindings: Mapping[str, Node]) -> str:
    """``VALUES (?a ?b) { (<x> "y") }``, every term written by rdflib's ``.n3()``."""
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(term.n3() for term in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def prefix_declarations(declared: frozenset[str] = frozenset()) -> str:
    """PREFIX lines for the project prefixes a query does not declare itself."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)


def bound_text(prepared: PreparedQuery, declare_prefixes: bool = False, *, check: bool = True) -> str:
    """The query text with its parameters bound by a ``VALUES`` block.

    The block opens the top-level WHERE group, so that the FILTERs of that
    group see the values (a trailing VALUES would join only after them);
    ``DESCRIBE ?x`` without one gets ``WHERE { VALUES ... }`` and the short
    ``CONSTRUCT WHERE`` a trailing VALUES. Unlike rdflib's initBindings, a parameter used only
    inside a sub-query or a nested OPTIONAL/MINUS scope is not seen there.

    ``check=False`` skips parsing the result (for a caller that runs it at once
    on Oxigraph and reports a syntax error itself). Texts are cached.
    """
    if prepared.bindings and prepared.kind == "UPDATE":
        raise QueryError("parameters can be bound in a SPARQL Update only on rdflib's Memory store")
    return _bound_text(prepared.text, prepared.kind, tuple(prepared.bindings.items()),
                       prepared.declared_prefixes, declare_prefixes, check)


@lru_cache(maxsize=1024)
def _bound_text(text: str, kind: str, bindings: tuple[tuple[str, Node], ...],
                declared: frozenset[str], declare_prefixes: bool, check: bool) -> str:
    prologue = prefix_declarations(declared)
    if bindings:
        block = values_block(dict(bindings))
        tokens = _tokens(text)
        group = _where_group(tokens)
        if group is None and kind == "DESCRIBE":
            # DESCRIBE <x> ?y [modifiers]: give it a WHERE group (rdflib ignores a trailing VALUES here)
            at = next(
                (t[2] for t in tokens if t[0] == "word" and t[1].upper() in _MODIFIERS),
                len(text.rstrip()),
            )
            text = text[:at] + f"\nWHERE {{ {block} }}\n" + text[at:]
        elif group is None:
            text = text + "\n" + block + "\n"
        else:
            open_at, close_at = tokens[group[0]][2], tokens[group[1]][2]
            first = tokens[group[0] + 1]
            if first[0] == "word" and first[1].upper() == "SELECT":  # WHERE { SELECT ... }
                text = text[: open_at + 1] + f" {block} {{" + text[open_at + 1 : close_at] + "} " + text[close_at:]
            else:
                text = text[: open_at + 1] + f" {block} " + text[open_at + 1 :]
        if check and not _parses(prologue + text):
            raise QueryError(CANNOT_BIND)
    if declare_prefixes:
        text = prologue + text
    return text


CANNOT_BIND = "cannot bind parameters into this query; declare them with VALUES in the query"


# --------------------------------------------------------------------------
# Results


def normalize_graph(graph: Graph) -> Graph:
    """A copy of ``graph`` on the Memory store with every literal normalised."""
    return _prefixed_graph([(s, p, normalize_term(o)) for s, p, o in graph])


def select_variables(prepared: PreparedQuery, engine_vars: list[str]) -> list[str]:
    """The column order: as projected, or for ``SELECT *`` by first appearance."""
    if not prepared.select_star:
        return list(engine_vars)
    rank = {v: i for i, v in enumerate(prepared.variables)}
    return sorted(engine_vars, key=lambda v: (rank.get(v, len(rank)), v))


def make_select_result(prepared: PreparedQuery, engine_vars: list[str], rows: list[Mapping[str, Any]]) -> QueryResult:
    """Build a SELECT result from rows given as ``{variable: term}`` mappings."""
    variables = select_variables(prepared, engine_vars)
    out_rows = [tuple(normalize_term(row.get(v)) for v in variables) for row in rows]
    return QueryResult(
        kind="SELECT",
        variables=variables,
        rows=out_rows,
        ordered=prepared.ordered,
        order_by=prepared.order_by,
    )


def _local_result(prepared: PreparedQuery, result: Any) -> QueryResult:
    if prepared.kind == "SELECT":
        engine_vars = [str(v) for v in (result.vars or [])]
        rows = []
        for row in result:
            rows.append({v: row[i] for i, v in enumerate(engine_vars)})
        return make_select_result(prepared, engine_vars, rows)
    if prepared.kind == "ASK":
        return QueryResult(kind="ASK", boolean=bool(result.askAnswer))
    return QueryResult(kind=prepared.kind, triples=[(s, p, normalize_term(o)) for s, p, o in result.graph])


def _oxigraph_direct(graph: Graph, prepared: PreparedQuery, init_ns: Mapping[str, str]) -> QueryResult | None:
    """A query run straight on the pyoxigraph store under an oxrdflib graph.

    The same call oxrdflib makes (same default graph, same prefixes), but each
    distinct term of the answer is turned into a normalised rdflib term once,
    SELECT rows are built as tuples in the final column order and a CONSTRUCT
    or DESCRIBE graph is built once (not copied to be normalised). None if the
    store does not look like oxrdflib's (then ``graph.query`` runs it).
    """
    store = graph.store
    inner = getattr(store, "_inner", None)
    namespaces = getattr(store, "_namespace_for_prefix", None)
    if inner is None or namespaces is None:
        return None
    from oxrdflib._converter import to_ox

    query_graph = "__UNION__" if getattr(graph, "default_union", False) else graph.identifier
    try:
        result = inner.query(
            bound_text(prepared, check=False),
            use_default_graph_as_union=query_graph == "__UNION__",
            default_graph=(to_ox(query_graph) if isinstance(query_graph, Node) else None),
            prefixes=dict(namespaces, **init_ns),
        )
    except SyntaxError:
        if prepared.bindings and not _rdflib_parses(bound_text(prepared, declare_prefixes=True, check=False)):
            raise QueryError(CANNOT_BIND) from None
        raise
    if prepared.kind == "ASK":
        return QueryResult(kind="ASK", boolean=bool(result))
    term = OxigraphTerms().__getitem__
    if prepared.kind in ("CONSTRUCT", "DESCRIBE"):
        triples = [(term(t.subject), term(t.predicate), term(t.object)) for t in result]
        return QueryResult(kind=prepared.kind, triples=triples)
    engine_vars = [v.value for v in result.variables]
    variables = select_variables(prepared, engine_vars)
    if variables == engine_vars:
        rows = [tuple(map(term, solution)) for solution in result]
    else:
        order = [engine_vars.index(v) for v in variables]
        rows = [tuple(term(solution[i]) for i in order) for solution in result]
    return QueryResult(kind="SELECT", variables=variables, rows=rows,
                       ordered=prepared.ordered, order_by=prepared.order_by)


# the project's prefixes as SPARQL knows them without a PREFIX line (read-only)
_PROJECT_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items()}


def is_oxigraph(graph: Graph) -> bool:
    """True if the graph sits on an Oxigraph store (oxrdflib)."""
    return type(graph.store).__name__ == "OxigraphStore"


def run_query(
    graph: Graph,
    query: str | PreparedQuery,
    params: Mapping[str, Any] | None = None,
    *,
    allow_update: bool = False,
    allow_service: bool = False,
) -> QueryResult:
    """Run ``query`` on a local graph (Memory or Oxigraph store).

    The project's prefixes (``aireg.namespaces.PREFIXES``) are known without
    being declared. Parameters are bound with ``initBindings`` on rdflib's
    Memory store (and for updates). On an Oxigraph store they are bound by a
    ``VALUES`` block (see :func:`bound_text`), exactly as on a remote endpoint:
    Oxigraph's own substitution refuses variables missing from the SELECT
    projection and loses CONSTRUCT and sub-query matches. (rdflib ignores
    initBindings in DESCRIBE, which therefore takes the VALUES block too.)
    """
    prepared = (
        query
        if isinstance(query, PreparedQuery)
        else prepare_query(query, params, allow_update=allow_update, allow_service=allow_service)
    )
    init_ns = _PROJECT_PREFIXES
    bindings = {Variable(k): v for k, v in prepared.bindings.items()}
    try:
        if prepared.kind == "UPDATE":
            graph.update(prepared.text, initNs=init_ns, initBindings=bindings)
            return QueryResult(kind="UPDATE")
        if is_oxigraph(graph):
            direct = _oxigraph_direct(graph, prepared, init_ns)
            if direct is not None:
                return direct
        if is_oxigraph(graph) or (prepared.kind == "DESCRIBE" and bindings):
            result = graph.query(bound_text(prepared), initNs=init_ns)
        else:
            result = graph.query(prepared.text, initNs=init_ns, initBindings=bindings)
        return _local_result(prepared, result)
    except QueryError:
        raise
    except SyntaxError as err:  # Oxigraph's parser
        raise QueryError(f"SPARQL syntax error: {_first_line(err)}") from None
    except Exception as err:
        raise QueryError(f"query failed: {type(err).__name__}: {_first_line(err)}") from None


# --------------------------------------------------------------------------
# Comparing results (for tests and engine cross-checks)


_ANY_BNODE = BNode("_bnode")


def _masked(row: tuple) -> tuple:
    return tuple(_ANY_BNODE if isinstance(t, BNode) else t for t in row)


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


__all__ = [
    "FLOAT_TYPES",
    "INTEGER_TYPES",
    "PreparedQuery",
    "QueryResult",
    "is_loopback_url",
    "make_select_result",
    "normalize_graph",
    "normalize_term",
    "parse_param",
    "prepare_query",
    "result_difference",
    "run_query",
    "same_results",
]
