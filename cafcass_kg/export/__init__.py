"""The graph as a network for visualisation tools (Gephi, Cytoscape, yEd, Graphviz), through networkx.

The conversion policy, in one place: resources become nodes with a readable label, their main
class and a few literal attributes (grade, dates, codes); properties between resources become
edges labelled with the property's label; literals stay attributes, never nodes. Evidence
(annotations, passages, selectors, stated facts), checksums and data sets are left out unless asked
for, so that the picture shows organisations, areas, people, inspections and grades rather than
every passage. The ontology's and vocabularies' own triples are left out too, but for the
neighbourhood of one of their terms: a class with what is typed by it, a concept scheme with its
concepts.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx
import pyoxigraph as ox

from cafcass_kg import formats
from cafcass_kg.errors import UsageError
from cafcass_kg.namespaces import BASE, LABEL_CANDIDATES, LABEL_ORDER, VOCABULARY_GRAPH, curie, expand

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
EVIDENCE_CLASSES = {
    "http://www.w3.org/ns/oa#Annotation", "http://www.w3.org/ns/oa#SpecificResource",
    "http://www.w3.org/ns/oa#TextPositionSelector", "http://www.w3.org/ns/oa#TextQuoteSelector",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement", "http://spdx.org/rdf/terms#Checksum",
    "http://purl.org/linked-data/cube#DataSet",
}
EVIDENCE_PROPERTIES = {"http://www.w3.org/ns/prov#wasDerivedFrom", "http://spdx.org/rdf/terms#checksum"}
LONG_LITERALS = {"https://schema.org/text"}  # a document's whole text: an attribute no tool can show
# Colours by class (GEXF viz) and, for judgements, by grade: 1 outstanding ... 4 inadequate.
GRADE_COLOURS = {"1": (46, 125, 50), "2": (124, 179, 66), "3": (251, 192, 45), "4": (211, 47, 47)}
PALETTE = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (148, 103, 189), (140, 86, 75), (227, 119, 194),
           (127, 127, 127), (188, 189, 34), (23, 190, 207), (57, 59, 121)]
FORMATS = tuple(formats.names("export"))
# The attribute that marks the nodes and edges of the vocabulary layer; no export writes it.
LAYER, VOCABULARY = "layer", "vocabulary"


@dataclass
class View:
    """Which part of the graph to export."""

    focus: str | None = None  # an IRI or a label
    depth: int = 1
    include_classes: list[str] = field(default_factory=list)
    exclude_classes: list[str] = field(default_factory=list)
    with_evidence: bool = False


def to_networkx(store: ox.Store, with_evidence: bool = False) -> nx.MultiDiGraph:
    """The graph's resources and their links. The document graphs make the network a view shows;
    the ontology's and vocabularies' own triples, and an edge from each resource to each of its
    classes, are there too but marked as the vocabulary layer (VOCABULARY): a view shows them only
    around a focus that the document graphs do not hold (a class, a concept scheme; see select_view)."""
    said = _read_triples(store)
    types = {iri: said.types[False].get(iri, set()) | said.types[True].get(iri, set())
             for iri in said.types[False].keys() | said.types[True].keys()}
    labels = _labels(store)
    hidden = set() if with_evidence else {n for n, ts in types.items() if EVIDENCE_CLASSES & ts}
    graph = nx.MultiDiGraph()

    def add_node(iri: str, vocabulary: bool) -> None:
        if iri in graph:
            return
        kinds = sorted(types.get(iri, ()))
        main = next((k for k in kinds if k.startswith(BASE)), kinds[0] if kinds else "")
        attributes = {"label": labels.get(iri, curie(iri)), "iri": iri, "type": curie(main) if main else "",
                      "types": " ".join(curie(k) for k in kinds)}
        for key, value in said.literals[vocabulary].get(iri, {}).items():
            attributes[re.sub(r"[^A-Za-z0-9_]", "_", key)] = value[:300]
        if vocabulary:
            attributes[LAYER] = VOCABULARY
        graph.add_node(iri, **attributes)

    def add_edge(s: str, p: str, o: str, vocabulary: bool) -> None:
        add_node(s, vocabulary)
        add_node(o, vocabulary)
        marked = {LAYER: VOCABULARY} if vocabulary else {}
        graph.add_edge(s, o, key=curie(p), label=labels.get(p, curie(p)), property=p, **marked)

    for vocabulary in (False, True):  # the documents' first: a resource they hold stays in their layer
        for s, p, o in said.links[vocabulary]:
            if s in hidden or o in hidden or (p in EVIDENCE_PROPERTIES and not with_evidence):
                continue
            if not vocabulary or not graph.has_edge(s, o, key=curie(p)):
                add_edge(s, p, o, vocabulary)
        for iri in said.types[vocabulary]:
            if iri not in hidden:
                add_node(iri, vocabulary)
    for iri, kinds in types.items():
        for kind in kinds if iri in graph else ():
            add_edge(iri, RDF_TYPE, kind, vocabulary=True)
    for iri, (quote, source) in _quotes(store).items():
        if iri in graph:
            graph.nodes[iri]["quote"] = quote[:500]
            graph.nodes[iri]["source"] = source
    for node, data in graph.nodes(data=True):
        if data["type"] == "ckg:Judgement":
            grade = next((o for _, o, k in graph.out_edges(node, keys=True) if k == "ckg:grade"), None)
            if grade is not None:
                data["grade"] = grade.rsplit("/", 1)[-1]
    return graph


def view_from_query(store: ox.Store, query: str, full: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The view a query defines: a CONSTRUCT's triples are the graph (nodes keep what the whole
    graph says of them); a SELECT's IRIs are the nodes, with the links between them."""
    from cafcass_kg.errors import QueryError
    from cafcass_kg.store import is_graph_result, run_query

    results = run_query(store, query)
    try:
        if isinstance(results, ox.QueryBoolean):
            raise UsageError("an ASK query answers yes or no; a view needs a CONSTRUCT or a SELECT")
        if is_graph_result(results):
            view = _constructed(list(results), full, _labels(store))
        else:
            iris = {term.value for row in results for term in row if isinstance(term, ox.NamedNode)}
            view = nx.MultiDiGraph(full.subgraph(iris & set(full)))
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the query failed: {exc}") from None
    if view.number_of_nodes() == 0:
        raise UsageError("the query returned nothing that makes a view (no triples, or no resource of the graph)")
    return _unmarked(view)


def _constructed(triples: list, full: nx.MultiDiGraph, property_labels: dict[str, str]) -> nx.MultiDiGraph:
    view = nx.MultiDiGraph()

    def node(iri: str) -> None:
        if iri not in view:
            view.add_node(iri, **(dict(full.nodes[iri]) if iri in full else
                                  {"label": curie(iri), "iri": iri, "type": "", "types": ""}))

    for t in triples:
        if not isinstance(t.subject, ox.NamedNode):
            continue
        s, p = t.subject.value, t.predicate.value
        node(s)
        if p == RDF_TYPE:
            view.nodes[s]["type"] = view.nodes[s]["type"] or curie(t.object.value)
        elif isinstance(t.object, ox.NamedNode):
            node(t.object.value)
            view.add_edge(s, t.object.value, key=curie(p), label=property_labels.get(p, curie(p)), property=p)
        elif isinstance(t.object, ox.Literal):
            view.nodes[s][re.sub(r"[^A-Za-z0-9_]", "_", curie(p))] = t.object.value[:300]
    return view


def _quotes(store: ox.Store) -> dict[str, tuple[str, str]]:
    """For each fact with evidence, one quoted passage and the file it is in."""
    found: dict[str, tuple[str, str]] = {}
    for row in store.query("""
            SELECT ?s ?quote ?file WHERE {
                ?s <http://www.w3.org/ns/prov#wasDerivedFrom>/<http://www.w3.org/ns/oa#hasTarget> ?t .
                ?t <http://www.w3.org/ns/oa#hasSelector>/<http://www.w3.org/ns/oa#exact> ?quote ;
                   <http://www.w3.org/ns/oa#hasSource>/<https://w3id.org/cafcass-kg/def/sourceFile> ?file .
            } ORDER BY ?s ?file ?quote"""):
        found.setdefault(row["s"].value, (row["quote"].value, row["file"].value))
    return found


@dataclass
class _Triples:
    """What the graphs say of each resource, apart by layer: [False] the document graphs', [True]
    the vocabulary graph's (the ontology and vocabularies)."""

    types: dict[bool, dict[str, set[str]]] = field(default_factory=lambda: {False: {}, True: {}})
    literals: dict[bool, dict[str, dict[str, str]]] = field(default_factory=lambda: {False: {}, True: {}})
    links: dict[bool, list[tuple[str, str, str]]] = field(default_factory=lambda: {False: [], True: []})


def _read_triples(store: ox.Store) -> _Triples:
    said = _Triples()
    for row in store.query(f"""SELECT DISTINCT ?s ?p ?o ?vocabulary WHERE {{
            GRAPH ?g {{ ?s ?p ?o }} BIND (?g = <{VOCABULARY_GRAPH}> AS ?vocabulary) }}"""):
        s, p, o = row["s"], row["p"].value, row["o"]
        if not isinstance(s, ox.NamedNode):
            continue
        layer = row["vocabulary"].value == "true"
        if p == RDF_TYPE:
            said.types[layer].setdefault(s.value, set()).add(o.value)
        elif isinstance(o, ox.NamedNode):
            said.links[layer].append((s.value, p, o.value))
        elif isinstance(o, ox.Literal) and p not in LONG_LITERALS:
            said.literals[layer].setdefault(s.value, {}).setdefault(curie(p), o.value)
    return said


def _labels(store: ox.Store) -> dict[str, str]:
    """One label for every labelled resource (the ontology's properties included), chosen as the
    server's pages choose theirs (LABEL_CANDIDATES, LABEL_ORDER)."""
    found: dict[str, str] = {}
    for row in store.query(f"SELECT ?s ?l WHERE {{ {LABEL_CANDIDATES} }} ORDER BY ?s {LABEL_ORDER}"):
        found.setdefault(row["s"].value, row["l"].value)
    return found


def select_view(graph: nx.MultiDiGraph, view: View) -> nx.MultiDiGraph:
    """The part of the graph a view asks for, from the document graphs' network; around a focus
    they do not hold (a term of the ontology or a vocabulary), from the vocabulary layer too: a
    class with what is typed by it and the properties whose domain or range it is, a concept
    scheme with its concepts."""
    chosen = _of_classes(document_layer(graph), view)
    if view.focus:
        within = chosen if _holds(chosen, view.focus) else _of_classes(graph, view)
        centre = find_node(within, view.focus)
        around = nx.ego_graph(within.to_undirected(as_view=True), centre, radius=view.depth)
        chosen = within.subgraph(around.nodes)
    return _unmarked(nx.MultiDiGraph(chosen))


def document_layer(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The network of the document graphs: the graph without its vocabulary layer (a view)."""
    return nx.subgraph_view(graph, filter_node=lambda n: LAYER not in graph.nodes[n],
                            filter_edge=lambda s, o, k: LAYER not in graph.edges[s, o, k])


def _of_classes(graph: nx.MultiDiGraph, view: View) -> nx.MultiDiGraph:
    nodes = set(graph)
    if view.include_classes:
        wanted = {curie(expand(c)) for c in view.include_classes}
        nodes = {n for n in nodes if wanted & set(graph.nodes[n]["types"].split())}
    if view.exclude_classes:
        unwanted = {curie(expand(c)) for c in view.exclude_classes}
        nodes = {n for n in nodes if not unwanted & set(graph.nodes[n]["types"].split())}
    return graph.subgraph(nodes)


def _holds(graph: nx.MultiDiGraph, focus: str) -> bool:
    """Whether a focus names a node of the graph, by IRI or by label."""
    return expand(focus) in graph or any(label.lower() == focus.lower() for _, label in graph.nodes(data="label"))


def _unmarked(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph without the marks of the vocabulary layer, which are no attribute of a resource."""
    for _, data in graph.nodes(data=True):
        data.pop(LAYER, None)
    for _, _, data in graph.edges(data=True):
        data.pop(LAYER, None)
    return graph


def find_node(graph: nx.MultiDiGraph, focus: str) -> str:
    """A node by its IRI (full or prefixed) or by its label (case-insensitive)."""
    iri = expand(focus)
    if iri in graph:
        return iri
    named = [n for n, label in graph.nodes(data="label") if label.lower() == focus.lower()]
    if len(named) == 1:
        return named[0]
    if named:
        raise UsageError(f"'{focus}' names {len(named)} resources ({', '.join(sorted(named)[:5])}): give an IRI")
    near = sorted(label for _, label in graph.nodes(data="label") if focus.lower() in label.lower())[:5]
    hint = f" (did you mean: {'; '.join(near)}?)" if near else ""
    raise UsageError(f"no resource of the graph is '{focus}'{hint}")


def add_measures(graph: nx.MultiDiGraph) -> None:
    """Degree, betweenness centrality and connected component, as node attributes."""
    simple = nx.Graph(graph.to_undirected(as_view=True))
    # Exact betweenness is cubic; beyond a few thousand nodes a sample of sources estimates it.
    k = None if simple.number_of_nodes() <= 2000 else 500
    betweenness = nx.betweenness_centrality(simple, k=k, seed=1 if k else None)
    for number, component in enumerate(sorted(nx.connected_components(simple), key=len, reverse=True)):
        for node in component:
            graph.nodes[node]["component"] = number
    for node in graph:
        graph.nodes[node]["degree"] = graph.degree(node)
        graph.nodes[node]["betweenness"] = round(betweenness.get(node, 0.0), 6)


def stats(graph: nx.MultiDiGraph) -> str:
    """A summary an analyst reads: size, components, the most connected and most central resources."""
    from tabulate import tabulate

    lines = [f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, "
             f"{len({c for _, c in graph.nodes(data='component')})} connected components"]
    by_type = Counter(t or "(untyped)" for _, t in graph.nodes(data="type"))
    lines.append(tabulate(by_type.most_common(), headers=["class", "nodes"], tablefmt="simple"))
    for measure in ("degree", "betweenness"):
        top = sorted(graph.nodes(data=True), key=lambda item: -item[1][measure])[:10]
        lines.append(tabulate([(d["label"], d["type"], d[measure]) for _, d in top], headers=["resource", "class", measure],
                              tablefmt="simple"))
    return "\n\n".join(lines) + "\n"


def _colour(graph: nx.MultiDiGraph) -> dict[str, tuple[int, int, int]]:
    classes = sorted({t for _, t in graph.nodes(data="type")})
    by_class = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(classes)}
    return {n: GRADE_COLOURS.get(d.get("grade", ""), by_class[d["type"]]) for n, d in graph.nodes(data=True)}


LAYOUTS = ("neato", "sfdp", "fdp", "dot", "circo", "twopi")
SPLINE_ROUTING_MAX_NODES = 60  # about a second of routing; see _edge_options


def render(graph: nx.MultiDiGraph, fmt: str, layout: str = "neato") -> bytes:
    """The graph in one of FORMATS (``layout``: the Graphviz program that draws SVG and PNG)."""
    if fmt == "graphml":
        out = io.BytesIO()
        nx.write_graphml(graph, out)
        return out.getvalue()
    if fmt == "gexf":
        coloured = graph.copy()
        for node, (r, g, b) in _colour(graph).items():
            coloured.nodes[node]["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}}
        out = io.BytesIO()
        nx.write_gexf(coloured, out)
        return out.getvalue()
    if fmt == "cytoscape":
        data = nx.cytoscape_data(graph)
        # networkx writes the graph's own data as a list of pairs; Cytoscape.js reads an object.
        data["data"] = {"name": "cafcass-kg", **dict(graph.graph)}
        for element in data["elements"]["nodes"]:
            element["data"]["name"] = element["data"]["label"]
        return json.dumps(data, indent=1).encode("utf-8")
    if fmt == "json":
        return json.dumps(nx.node_link_data(graph, edges="links"), indent=1).encode("utf-8")
    if fmt == "html":
        return _html(graph).encode("utf-8")
    if fmt in ("dot", "svg", "png"):
        dot = _dot(graph)
        if fmt == "dot":
            return dot.encode("utf-8")
        if layout not in LAYOUTS:
            raise UsageError(f"unknown layout '{layout}' (choose from {', '.join(LAYOUTS)})")
        program = shutil.which(layout)
        if program is None:
            raise UsageError(f"--format {fmt} needs Graphviz's '{layout}', which is not installed: "
                             "install graphviz, or export --format dot and render it elsewhere")
        drawn = subprocess.run([program, f"-T{fmt}", "-Goverlap=false", *_edge_options(graph)], input=dot.encode("utf-8"),
                               capture_output=True)
        if drawn.returncode != 0:
            raise UsageError(f"Graphviz could not draw the graph: {drawn.stderr.decode(errors='replace').strip()}")
        return drawn.stdout
    raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")


def _edge_options(graph: nx.MultiDiGraph) -> list[str]:
    """How Graphviz draws the edges. Routing them around the nodes (splines=true) reads best but
    grows much faster than the graph: 0.3 s for 27 nodes, 2.4 s for 80, 13 s for 150, 62 s for the
    corpus's 270. Beyond SPLINE_ROUTING_MAX_NODES edges are straight lines (1.5 s for the corpus),
    drawn under the nodes so that they never cross a label."""
    if graph.number_of_nodes() <= SPLINE_ROUTING_MAX_NODES:
        return ["-Gsplines=true"]
    return ["-Gsplines=line", "-Goutputorder=edgesfirst"]


def _dot(graph: nx.MultiDiGraph) -> str:
    # Graphviz reads "https:..." as a node and a port: nodes get plain names, the IRI is their URL.
    colours = _colour(graph)
    names = {node: f"n{i}" for i, node in enumerate(graph)}
    plain = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        r, g, b = colours[node]
        plain.add_node(names[node], label=data["label"][:60], tooltip=data["type"], URL=node, style="filled",
                       fillcolor=f"#{r:02x}{g:02x}{b:02x}", fontsize=10)
    for s, o, data in graph.edges(data=True):
        plain.add_edge(names[s], names[o], label=data["label"], fontsize=8)
    return nx.nx_pydot.to_pydot(plain).to_string()


def _html(graph: nx.MultiDiGraph, title: str = "cafcass-kg graph") -> str:
    """One self-contained page (Cytoscape.js inlined): pan, zoom, click a node for its attributes
    and its evidence quote. It needs no network."""
    from importlib import resources

    from jinja2 import Environment, PackageLoader, select_autoescape

    colours = _colour(graph)
    data = nx.cytoscape_data(graph)["elements"]
    for element in data["nodes"]:
        r, g, b = colours[element["data"]["id"]]
        element["data"]["colour"] = f"#{r:02x}{g:02x}{b:02x}"
    script = resources.files("cafcass_kg.server").joinpath("static/cytoscape/cytoscape.min.js").read_text(encoding="utf-8")
    environment = Environment(loader=PackageLoader("cafcass_kg.server", "templates"), autoescape=select_autoescape(["html"]))
    return environment.get_template("graph.html").render(
        title=title, elements=data, cytoscape=script.replace("</script", "<\\/script"),
        nodes=graph.number_of_nodes(), edges=graph.number_of_edges())
