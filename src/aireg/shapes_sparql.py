"""The SPARQL inside a shapes graph: what SHACL allows there, and how to pre-bind its variables.

SHACL-SPARQL (sections 5.3.1 and 6.3) pre-binds ``$this``, ``$shapesGraph``,
``$currentShape`` (and, in constraint components, ``$value`` and the
parameters) before a query runs, and forbids what would make pre-binding
ill-defined: ``MINUS``, ``SERVICE``, ``VALUES``, ``AS ?var`` for a pre-bound
variable, and a sub-``SELECT`` that does not return every pre-bound variable
the query uses. A shapes graph that breaks these rules is refused before any
SHACL engine sees it (``SERVICE`` in particular would make an engine send
requests to whatever endpoint a shapes file names).

:func:`check_shapes_sparql` does the refusing; :func:`join_safe` tells the fast
engine when joining ``$this`` with the targets gives exactly what pre-binding
gives, and :func:`prebind` gives a query its pre-bound values, focus node by focus
node, otherwise.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rdflib import Graph, Literal, Namespace, Variable
from rdflib.namespace import OWL

from aireg.errors import InputError

SH = Namespace("http://www.w3.org/ns/shacl#")

# every predicate whose object is a SPARQL text a SHACL processor may run
SPARQL_PREDICATES = (SH.select, SH.ask, SH.construct, SH.update)
CONSTRAINT_PREBOUND = frozenset({"this", "shapesGraph", "currentShape"})


class ShapesError(InputError):
    """The shapes graph cannot be used (a shapes-graph error in SHACL's words): exit 2."""


@dataclass(frozen=True)
class Problem:
    node: object
    what: str


def prefixes(sg: Graph, owner) -> str:
    """PREFIX lines from the ``sh:declare`` of the ``sh:prefixes`` values and of what they owl:import."""
    lines, seen = [], set()
    todo = list(sg.objects(owner, SH.prefixes))
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for decl in sg.objects(node, SH.declare):
            prefix, ns = sg.value(decl, SH.prefix), sg.value(decl, SH.namespace)
            if prefix is not None and ns is not None:
                lines.append(f"PREFIX {prefix}: <{ns}>")
        todo.extend(sg.objects(node, OWL.imports))
    return "\n".join(sorted(set(lines))) + "\n"


def _parse(text: str):
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return parseQuery(text)[1]
    except Exception:
        return parseUpdate(text)


def _walk(node):
    """Every CompValue and term under ``node``, depth first."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple, ParseResults)):
        for item in node:
            yield from _walk(item)
    else:
        yield node


def _get(node, key):
    """A part of a parse-tree node, or None (rdflib's CompValue.get answers a missing key with its name)."""
    if not hasattr(node, "keys"):
        return None
    return dict.get(node, key) if isinstance(node, dict) else None


def _variables(node) -> set[str]:
    return {str(t) for t in _walk(node) if isinstance(t, Variable)}


def _projected(select) -> set[str] | None:
    """The variables a (sub-)SELECT names in its projection; None for ``SELECT *``."""
    projection = _get(select, "projection")
    if not projection:
        return None
    out = set()
    for item in projection:
        var = _get(item, "var") if hasattr(item, "get") else None
        evar = _get(item, "evar") if hasattr(item, "get") else None
        for v in (var, evar):
            if v is not None:
                out.add(str(v))
    return out


_SUSPECT = {"MINUS", "SERVICE", "VALUES", "BIND", "AS", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
            "INSERT", "DELETE", "WITH"}


def _words(text: str) -> list[str]:
    """The query's keywords and punctuation, strings, IRIs and comments left out."""
    out = []
    for m in _SCAN.finditer(text):
        token = m.group()
        if token[0] in "\"'<#":
            continue
        out.append(token.upper() if token[0] not in "?$" else token)
    return out


@functools.lru_cache(maxsize=1024)
def forbidden(text: str, prebound: frozenset[str] = CONSTRAINT_PREBOUND) -> str | None:
    """Why SHACL forbids this query (SHACL 5.3.1), or None if it may run."""
    words = _words(text)
    if not (_SUSPECT & set(words)) and words.count("SELECT") <= 1:
        return None  # none of what is forbidden can be there: no need for the (slow) full parse
    from aireg.sparql.cache import remembered

    return remembered("shapes-sparql-forbidden", (__file__,), (text, sorted(prebound)),
                      lambda: _forbidden_by_parse(text, prebound))


def _forbidden_by_parse(text: str, prebound: frozenset[str]) -> str | None:
    try:
        tree = _parse(text)
    except Exception as err:
        return f"not a SPARQL query ({' '.join(str(err).split())[:120]})"
    used = _variables(tree) & prebound
    for node in _walk(tree):
        name = getattr(node, "name", None)
        if name is None:
            continue
        if name == "ServiceGraphPattern":
            return "SERVICE (a federated query) is not allowed in SHACL constraints"
        if name == "MinusGraphPattern":
            return "MINUS is not allowed in SHACL constraints"
        if name in ("InlineData", "ValuesClause"):
            return "VALUES is not allowed in SHACL constraints"
        if name in ("Load", "Clear", "Drop", "Create", "Add", "Move", "Copy"):
            return f"SPARQL Update {name.upper()} is not allowed in shapes"
        if name == "Bind" and str(_get(node, "var")) in prebound:
            return f"BIND (... AS ?{node.get('var')}) assigns the pre-bound variable ${node.get('var')}"
        if name == "vars" and _get(node, "evar") is not None and str(_get(node, "evar")) in prebound:
            return f"(... AS ?{node.get('evar')}) assigns the pre-bound variable ${node.get('evar')}"
        if name == "SubSelect":
            projected = _projected(node) or set()
            missing = sorted(used - projected)
            if missing:
                return ("a sub-SELECT must return the pre-bound variables the query uses "
                        f"(it does not return {', '.join('$' + m for m in missing)})")
    return None


def sparql_texts(sg: Graph):
    """(node, predicate, text) for every SPARQL text in the shapes graph."""
    for pred in SPARQL_PREDICATES:
        for node, text in sg.subject_objects(pred):
            if isinstance(text, Literal):
                yield node, pred, str(text)


def _prebound_for(sg: Graph, node) -> frozenset[str]:
    """Pre-bound variables of a query: a validator also binds $value and its component's parameters;
    a SPARQL-based target (SHACL-AF) produces $this instead of receiving it."""
    if (None, SH.target, node) in sg or (None, SH.targetValidator, node) in sg:
        return frozenset({"shapesGraph", "currentShape"})
    names = set(CONSTRAINT_PREBOUND)
    components = set(sg.subjects(SH.validator, node)) | set(sg.subjects(SH.nodeValidator, node)) \
        | set(sg.subjects(SH.propertyValidator, node))
    if components:
        names.add("value")
        for cc in components:
            for param in sg.objects(cc, SH.parameter):
                path = sg.value(param, SH.path)
                if path is not None:
                    names.add(re.split(r"[#/:]", str(path))[-1])
    return frozenset(names)


def check_shapes_sparql(sg: Graph, where=None) -> None:
    """Refuse (``ShapesError``) a shapes graph whose SPARQL SHACL forbids; nothing is run."""
    for node, pred, text in sorted(sparql_texts(sg), key=lambda t: (str(t[0]), str(t[1]))):
        if "SERVICE" in _words(text):
            # the keyword (not a string, an IRI, a comment or a ?service variable): refused
            # even if the full parse were to miss it, so that no engine is ever asked to call out
            why = forbidden(prefixes(sg, node) + text, _prebound_for(sg, node)) \
                or "SERVICE is not allowed in shapes"
        elif pred in (SH.select, SH.ask):
            why = forbidden(prefixes(sg, node) + text, _prebound_for(sg, node))
        else:
            why = forbidden(prefixes(sg, node) + text, frozenset())
        if why:
            name = node.n3(sg.namespace_manager) if hasattr(node, "n3") else str(node)
            raise ShapesError(f"shapes graph error: the {pred.n3(sg.namespace_manager)} of {name}: {why}", where)


# --- pre-binding ------------------------------------------------------------------

_AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}


@functools.lru_cache(maxsize=1024)
def join_safe(text: str, prebound=frozenset({"this"})) -> bool:
    """True if joining the pre-bound variables with their values gives what pre-binding gives.

    That holds when every mention of a pre-bound variable sits in the top-level
    group (a triple pattern, a FILTER or a BIND there), directly in a FILTER
    [NOT] EXISTS block of it (EXISTS is evaluated with the solution substituted
    in, as pre-binding would) or directly in an OPTIONAL block of it without a
    BIND (the left join meets the variable bound on its left side, the focus
    pattern the join puts first, and the OPTIONAL's FILTER is evaluated on the
    joined solution), and nothing changes the count of rows: no sub-SELECT,
    GROUP BY, HAVING, LIMIT, OFFSET or aggregate. Then the focus node is bound
    before anything reads it. Nested groups, UNION and GRAPH are evaluated on
    their own in SPARQL, where a join leaves the variable unbound: those
    queries are pre-bound focus node by focus node.
    """
    words = _words(text)
    if words.count("SELECT") + words.count("ASK") != 1:
        return False
    if {"GROUP", "HAVING", "LIMIT", "OFFSET"} & set(words) or _AGGREGATES & set(words):
        return False
    stack: list[str] = []
    for i, word in enumerate(words):
        if word == "{":
            before = words[i - 1] if i else ""
            stack.append({"EXISTS": "exists", "OPTIONAL": "optional"}.get(before, "group"))
        elif word == "}":
            if stack:
                stack.pop()
        elif word == "BIND" and "optional" in stack:
            return False  # a BIND inside OPTIONAL runs before the left join binds the variable
        elif word[0] in "?$" and word[1:] in prebound and len(stack) > 1 and (
                len(stack) > 2 or stack[1] not in ("exists", "optional")):
            return False
    return True


_SCAN = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*|[?$][A-Za-z_0-9]+|[A-Za-z_][A-Za-z_0-9]*|[{}]'
)
_TOKEN = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*|[?$][A-Za-z_0-9]+|\b(?:SELECT|WHERE|GROUP|HAVING|ORDER|LIMIT|OFFSET)\b|[{}()]',
    re.IGNORECASE,
)


def _substitute(text: str, values: dict[str, str]) -> str:
    """Each ``?v``/``$v`` of ``values`` replaced by its term; in a SELECT head by ``(term AS ?v)``.

    The text is scanned token by token, so strings, IRIs and comments keep
    their ``?v``; the first SELECT is the query's own, later ones are sub-SELECTs.
    """
    out, pos, in_head, depth, selects, in_group = [], 0, False, 0, 0, False
    for m in _TOKEN.finditer(text):
        token = m.group()
        out.append(text[pos:m.start()])
        pos = m.end()
        upper = token.upper()
        if upper == "SELECT":
            in_head, depth, selects = True, 0, selects + 1
        elif upper == "WHERE" or token == "{":
            in_head = in_group = False
        elif upper == "GROUP":
            in_group = True
        elif upper in ("HAVING", "ORDER", "LIMIT", "OFFSET") or token == "}":
            in_group = False
        elif token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif token[0] in "?$" and token[1:] in values:
            term = values[token[1:]]
            # a sub-SELECT's own name for it: AS may not reuse a variable already in scope
            name = token[1:] if selects == 1 else f"_prebound_{token[1:]}"
            if in_head and depth == 0:
                token = f"({term} AS ?{name})"
            elif in_group and depth == 0:
                token = f"({term})"  # GROUP BY takes an expression in parentheses, not a bare term
            else:
                token = term
        out.append(token)
    out.append(text[pos:])
    return "".join(out)


def prebind(text: str, bindings: dict) -> tuple[str, dict]:
    """``text`` with the pre-bound variables in ``bindings`` (name -> pyoxigraph term) given their values.

    IRIs and literals are written into the query in place of the variable (in
    the projection as ``(term AS ?v)``), which is SHACL's pre-binding; ``bound(?v)``
    becomes true. A blank node cannot be written in a query: those are returned
    for pyoxigraph's ``substitutions`` (SEP-0007), with the variable added to the
    projection it requires. ASK becomes a SELECT (a row means true).
    """
    import pyoxigraph as ox

    for v in bindings:
        text = re.sub(r"\bbound\s*\(\s*[?$]" + re.escape(v) + r"\s*\)", "(true)", text, flags=re.IGNORECASE)
    rest = {k: v for k, v in bindings.items() if isinstance(v, ox.BlankNode)}
    text = _substitute(text, {k: str(v) for k, v in bindings.items() if k not in rest})
    head = " ".join("?" + v for v in rest) or "*"
    ask = re.search(r"\bASK\b", text, re.IGNORECASE)
    select = re.search(r"\bSELECT\b(\s*(?:DISTINCT|REDUCED)\b)?", text, re.IGNORECASE)
    if ask and (select is None or ask.start() < select.start()):
        return text[: ask.start()] + f"SELECT {head} WHERE " + _strip_where(text[ask.end():]), rest
    if select is None:
        raise ValueError("not a SELECT or ASK query")
    end = text.index("{", select.end()) if "{" in text[select.end():] else len(text)
    projection = text[select.end():end]
    missing = [v for v in rest if not re.search(r"[?$]" + re.escape(v) + r"\b", projection)]
    if missing and not re.match(r"\s*\*", projection):
        text = text[: select.end()] + " " + " ".join("?" + v for v in missing) + text[select.end():]
    return text, rest


def _strip_where(rest: str) -> str:
    m = re.match(r"\s*WHERE\b", rest, re.IGNORECASE)
    return rest[m.end():] if m else rest


__all__ = ["ShapesError", "check_shapes_sparql", "forbidden", "join_safe", "prebind", "prefixes"]
