"""The research query library: the ``.rq`` files under ``queries/`` and their headers.

Every library query opens with a block of ``#`` comment lines, one field per
line, a longer value continued on the following ``#`` lines indented by at
least two spaces::

    # title-en: Compute and network thresholds across instruments and versions
    # title-zh: 各規範文件與版本的運算與網路門檻
    # question-en: Which numeric thresholds do the instruments set, largest first?
    # question-zh: 各規範文件訂定哪些數值門檻？
    # param: min = 0 — keep thresholds whose value is at least this number
    # param: lang = en — label language: en or zh-Hant

Fields: ``title-en``, ``title-zh``, ``question-en``, ``question-zh`` (each
once, all required for a library query), ``columns-zh`` and ``columns-en``
(optional: ``var = label, var2 = label2``, the column headers a person reads
in that language; a column without one is headed by its variable name) and
``param`` (any number:
``NAME = DEFAULT — DESCRIPTION``, the dash an em dash ``—`` or ``--``). The
header ends at the first line that is not a comment. A parameter's default is
written as on the command line (``id:eo-14110``, ``2024-01-01``, ``1e25``,
``en``) and read by :func:`aireg.sparql.parse_param`. The default's kind is
the parameter's type (:mod:`aireg.params`): a date parameter takes only real
dates (or ``today``), a number only numbers, an IRI ``id:NAME``, a bare
``NAME`` or ``<IRI>`` naming a node of the graph; every declared
parameter is always bound (its default unless the user gives a value), so a
query never sees an unbound parameter. The ``lang`` parameter takes a
language tag compared with ``LANGMATCHES``; ``--lang zh`` means ``zh-Hant``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aireg import paths
from aireg.errors import InputError, QueryError
from aireg.lightterms import Iri, Lit, to_rdflib
from aireg.sparql.params import read_value

if TYPE_CHECKING:
    from rdflib.term import Node

LANGS = {"en": "en", "zh": "zh-Hant", "zh-hant": "zh-Hant", "zh-Hant": "zh-Hant"}
FIELDS = ("title-en", "title-zh", "question-en", "question-zh", "columns-en", "columns-zh", "param")
REQUIRED = ("title-en", "title-zh", "question-en", "question-zh")
SUFFIX = ".rq"

_FIELD_LINE = re.compile(r"^#\s?([A-Za-z][\w-]*):\s*(.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z_0-9]*)\s*=\s*(\S+)\s*(?:(?:—|--)\s*(.*))?$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_COLUMN = re.compile(r"^\??([A-Za-z_][A-Za-z_0-9]*)\s*=\s*(\S.*)$")


def lang_tag(lang: str | None) -> str:
    """The language tag for ``--lang`` (``en`` or ``zh`` → ``zh-Hant``)."""
    if lang is None:
        return "en"
    tag = LANGS.get(lang) or LANGS.get(lang.lower())
    if tag is None:
        raise QueryError(f"unknown language {lang!r}: use en or zh (Traditional Chinese, zh-Hant)")
    return tag


def is_zh(lang: str | None) -> bool:
    return lang_tag(lang) == "zh-Hant"


@dataclass(frozen=True)
class Param:
    """A declared query parameter: its name, default (as typed) and description."""

    name: str
    default: str
    description: str = ""

    @property
    def kind(self) -> str:
        """iri, date, number, lang, boolean or text: the kind of the default (see aireg.params)."""
        from aireg.params import type_of

        return type_of(self.name, self.default)

    def term(self, value: str | None = None) -> Node:
        """The rdflib term for ``value`` (None: the default)."""
        return to_rdflib(self.value(value))

    def value(self, value: str | None = None) -> Iri | Lit:
        """The light term (:mod:`aireg.lightterms`) for ``value`` (None: the default)."""
        if value is None:
            return read_value(self.default, self.name)
        from aireg.params import coerce_value

        return coerce_value(self.name, self.kind, value)


@dataclass
class LibraryQuery:
    """One ``.rq`` file and what its header says about it."""

    name: str
    path: Path
    text: str
    fields: dict[str, str] = field(default_factory=dict)
    params: list[Param] = field(default_factory=list)

    @property
    def has_header(self) -> bool:
        return all(self.fields.get(k) for k in REQUIRED)

    def title(self, lang: str | None = "en") -> str:
        key = "title-zh" if is_zh(lang) else "title-en"
        return self.fields.get(key) or self.fields.get("title-en") or self.name

    def question(self, lang: str | None = "en") -> str:
        key = "question-zh" if is_zh(lang) else "question-en"
        return self.fields.get(key) or self.fields.get("question-en") or ""

    def column_labels(self, lang: str | None = "en") -> dict[str, str]:
        """Variable -> column header in ``lang`` (``columns-zh`` / ``columns-en``), as the header gives them."""
        key = "columns-zh" if is_zh(lang) else "columns-en"
        return parse_columns(self.fields.get(key, ""))

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def param_names(self) -> list[str]:
        return [p.name for p in self.params]

    def given_nodes(self, values: Mapping[str, str] | None, bindings: Mapping[str, Any]) -> dict[str, Any]:
        """The IRI-typed parameters the user gave a value for, bound: the ones to look up in the graph."""
        return {k: bindings[k] for k in (values or {}) if (p := self.param(k)) is not None and p.kind == "iri"}

    def bindings(self, values: Mapping[str, str] | None = None, lang: str | None = None) -> dict[str, Node]:
        """RDF terms for every declared parameter: given values over defaults.

        ``lang`` (``en`` / ``zh``) sets the ``lang`` parameter where the header
        declares one (unless ``values`` names it); a query without a header
        keeps its own ``?lang``. A value for a parameter the header does not
        declare is an error, except for a query without a header (an ad-hoc
        file), whose values are passed on as the user gave them
        (``prepare_query`` then checks that the query uses the variable and
        does not assign it itself).
        """
        return {name: to_rdflib(term) for name, term in self.light_bindings(values, lang).items()}

    def light_bindings(self, values: Mapping[str, str] | None = None, lang: str | None = None) -> dict[str, Iri | Lit]:
        """:meth:`bindings` as light terms (:mod:`aireg.lightterms`), with the same checks and errors."""
        values = dict(values or {})
        out: dict[str, Iri | Lit] = {}
        declared = self.param_names
        if self.params or self.has_header:
            unknown = [k for k in values if k not in declared]
            if unknown:
                known = ", ".join(declared) or "none"
                raise QueryError(
                    f"unknown parameter {unknown[0]!r} for query {self.name!r} (its parameters: {known})"
                )
        if lang is not None and "lang" not in values and "lang" in declared:
            values["lang"] = lang_tag(lang)
        for p in self.params:
            out[p.name] = p.value(values.pop(p.name, None))
        for name, value in values.items():
            out[name] = read_value(value, name)
        return out


def parse_columns(text: str) -> dict[str, str]:
    """``a = 義務主體, b = 條文`` -> {"a": "義務主體", "b": "條文"}; a malformed item raises ValueError."""
    out: dict[str, str] = {}
    for item in filter(None, (i.strip() for i in text.split(","))):
        m = _COLUMN.match(item)
        if not m:
            raise ValueError(f"a column label reads 'VAR = label', not {item!r}")
        out[m.group(1)] = m.group(2).strip()
    return out


def parse_header(text: str, path: Path | str = "<query>") -> tuple[dict[str, str], list[Param]]:
    """The header fields and parameters of a query text (see the module doc)."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    last: str | None = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.startswith("#"):
            break
        cont = _CONTINUATION.match(line)
        if cont and last is not None:
            if last == "param":
                p = params[-1]
                params[-1] = Param(p.name, p.default, (p.description + " " + cont.group(1)).strip())
            else:
                fields[last] = (fields[last] + " " + cont.group(1)).strip()
            continue
        m = _FIELD_LINE.match(line)
        if not m:
            last = None
            continue
        key, value = m.group(1).lower(), m.group(2).strip()
        if key not in FIELDS and not fields and not params:
            last = None  # a comment such as "# Note: ..." before any header field is just a comment
            continue
        if key not in FIELDS:
            raise InputError(f"unknown header field {key!r} (known: {', '.join(FIELDS)})", path, lineno)
        if key == "param":
            pm = _PARAM.match(value)
            if not pm:
                raise InputError("a parameter reads 'param: NAME = DEFAULT — DESCRIPTION'", path, lineno)
            name, default, description = pm.group(1), pm.group(2), (pm.group(3) or "").strip()
            if any(p.name == name for p in params):
                raise InputError(f"parameter {name!r} declared twice", path, lineno)
            try:
                read_value(default, name)
            except QueryError as err:
                raise InputError(f"bad default: {err}", path, lineno) from None
            params.append(Param(name, default, description))
        else:
            if key in fields:
                raise InputError(f"header field {key!r} given twice", path, lineno)
            fields[key] = value
        last = key
    for key in ("columns-en", "columns-zh"):
        try:
            parse_columns(fields.get(key, ""))
        except ValueError as err:
            raise InputError(f"{key}: {err}", path) from None
    return fields, params


def read_query(path: str | Path, name: str | None = None) -> LibraryQuery:
    """Read one ``.rq`` file (a library query or any file the user names)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such query file", path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark (Windows editors) is no SPARQL
    except UnicodeDecodeError as err:
        raise InputError(f"not valid UTF-8 (byte {err.start})", path) from None
    fields, params = parse_header(text, path)
    return LibraryQuery(name=name or path.stem, path=path, text=text, fields=fields, params=params)


def library_dir() -> Path:
    return paths.queries_dir()


def list_queries(directory: str | Path | None = None) -> list[LibraryQuery]:
    """Every query of the library, by name."""
    folder = Path(directory) if directory is not None else library_dir()
    if not folder.is_dir():
        return []
    return [read_query(p) for p in sorted(folder.glob("*" + SUFFIX)) if p.is_file()]


def query_names(directory: str | Path | None = None) -> list[str]:
    folder = Path(directory) if directory is not None else library_dir()
    return sorted(p.stem for p in folder.glob("*" + SUFFIX)) if folder.is_dir() else []


def find_query(name_or_path: str, directory: str | Path | None = None) -> LibraryQuery:
    """A library query by name (``thresholds``), or any ``.rq`` file by path."""
    folder = Path(directory) if directory is not None else library_dir()
    candidate = Path(name_or_path)
    try:
        candidate.is_file()
    except PermissionError:  # a folder on the path that cannot be searched (raised before Python 3.12)
        raise QueryError(f"{name_or_path}: cannot read: permission denied (a folder on its path cannot be "
                         "searched)") from None
    looks_like_path = name_or_path.endswith(SUFFIX) or "/" in name_or_path or "\\" in name_or_path
    if looks_like_path:
        if candidate.is_file():
            return read_query(candidate)
        in_library = folder / candidate.name
        if candidate.parent == Path(".") and in_library.is_file():
            return read_query(in_library)
        raise QueryError(f"no such query file: {name_or_path}")
    if _NAME.match(name_or_path):
        path = folder / (name_or_path + SUFFIX)
        if path.is_file():
            return read_query(path)
    if candidate.suffix and candidate.is_file():
        raise QueryError(f"unknown query {name_or_path!r}: a file is read as a query when its name ends in "
                         f"{SUFFIX} or has a folder in it (./{name_or_path})")
    names = query_names(folder)
    close = difflib.get_close_matches(name_or_path.lower(), names, n=3, cutoff=0.6) or [
        n for n in names if name_or_path.lower() in n]
    hint = f"; did you mean {', '.join(close[:3])}?" if close else "; aireg query --list shows them"
    raise QueryError(f"unknown query {name_or_path!r}{hint}")


class Runner:
    """Runs queries on the bundled graph (loaded once) or on a remote endpoint.

    ``endpoint``: a SPARQL query URL (through :class:`aireg.endpoint.Endpoint`);
    otherwise the bundled graph on ``engine`` (``oxigraph`` or ``rdflib``).
    ``timeout`` bounds each query in seconds of wall clock, locally too.
    ``light``: answers on an Oxigraph graph hold light terms
    (:mod:`aireg.lightterms`), which render as the rdflib terms do and cost a
    fraction to make (``aireg query`` renders them; library callers keep rdflib terms).
    """

    def __init__(self, *, engine: str | None = None, endpoint: str | None = None,
                 timeout: float | None = None, files=None, credentials=None,
                 default_graphs=(), named_graphs=(), max_rows: int | None = None, light: bool = False):
        from aireg.endpoint import DEFAULT_TIMEOUT, Endpoint

        self.timeout = float(timeout) if timeout is not None else DEFAULT_TIMEOUT
        if self.timeout <= 0:
            raise QueryError("--timeout must be a positive number of seconds")
        if (default_graphs or named_graphs) and not endpoint:
            raise QueryError("--default-graph and --named-graph choose graphs on a server: give --endpoint too")
        self.engine = engine
        self.files = files
        self.max_rows = max_rows
        self.light = light
        self.endpoint = (Endpoint(endpoint, timeout=self.timeout, credentials=credentials,
                                  default_graphs=default_graphs, named_graphs=named_graphs)
                         if endpoint else None)
        self._graph = None

    @property
    def where(self) -> str:
        return self.endpoint.query_url if self.endpoint else "the bundled graph"

    def graph(self):
        if self._graph is None:
            from aireg.load import load_graph

            self._graph = load_graph(self.files, engine=self.engine)
        return self._graph

    def run(self, query: LibraryQuery | str, bindings: Mapping[str, Node] | None = None):
        """The neutral :class:`aireg.sparql.QueryResult` of one query."""
        from aireg.endpoint import call_with_deadline
        from aireg.sparql import prepare_query, run_query

        text = query.text if isinstance(query, LibraryQuery) else query
        prepared = prepare_query(text, bindings or {})
        if self.endpoint is not None:
            return self.endpoint.query(prepared, max_rows=self.max_rows)
        graph = self.graph()
        if self.light and prepared.kind in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            from aireg.sparql.oxigraph_engine import store_of

            direct = store_of(graph)
            if direct is not None:
                from aireg.lightterms import LightTerms
                from aireg.sparql.local import run_on_store

                return call_with_deadline(
                    lambda: run_on_store(direct[0], direct[1], prepared, max_rows=self.max_rows, terms=LightTerms),
                    self.timeout, "the bundled graph")
        return call_with_deadline(lambda: run_query(graph, prepared, max_rows=self.max_rows), self.timeout,
                                  "the bundled graph")

    def node_exists(self, iri) -> bool:
        """Whether ``iri`` is the subject or object of a triple of the graph (or endpoint)."""
        from rdflib import URIRef

        found = self.run("SELECT ?x WHERE { { ?node ?p ?x } UNION { ?x ?p ?node } } LIMIT 1",
                         {"node": URIRef(iri)})
        return len(found.rows) > 0

    def subject_iris(self) -> list[str]:
        """Every IRI that is the subject of a triple: the candidates for a misspelt id."""
        found = self.run("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) } LIMIT 200000")
        return [str(r[0]) for r in found.rows]

    def bind(self, query: LibraryQuery, values: Mapping[str, str] | None = None, lang: str | None = None):
        """The query's bindings, each given id checked against the graph (exit 2 with the nearest ids)."""
        from aireg.params import check_nodes

        bindings = query.bindings(values, lang)
        check_nodes(query.given_nodes(values, bindings), self.node_exists, self.subject_iris)
        return bindings

    def run_named(self, name: str, values: Mapping[str, str] | None = None, lang: str | None = None):
        query = find_query(name)
        return self.run(query, self.bind(query, values, lang))


__all__ = [
    "LANGS",
    "Runner",
    "LibraryQuery",
    "Param",
    "find_query",
    "is_zh",
    "lang_tag",
    "library_dir",
    "list_queries",
    "parse_header",
    "query_names",
    "read_query",
]
