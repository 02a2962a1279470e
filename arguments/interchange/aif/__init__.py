"""AIF JSON, as AIFdb and OVA write it, read into and written from a Graph (pure Python).

Reading is liberal; every problem is either a `FormatError` naming the node (or the JSON
line and column) or a plain line in `Graph.reports`. Nothing else escapes `parse`.

How the file maps onto the Graph:
- I-nodes become Nodes, with surrounding whitespace stripped from their text. An I-node
  without text, or with more than MAX_CLAIM_CHARS characters, is an error.
- Each RA node becomes one support Edge and each CA node one attack Edge, with the S-node's
  id as the Edge id. Its premises are the I-nodes with an edge into it, in edge order (several
  are co-premises of the one Edge); its target is the node it points to. If it points to
  another RA/CA node it is an undercutter: target is that S-node's id, `target_is_edge`.
  So an arrow from one S-node into another is always read as the first bearing on the
  second's inference, never as an argument serving as the second's premise.
- `Edge.scheme` is the first of the S-node's "scheme", text (AIFdb writes the scheme's name
  there, e.g. "Default Inference") and "schemeID" that is a name; failing that, the first
  that is a number (OVA writes scheme numbers as "scheme"). A node type written as the text
  ("RA", "CA") is no scheme name.
- An S-node that points to several nodes keeps the first (reported). One with no I-node
  premise, no target, or only another S-node as premise (an argument used as a premise,
  which the model cannot hold) is reported and skipped, and so is anything undercutting it.
  So is a premise that is its own target (a claim never bears on itself).
- MA (rephrase) and PA (preference) nodes are reported one by one, naming their nodes.
  Nodes of unknown type and edges naming nodes that are not in the file are reported too.
- The dialogue layer only gives speakers: an I-node reached from an L-node through a YA node
  gets the speaker of the first such locution in edge order -- the locution's participant
  (firstname and surname) if "locutions" and "participants" say, else the L-node's text
  before its first ':' (OVA writes "Bob : text"); a locution giving neither is reported.
  The rest of it (TA nodes, YA nodes anchored elsewhere, timestamps) is ignored without a
  report; malformed locutions never fail.
- roots are the I-nodes that are no premise of any kept Edge, in file order; a file of
  several unconnected maps gives several, a file of nothing but a cycle gives none.
- This project's own extra keys are read back: "title" at the top, and on I-nodes
  "speaker" (it wins over the dialogue layer), "quotes" ([{"text", "source"}], with
  "start" and "end" offsets when the file carries the source's text) and "sources"
  (strings). A document wrapped as {"AIF": {...}} (OVA 3) is unwrapped.
- Source texts (texts.py): a top-level "texts" list ([{"source", "title", "url", "text"}],
  at most MAX_TEXTS, each at most MAX_TEXT_CHARS characters, else a FormatError) or OVA's
  one analysed "text" become `Graph.texts`. A locution with "start" and "end" offsets
  into one of them ("source" names which; none means OVA's text) quotes it: the I-node its
  L -> YA path reaches gets that Quote, and the locution names no speaker. Offsets out of
  range, spans over MAX_CLAIM_CHARS or of whitespace only, and unknown sources leave the
  locution an ordinary one. OVA writes its text as HTML: it is kept as written.

Modules: reading.py (`parse`), texts.py (source texts and quoting locutions), writing.py
(what `emit_chunks` yields).

Reading streams (jsonstream.py): the "nodes" and "edges" lists are decoded one entry at a
time and only what the Graph needs is kept, so a large file costs little more than its text
and its Graph. The first error in a node is kept while the rest of the file is still read
for JSON syntax and the node limit, so errors come in the order a whole-document reader
gives them: invalid JSON, then too many nodes, then the first bad node.

What AIF cannot carry, so `emit` drops it: node tags, titles and data, an Edge's own text,
title, description and tags, and the list of theses (a reader recomputes roots as the
claims that are no premise). Scheme names survive; an Edge without one is written as
"Default Inference" / "Default Conflict" and is read back with that scheme (which the
importer stores as none). A graph with `texts` (the export of a debate whose claims quote
sources) also gets, after the arguments, one L-node and one YA node ("Asserting") per quote
with offsets, arrows L -> YA -> I, a "locutions" entry {"nodeID", "source", "start", "end"}
for each, the "texts" list and, when there is one text, OVA3's "text"; without `texts`
the output is as before, byte for byte.
"""

from ..graph import Graph
from . import writing
from .reading import parse

__all__ = ["CHUNK_ITEMS", "emit", "emit_chunks", "parse"]

CHUNK_ITEMS = 2000


def emit(graph: Graph) -> str:
    """Write a Graph as an AIF JSON document (all of `emit_chunks`, joined)."""
    return "".join(emit_chunks(graph))


def emit_chunks(graph: Graph):
    """Yield an AIF JSON document in pieces of about CHUNK_ITEMS nodes or edges each.

    Guarantees: deterministic output, the very bytes of `json.dumps(document,
    ensure_ascii=False, indent=1)` of the whole document (the format exports had before they
    were streamed), without building that document; nodes are the I-nodes in graph order,
    then one RA/CA node per Edge in edge order; ids are strings, the graph's own ids
    wherever they are unique across nodes and edges, else fresh numbers; arrows run
    premise -> S-node -> target. `parse(emit(graph))` gives back the nodes' text, speaker,
    quotes (with their offsets and the texts, when the graph has `texts`) and sources,
    the edges' premises, stance, target and target_is_edge, and the roots whenever the
    roots are exactly the claims that are no premise. A FormatError
    (an edge naming a missing node, an unknown stance) is raised before anything is yielded.
    """
    return writing.chunks(graph, CHUNK_ITEMS)
