"""Argdown (https://argdown.org) read into and written from the neutral Graph (pure Python).

`parse(text)` reads an Argdown document into a `Graph`; `emit(graph)` writes one. The YAML
that Argdown files carry (the front matter, `{key: value, list: [a, b]}` data) is read with
PyYAML's parser, the values being built in data.py with the limits below. The package's
modules: lines.py (line breaks, indentation, comments), reading.py (the walk over the lines,
collecting what elements.py describes), texts.py (an element's text, tags and data), data.py
(YAML, read and written), building.py (the Graph from what was read), writing.py (emit),
names.py (unique names).

Reading: how Argdown maps onto the graph
----------------------------------------
Statements
  `[Title]: text` defines a statement; `[Title]` alone (on its own line, as a relation target
  or in a reconstruction) refers to the same statement, before or after its definition. A
  statement is a Node whose id is its title; `node.data["title"]` keeps the title. A title
  that is used but never given a text is accepted, as Argdown accepts it, with the title as
  its text (and a report). Given two different texts, the first is kept (and a report). A
  line of plain text is an untitled statement with the id "Untitled 1", "Untitled 2"…
  (skipping ids that titles already use). `[1] text` or `[link](url) text` at the start of a
  line is plain text: a title must be followed by `:`, the end of the line, a tag or data.
Text
  A text continues on the following lines, joined with one space, until a blank line, a
  relation, a numbered statement, an inference line or a heading; a line starting a new
  element (`[…]`, `<…>`) ends it too unless it is indented further than the element's line.
  A line that opens no element (`[here](https://…) more`, whose bracket is a Markdown link)
  continues the text, as does any line while a `{…}` is still open. Whitespace runs become
  one space. Inline formatting (`*em*`, `**strong**`, `@[mention]`,
  `[link](url)`) is kept as written. `\\` before an ASCII punctuation character makes it
  literal.
Arguments
  An argument without a premise–conclusion structure (`<A>: description`) becomes a Node:
  its description is the text (the title when there is none), its id the title ("title
  (argument)" when a statement already has that id). Each relation of the argument becomes
  an Edge whose single premise is that node.
  A statement that supports a reconstructed argument is one of its premises (Argdown's own
  reading): it joins the co-premises of the argument's edges. One that attacks it
  contradicts a premise: one attack Edge on the argument's only premise, or on its first
  (reported) when it has several. Neither is an undercut. A reconstructed argument bearing
  on another bears on its inference (its Edges), as `emit` writes such edges.
  An argument with a premise–conclusion structure (`(1) …`, `----` or `-- rule --`, `(n) …`)
  becomes no node. Its explicit premises — numbered statements that do not follow an
  inference line, so intermediate conclusions are left out — are the co-premises of one Edge
  per relation of the argument, toward that relation's target. Relations written under the
  conclusion count as relations of the argument (as in Argdown). Edge.text is the
  argument's description, if any, then the whole structure as written; Edge.scheme is the
  inference rule's name; the Edge id is the argument's title. The conclusion becomes a Node,
  with one more Edge in which the premises support it, only when the argument has no other
  relation, when its title is used elsewhere in the file, or when something bears on it;
  otherwise it lives only in Edge.text, as does an intermediate conclusion that nothing
  else uses or relates to. A blank line ends a structure once it has its conclusion (blank
  lines inside an unfinished one are allowed), and so does the next element or heading. A
  structure with no `<A>` line before it is an untitled argument; a second structure for
  the same argument is read as an untitled one (with a report). Each of its Edges carries
  the argument's title (Edge.title), description (Edge.description) and tags (Edge.tags);
  data on an argument that has a structure is not kept.
Relations
  By indentation under an element: `+`/`<+` support, `-`/`<-` attack, `_`/`<_` undercut
  with the indented element as source; `+>`/`->`/`_>` with the element above as source and
  the indented one as target. `><` (contradiction) becomes two attacks. A relation sign must
  be followed by whitespace or by `[`/`<`. A dedent to a depth between two open levels
  closes both (as Argdown's lexer does). In `model: {mode: strict}` an attack between two
  statements (a contrary) is mutual: two attacks. A tab counts as four spaces of indentation;
  nesting may go MAX_DEPTH levels deep. A relation after a blank line still attaches to the
  element above it. A relation read twice (same premises, stance and target) gives one Edge.
Undercuts and relations to arguments
  An undercut targets the inference of an argument: the undercutter's Edge (stance attack)
  targets each Edge the undercut argument stands for (`target_is_edge=True`). Supporting or
  attacking an argument without a structure targets its node. An
  undercut of a statement, an undercut of an argument that bears on nothing, and a relation
  of an element to itself are skipped with a report.
roots
  The nodes that are premises of no edge, in file order. Cycles are kept as they are.
Front matter, headings, tags, data
  Front matter between `===` lines at the top is YAML: `title` is the Graph title; the
  `model: {mode: strict}` is followed (above); the
  other settings are read (so they must be valid YAML) and ignored, and a front matter that
  is not a map is ignored with a report. Headings (`# Section`, which may continue on the
  next lines) are ignored: they group elements for display and neither tag nor change them.
  `#tag` and `#(tag with spaces)` (at most MAX_CLAIM_CHARS characters) go to node.tags and
  out of the text. `{…}` data after a text: `speaker` -> node.speaker; `source` with
  `quote` -> a Quote; `quote` alone -> a Quote without a source; `source` alone ->
  node.sources; `quotes: [{source: …, quote: …}, …]` -> several Quotes; `sources: [...]`
  -> node.sources; any other key stays in node.data with its YAML type (numbers,
  true/false, null, lists, maps; keys are text). The lines of a data block are joined with
  line breaks, so a YAML `#` comment (after whitespace) ends with its line.
YAML
  Read as Argdown's own js-yaml reads it, YAML 1.2's core schema: `true`/`false` (also
  `True`, `TRUE`…) are booleans, `null`, `~` and nothing are null, decimal integers and
  finite decimal floats are numbers; everything else plain is text, among them `yes`, `no`,
  `on`, `off` (booleans only in YAML 1.1), dates and times (kept as written, never date
  objects), `0x1f`, `0o17`, `1_000`, `.inf`, `.nan`, and integers of more than 4,000
  digits. Quoted and block scalars are text. So node.data holds only str, int, float,
  bool, None, lists and dicts with text keys, and stays JSON-serialisable. As in YAML, in
  `{…}` data `,`, `[`, `]`, `{`, `}` and `: ` end a plain value, and a plain value cannot
  start with an indicator (`@`, `` ` ``, `%`, `!`, `&`, `*`, `|`, `>`, `- `, `? `): quote
  such values. Unknown escapes in double-quoted strings (`\\q`) are errors, as are the
  characters YAML does not allow (C0 and C1 control characters other than tab and line
  breaks, U+FFFE, U+FFFF, lone surrogates) and tabs as indentation in the front matter.
  U+0085, U+2028 and U+2029 written raw in YAML are line breaks to PyYAML (YAML 1.1) and
  fold like one; the writer escapes them.
Comments
  `// …` to the end of the line and `/* … */`, `<!-- … -->` (which may span lines) are
  removed. They start only at the beginning of a line or after whitespace, never inside a
  double-quoted string (or a single-quoted one inside `{…}`), so `https://…` and
  `{quote: "a // b"}` survive.
Input
  Lines end with `\\n`, `\\r\\n` or `\\r`; a leading byte-order mark is dropped. `parse`
  takes str: decoding the file, and refusing invalid UTF-8, is the caller's job.

Errors
  Every problem is a FormatError naming its line: `@include(…)` (naming the files; one
  upload cannot follow them), a relation with no element above it,
  an unbalanced `{` (data), `[` or `<` (an element's title), an unterminated string, block
  comment, front matter or multi-line inference, a malformed premise–conclusion structure
  (no inference line, no conclusion, two inference lines in a row, a numbered argument or
  a numbered statement without text), data of the wrong shape (`speaker: [..]`), YAML
  that is not valid (the line is that of the file, not of the block), YAML anchors and
  aliases (`&a`, `*a`: an alias bomb grows exponentially when the result is walked) and
  tags (`!x`, `!!binary`), a front matter or one data block of more than MAX_DATA_CHARS
  characters (data.py; as many as MAX_LINE_CHARS) or of YAML nested deeper than MAX_DEPTH,
  more than one YAML document, a statement text longer than MAX_CLAIM_CHARS (not
  truncated; the message gives the length), input over MAX_INPUT_BYTES, a line over
  MAX_LINE_CHARS, more than MAX_NODES statements and arguments, nesting deeper than
  MAX_DEPTH. No other exception leaves `parse` for any str.

Not supported
  Argdown's derived relations (in strict mode, relations between statements inferred from
  reconstructions), statement references by number (`<A>(1)`), `{uses: …}` and other
  inference data (ignored), lists and bold/italic as structure (kept as text), equivalence
  classes beyond one text per title, heading data such as `isGroup`, YAML anchors,
  aliases and tags, and front-matter settings other than `title`.

Writing
-------
`emit(graph)` writes front matter with the title, then each root as a top-level statement
`[Title]: text` with what bears on it nested below, depth-first, two spaces a level:
`+ [Title]: text` / `- [Title]: text` for an edge with one premise. A node met a second time
(a linked claim, a cycle) is written as a bare `[Title]`. Nesting stops at EMIT_DEPTH levels;
the rest continues in top-level blocks, which also hold what no root reaches.

Titles come from node.data["title"] when present, else from the first words of the text;
they keep letters, digits, spaces and `-_'’.,?:;&%+` (no bracket, `#`, `/`, `!`, quote…),
never start with `+`, `-` or `_`, and are unique ("Title 2") and deterministic. Texts are
written on one line with whitespace collapsed, escaping `\\`, `#`, `{`, `}`, `"` and
comment openers. Data follows the tags in one map: `speaker`; one quote as
`source`/`quote`, several as `quotes: [{source: …, quote: …}, …]`; `sources: [...]`; then
the other node.data keys except title, speaker, source, quote, quotes and sources. Strings
are double-quoted, with YAML escapes for `\\`, `"`, control characters, U+0085, U+2028,
U+2029, U+FEFF, U+FFFE, U+FFFF and lone surrogates, so that YAML reads them back unchanged.

An edge that has several premises, targets an edge, or is targeted by an edge is written as
an argument `<Title>`, titled after its premises: `+ <A>` / `- <A>` under the claim it
supports or attacks, `+ <A>` / `_ <A>` under the argument whose inference it supports or
undercuts, and it gets a premise–conclusion structure in a block of its own: its premises
`(1) [P1]: text`, … (bare `[P1]` when already written), `----` (or `-- scheme --`), and a
conclusion: `[Target]` for a support of a claim, "It is not the case that @[Target]." for an
attack, "The inference of @<A> holds." / "… does not hold." for an edge target. These
conclusions are read back as described above, so the structure adds no node. The
argument's title is Edge.title when it has one; Edge.description (else a one-line
Edge.text) becomes its description, followed by Edge.tags. An edge with a title, a
description or tags is always written as such an argument (a plain `+ [P]` has no place
for them).

parse(emit(g)) gives back g's nodes (text, speaker, quotes, sources, tags), edges (premises
in order, stance, target, target_is_edge) and roots, with these differences: ids become
titles, roots are recomputed (the nodes that are premises of nothing), texts come back with
whitespace collapsed (an empty text as the title), and Edge.text of an argument becomes its
written structure.
"""

from ..graph import MAX_INPUT_BYTES, MAX_LINE_CHARS, MAX_NODES, FormatError, Graph, check_size
from .building import build_graph
from .lines import split_lines, strip_comments
from .reading import Reader
from .writing import Writer

__all__ = ["parse", "emit"]


def parse(text: str) -> Graph:
    """Read an Argdown document; raise FormatError (naming the line) if it is not one."""
    if not isinstance(text, str):
        raise TypeError("parse() takes the decoded text of the file (str)")
    check_size(text, limit=MAX_INPUT_BYTES, line=1)
    lines = split_lines(text.removeprefix("\ufeff"))
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_CHARS:
            raise FormatError(
                f"the line is {len(line)} characters long; the limit is {MAX_LINE_CHARS}",
                line=number,
            )
    cleaned = strip_comments(lines)
    _refuse_includes(cleaned)
    reader = Reader(max_nodes=MAX_NODES)
    start = reader.read_front_matter(cleaned)
    for index in range(start, len(cleaned)):
        reader.read_line(index + 1, cleaned[index])
    reader.finish()
    return build_graph(reader)


def _refuse_includes(lines):
    """Refuse `@include(…)` naming every included file: one upload cannot follow them, and
    the directive is no claim."""
    found = []
    for number, line in enumerate(lines, 1):
        content = (line or "").strip()
        if content.startswith("@include(") and content.endswith(")"):
            names = [name.strip() for name in content[len("@include(") : -1].split(",")]
            found.append((number, [name for name in names if name]))
    if found:
        names = ", ".join(dict.fromkeys(name for _, line_names in found for name in line_names))
        raise FormatError(
            f"@include pulls in other files ({names}), which a single upload cannot follow;"
            " paste them into this file and upload it again",
            line=found[0][0],
        )


def emit(graph: Graph) -> str:
    """Write `graph` as an Argdown document that `parse` reads back to the same graph."""
    return Writer(graph).write()
