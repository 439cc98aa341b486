"""SPARQL-based constraint components (SHACL §6): new parameters defined by a validator query.

A shape that gives a component's (non-optional) parameters is checked with the
component's ``sh:validator``, ``sh:nodeValidator`` or ``sh:propertyValidator``,
the parameter values pre-bound: an ASK validator once per value node, a
SELECT validator as a SPARQL-based constraint (:mod:`.sparql_constraints`).
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from aireg.shacl_fast.messages import fill_template
from aireg.shacl_fast.shapes import Shape
from aireg.shacl_fast.sparql_constraints import result_value
from aireg.shacl_fast.terms import to_rdflib
from aireg.shacl_fast.vocab import SH, Unsupported


class SparqlComponents:
    """Custom components for :class:`~aireg.shacl_fast.engine.FastValidator` (needs ``shapes``,
    ``reader``, ``select``, ``focus_nodes``, ``sparql_rows``, ``sparql_text``, ``current_shape``,
    ``report`` and ``_components``)."""

    def components(self) -> list[tuple]:
        """(component, [(name, path, optional)], validators) for each SPARQL-based component."""
        if self._components is None:
            sg = self.shapes
            kinds = {SH.ConstraintComponent} | set(sg.transitive_subjects(RDFS.subClassOf, SH.ConstraintComponent))
            found = []
            for kind in kinds:
                for cc in sg.subjects(RDF.type, kind):
                    validators = {p: sg.value(cc, p) for p in (SH.validator, SH.nodeValidator, SH.propertyValidator)
                                  if sg.value(cc, p) is not None}
                    if not validators:
                        continue
                    params = []
                    for param in sg.objects(cc, SH.parameter):
                        path = sg.value(param, SH.path)
                        if not isinstance(path, URIRef):
                            raise Unsupported(f"parameter of {cc} without an IRI sh:path")
                        optional = sg.value(param, SH.optional) == Literal(True)
                        params.append((re.split(r"[#/:]", str(path))[-1], path, optional))
                    found.append((cc, params, validators))
            self._components = sorted(found, key=lambda t: str(t[0]))
        return self._components

    def evaluate_components(self, shape: Shape, focus) -> None:
        sg = self.shapes
        for cc, params, validators in self.components():
            values = {name: sorted(sg.objects(shape.node, path), key=str) for name, path, _ in params}
            if any(not values[name] for name, _, optional in params if not optional):
                continue
            if not any(values.values()):
                continue
            kind = SH.propertyValidator if shape.is_property else SH.nodeValidator
            validator = validators.get(kind) or validators.get(SH.validator)
            if validator is None:
                raise Unsupported(f"{cc} has no validator for a {'property' if shape.is_property else 'node'} shape")
            ask, select = sg.value(validator, SH.ask), sg.value(validator, SH.select)
            if (ask is None) == (select is None):
                raise Unsupported(f"validator {validator} needs exactly one of sh:ask and sh:select")
            combos = [{}]
            for name, _, _ in params:
                if values[name]:
                    combos = [{**c, name: v} for c in combos for v in values[name]]
            messages = list(shape.messages) or [str(m) for m in sg.objects(validator, SH.message)] \
                or [str(m) for m in sg.objects(cc, SH.message)]
            for constants in combos:
                text = self.sparql_text(shape, str(ask if ask is not None else select))
                query = self.reader.prefixes(validator) + text
                constants = {**constants, **self.current_shape(shape, text)}
                if ask is not None:
                    self.ask_validator(shape, cc, focus, query, constants, messages)
                else:
                    self.select_validator(shape, cc, focus, query, constants, messages)

    def ask_validator(self, shape: Shape, cc, focus, query: str, constants: dict, messages: list[str]) -> None:
        """An ASK validator runs once per value node: false means the value fails."""
        import pyoxigraph as ox
        from oxrdflib._converter import to_ox

        from aireg.shapes_sparql import prebind

        fixed = {k: to_ox(v) for k, v in constants.items()}
        if shape.is_property:
            pairs = [(r["this"], r["v"]) for r in self.select(
                f"SELECT DISTINCT ?this ?v WHERE {{ {focus('this')} ?this {shape.path_sparql} ?v }}")]
        else:
            pairs = [(n, n) for n in self.focus_nodes(focus)]
        for this, value in pairs:
            text, rest = prebind(query, {"this": this, "value": value, **fixed})
            subs = {ox.Variable(k): v for k, v in rest.items()}
            if next(iter(self.select(text, subs)), None) is None:
                bound = {**constants, "this": to_rdflib(this), "value": to_rdflib(value)}
                self.report(shape, to_rdflib(this), cc, value=to_rdflib(value), messages=fill_template(messages, bound))

    def select_validator(self, shape: Shape, cc, focus, query: str, constants: dict, messages: list[str]) -> None:
        for this, row in self.sparql_rows(query, focus, constants):
            value = row.get("value")
            this_rd = to_rdflib(this)
            value_rd = result_value(shape, value, this_rd)
            bound = {**constants, **{k: to_rdflib(t) for k, t in row.items() if t is not None}, "this": this_rd}
            if value_rd is not None:
                bound["value"] = value_rd
            path = row.get("path")
            self.report(shape, this_rd, cc, value=value_rd, path=to_rdflib(path) if path is not None else None,
                        messages=fill_template(messages, bound))
