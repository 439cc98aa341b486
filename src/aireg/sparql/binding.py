"""Parameters written into the query text as RDF terms, for every engine alike.

Each parameter's term (written by rdflib's ``.n3()``, never the user's own
text) takes the place of its variable wherever the query uses it; a variable
in the outer ``SELECT`` list becomes ``(term AS ?var)``, so the column stays.
This is what lets one text give the same rows on rdflib, Oxigraph and servers
that do not pass an outer binding into a ``FILTER`` inside ``OPTIONAL``
(Virtuoso). Where a term cannot stand in the variable's place (a literal as a
subject), the parameters are given by a ``VALUES`` block opening the WHERE
group instead.

The tokens below only find where to write; they decide nothing. Every
rewritten text is parsed and checked again by :mod:`aireg.sparql.check`
(update, SERVICE, a parameter left unbound), and refused if it fails.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from aireg.errors import QueryError
from aireg.sparql.check import PLACEHOLDER, QUERY_BASE, QUERY_KINDS, PreparedQuery, check, parse

if TYPE_CHECKING:
    from rdflib.term import Node

CANNOT_BIND = "cannot bind parameters into this query; declare them with VALUES in the query"

_LEXER_PATTERN = (
    r"(?P<comment>\#[^\n]*)"
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*')"
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r"|(?P<var>[?$][\w\u00B7\u00C0-\uFFFF]+)"
    r"|(?P<word>[A-Za-z_][\w.-]*(?::(?:[\w.%-]|\\.)*)?|:(?:[\w.%-]|\\.)*)"
    r"|(?P<brace>[{}()])"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)"
)
_LEXER: re.Pattern | None = None  # compiled on first use: a cached verdict needs no tokens

Token = tuple[str, str, int]  # kind, text, offset
_MODIFIERS = ("GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES")


@lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[Token, ...]:
    global _LEXER
    if _LEXER is None:
        _LEXER = re.compile(_LEXER_PATTERN, re.DOTALL)
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
    raise QueryError(CANNOT_BIND)


_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_ESCAPED = re.compile('[\\\\"\x00-\x1f\x7f]')


def sparql_term(term: Node) -> str:
    """An IRI or literal in SPARQL syntax, every quote, backslash and control character escaped.

    Takes rdflib terms and light terms (:mod:`aireg.lightterms`) alike.
    (rdflib's ``.n3()`` leaves a tab as it is, which rdflib's own query parser
    then reads as spaces.)
    """
    from aireg.lightterms import term_kind

    kind = term_kind(term)
    if kind == "iri":
        return f"<{term}>"
    if kind != "literal":
        raise QueryError(f"cannot write a {type(term).__name__} into a query")
    text = _ESCAPED.sub(lambda m: _ECHAR.get(m.group(), f"\\u{ord(m.group()):04X}"), str(term))
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype is not None:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def values_block(bindings: Mapping[str, Node]) -> str:
    """``VALUES (?a ?b) { (<x> "y") }``, every term written by :func:`sparql_term`."""
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(sparql_term(term) for term in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def prefix_declarations(declared: frozenset[str] = frozenset()) -> str:
    """PREFIX lines for the project prefixes a query does not declare itself."""
    from aireg.prefixes import PREFIX_IRIS

    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIX_IRIS.items() if p not in declared)


def prologue(declared: frozenset[str] = frozenset()) -> str:
    """The BASE and PREFIX lines a server needs to read a query as a local engine does."""
    return f"BASE <{QUERY_BASE}>\n" + prefix_declarations(declared)


def _projections(tokens: Sequence[Token]) -> dict[int, bool]:
    """Token index of every plain variable of a SELECT list -> whether that list is the outermost."""
    out: dict[int, bool] = {}
    first_select = True
    for i, (kind, text, _) in enumerate(tokens):
        if kind != "word" or text.upper() != "SELECT":
            continue
        j = i + 1
        while j < len(tokens) and tokens[j][0] == "word" and tokens[j][1].upper() in ("DISTINCT", "REDUCED"):
            j += 1
        while j < len(tokens):
            if tokens[j][1] == "(":
                j = _matching(tokens, j) + 1
                continue
            if tokens[j][1] == "{" or (tokens[j][0] == "word" and tokens[j][1].upper() in ("WHERE", "FROM")):
                break
            if tokens[j][0] == "var":
                out[j] = first_select
            j += 1
        first_select = False
    return out


def _ordering_vars(tokens: Sequence[Token]) -> set[int]:
    """Token index of every plain variable of a GROUP BY or ORDER BY clause (no term can stand there)."""
    out: set[int] = set()
    clause, depth = False, 0
    for k, (kind, word, _) in enumerate(tokens):
        upper = word.upper() if kind == "word" else ""
        if upper in ("GROUP", "ORDER") and k + 1 < len(tokens) and tokens[k + 1][1].upper() == "BY":
            clause, depth = True, 0
        elif upper in ("HAVING", "LIMIT", "OFFSET", "VALUES") or word in ("{", "}"):
            clause = False
        elif clause and word == "(":
            depth += 1
        elif clause and word == ")":
            depth -= 1
        elif clause and kind == "var" and depth == 0:
            out.add(k)
    return out


def substituted(text: str, bindings: Mapping[str, Node]) -> str:
    """``text`` with each bound variable replaced by its term (see the module doc)."""
    tokens = _tokens(text)
    edits: dict[int, str] = {}  # token index -> replacement text
    in_list = _projections(tokens)
    ordering = _ordering_vars(tokens)
    for k, (kind, word, _) in enumerate(tokens):
        if kind != "var" or word[1:] not in bindings:
            continue
        term = sparql_term(bindings[word[1:]])
        if k in in_list:
            # a plain ?var in a SELECT list: the outer list keeps the column, inner lists drop it
            edits[k] = f"({term} AS {word})" if in_list[k] else ""
        elif k in ordering:
            # GROUP BY (<x>) is SPARQL, but rdflib cannot evaluate a constant key: use the VALUES form
            raise QueryError(CANNOT_BIND)
        else:
            edits[k] = term
    if not edits:
        return text
    out, at = [], 0
    for k in sorted(edits):
        offset = tokens[k][2]
        out.append(text[at:offset])
        out.append(edits[k])
        at = offset + len(tokens[k][1])
    out.append(text[at:])
    return "".join(out)


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


def with_values(text: str, kind: str, bindings: Mapping[str, Node]) -> str:
    """``text`` with a VALUES block opening its top-level WHERE group.

    ``DESCRIBE ?x`` without a WHERE gets ``WHERE { VALUES ... }`` and the short
    ``CONSTRUCT WHERE`` a trailing VALUES. A parameter used only inside a
    sub-query or a nested OPTIONAL/MINUS scope is not seen there.
    """
    block = values_block(bindings)
    tokens = _tokens(text)
    group = _where_group(tokens)
    if group is None and kind == "DESCRIBE":
        at = next((t[2] for t in tokens if t[0] == "word" and t[1].upper() in _MODIFIERS), len(text.rstrip()))
        return text[:at] + f"\nWHERE {{ {block} }}\n" + text[at:]
    if group is None:
        return text + "\n" + block + "\n"
    open_at, close_at = tokens[group[0]][2], tokens[group[1]][2]
    first = tokens[group[0] + 1]
    if first[0] == "word" and first[1].upper() == "SELECT":  # WHERE { SELECT ... }
        return text[: open_at + 1] + f" {block} {{" + text[open_at + 1 : close_at] + "} " + text[close_at:]
    return text[: open_at + 1] + f" {block} " + text[open_at + 1 :]


def _template(text: str, kind: str, names: tuple[str, ...], allow_update: bool,
              allow_service: bool) -> tuple[str | None, frozenset[str]]:
    """The query with a placeholder IRI in place of each parameter's variable.

    Returns (that form or None, the placeholders that stand where a literal
    may not: subject, predicate, GRAPH, DESCRIBE). The rewriting only ever
    puts a whole term where the tokens saw a variable, so it can break the
    query's structure only where the tokens misread it: where a string or an
    IRI of the real parse holds text such as ``?name``. The form is trusted
    from the parse of the original text when no string, IRI or name of it
    holds a parameter's ``?name``; otherwise it is parsed and checked whole,
    and kept only if every placeholder is a term of the parse, none sits
    inside a string and no parameter variable is left free. Kept between
    runs by text and names.
    """
    from aireg.sparql import cache

    name = cache.key("bind", text, kind, list(names), bool(allow_update), bool(allow_service))
    kept = cache.get(name)
    if kept is not None:
        return kept[0], frozenset(kept[1])
    from rdflib import URIRef

    if PLACEHOLDER in text:
        raise QueryError(f"cannot bind parameters into a query that itself uses <{PLACEHOLDER}...> IRIs")
    marks = {n: URIRef(PLACEHOLDER + n) for n in names}
    inplace, iri_only = None, frozenset()
    original = parse(text)
    try:
        candidate = substituted(text, marks)
        if not (original.mentions & set(names)) and all(f"<{m}>" in candidate for m in marks.values()):
            inplace = candidate
            iri_only = frozenset(PLACEHOLDER + n for n in names if n in original.var_iri_only)
        else:
            shape = _verified(candidate, marks, allow_update, allow_service, in_place=True)
            if shape is not None:
                inplace, iri_only = candidate, shape.iri_only
    except QueryError as err:
        if str(err).startswith("refusing"):
            raise
    cache.put(name, [inplace, sorted(iri_only)])
    return inplace, iri_only


def _values_form(text: str, kind: str, names: tuple[str, ...], allow_update: bool, allow_service: bool) -> str:
    """The query with the placeholders in a VALUES block opening its WHERE group, parsed and checked."""
    from aireg.sparql import cache

    name = cache.key("values", text, kind, list(names), bool(allow_update), bool(allow_service))
    kept = cache.get(name)
    if kept is not None:
        return kept
    from rdflib import URIRef

    marks = {n: URIRef(PLACEHOLDER + n) for n in names}
    try:
        candidate = with_values(text, kind, marks)
    except QueryError:
        raise QueryError(CANNOT_BIND) from None
    if _verified(candidate, marks, allow_update, allow_service, in_place=False) is None:
        raise QueryError(CANNOT_BIND)
    cache.put(name, candidate)
    return candidate


def _verified(text: str, marks: Mapping[str, Node], allow_update: bool, allow_service: bool, *,
              in_place: bool):
    """The shape of a rewritten text if it is sound (see :func:`_template`), else None."""
    try:
        shape = check(text, allow_update=allow_update, allow_service=allow_service)
    except QueryError as err:
        if str(err).startswith("refusing"):
            raise
        return None
    found = dict(shape.placeholders)
    if found.get("text"):
        return None  # a placeholder inside a string: the rewriting misread the text
    for mark in marks.values():
        # the parse may hold a term more often than the text (a subject shared by "p1 ?o ; p2 ?o")
        if text.count(f"<{mark}>") == 0 or found.get(str(mark), 0) == 0:
            return None
    if in_place and set(marks) & (set(shape.variables) - shape.assigned):
        return None  # a parameter's variable left free: the rewriting missed an occurrence
    return shape


def _cache_place() -> tuple[str, ...]:
    """Which verdict cache is in use (the settings :func:`aireg.sparql.cache.folder` reads): a text bound
    in memory belongs to it."""
    env = os.environ
    return (env.get("AIREG_NO_CACHE", ""), env.get("AIREG_CACHE_DIR", ""), env.get("XDG_CACHE_HOME", ""))


# Bound texts are kept in memory too: a query run again in one process (a benchmark, the server,
# --all, --sources) neither hashes its text for the verdict cache nor writes its terms in again.
@lru_cache(maxsize=1024)
def _bound(text: str, kind: str, allow_update: bool, allow_service: bool, terms: tuple[tuple[str, str, bool], ...],
           where: tuple[str, ...]) -> str:
    """``text`` with each (name, SPARQL term, is an IRI) of ``terms`` written in (see :func:`bound_text`)."""
    names = tuple(name for name, _, _ in terms)
    inplace, iri_only = _template(text, kind, names, allow_update, allow_service)
    not_iri = {PLACEHOLDER + name for name, _, is_iri in terms if not is_iri}
    if inplace is None or iri_only & not_iri:
        form = _values_form(text, kind, names, allow_update, allow_service)
    else:
        form = inplace
    written = {name: term for name, term, _ in terms}
    # one pass: a term written in is never read again (a value may itself hold a placeholder's text)
    pattern = re.compile("<" + re.escape(PLACEHOLDER) + "(" + "|".join(map(re.escape, names)) + ")>")
    return pattern.sub(lambda m: written[m.group(1)], form)


def bound_text(prepared: PreparedQuery, declare_prefixes: bool = False, *, check: bool = True) -> str:
    """The query text as an engine runs it: parameters written in as terms.

    The text with placeholders was parsed and checked as a whole
    (:func:`_template`); here each placeholder IRI is replaced by its term, a
    whole term for a whole term, so the checked structure is what runs. A
    value that is not an IRI, for a parameter that stands where only an IRI
    may (a subject), takes the VALUES form. ``declare_prefixes`` puts
    ``BASE`` and the project's ``PREFIX`` lines in front (for a server).
    ``check`` is kept for callers of the earlier API; the text is always checked.
    """
    from aireg.lightterms import term_kind

    if prepared.bindings and prepared.kind == "UPDATE":
        raise QueryError("parameters can be bound in a SPARQL Update only on rdflib's Memory store")
    text = prepared.text
    if prepared.bindings:
        terms = tuple((name, sparql_term(prepared.bindings[name]), term_kind(prepared.bindings[name]) == "iri")
                      for name in sorted(prepared.bindings))
        text = _bound(text, prepared.kind, prepared.allow_update, prepared.allow_service, terms, _cache_place())
    if declare_prefixes:
        text = prologue(prepared.declared_prefixes) + text
    return text
