"""Tagged PDFs joined into one with their structure trees, by pikepdf (qpdf).

The packet is its documents' own PDFs one after another. Joining the files, rather than
laying every document out again in one WeasyPrint document, lets each document be laid out
once, in any process, and the join takes milliseconds. What a PDF/UA reader relies on is
carried over: each document's structure tree becomes a Part of the packet's Document
(with its own /Lang when it differs), the parent tree is renumbered so every page and link
finds its structure elements, table-cell IDs get a per-document prefix so header
references stay unique, and links to named destinations point at their pages directly.
"""
from __future__ import annotations

from io import BytesIO


def open_pdf(content: bytes):
    import pikepdf

    return pikepdf.open(BytesIO(content))


def _number_tree(node) -> list:
    """A number tree's [key, value, key, value, ...], flattened from its /Kids."""
    flat = list(node.get("/Nums", []))
    for kid in node.get("/Kids", []):
        flat += _number_tree(kid)
    return flat


def _elements(element, seen=None):
    """Every structure element below `element` (struct elements only, not marked content)."""
    import pikepdf

    seen = set() if seen is None else seen
    kids = element.get("/K")
    if kids is None:
        return
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            key = kid.objgen if kid.is_indirect else id(kid)
            if key in seen:
                continue
            seen.add(key)
            yield kid
            yield from _elements(kid, seen)


def _prefix_ids(top, prefix: str) -> None:
    import pikepdf

    for element in _elements(top):
        if "/ID" in element:
            element.ID = pikepdf.String(prefix + str(element.ID))
        attributes = element.get("/A")
        for attribute in (attributes if isinstance(attributes, pikepdf.Array)
                          else [attributes] if attributes is not None else []):
            if isinstance(attribute, pikepdf.Dictionary) and "/Headers" in attribute:
                attribute.Headers = pikepdf.Array(
                    [pikepdf.String(prefix + str(h)) for h in attribute.Headers])


def explicit_destinations(pdf, targets: dict[str, int] | None = None) -> None:
    """Links to a named destination point at the page itself, and the names are dropped:
    names are per document and would clash in a joined file (two documents can both have
    "s-definitions"). `targets` first moves named destinations to the top of other pages
    (by index), for links whose targets were only known once joined."""
    import pikepdf

    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return
    table = pikepdf.NameTree(names.Dests)
    for name, index in (targets or {}).items():
        page = pdf.pages[index]
        table[name] = pikepdf.Array([page.obj, pikepdf.Name.XYZ, 0, page.mediabox[3], 0])
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            target = annot.get("/Dest")
            if isinstance(target, pikepdf.String) and str(target) in table:
                annot.Dest = table[str(target)]
    del names["/Dests"]


def join_tagged(packet, sources: list, prefixes: list[str]) -> list[int]:
    """Append each source PDF to `packet` (a pikepdf.Pdf, changed in place), structure and
    all. Returns the index of each source's first page in the packet."""
    import pikepdf

    tree = packet.Root.StructTreeRoot
    root_kids = tree.K if isinstance(tree.K, pikepdf.Array) else pikepdf.Array([tree.K])
    document = root_kids[0]
    if not isinstance(document.get("/K"), pikepdf.Array):
        document.K = pikepdf.Array([document.K] if "/K" in document else [])
    numbers = _number_tree(tree.ParentTree)
    next_key = int(tree.get("/ParentTreeNextKey", max(numbers[0::2], default=-1) + 1))
    starts = []
    packet_language = str(packet.Root.get("/Lang", ""))
    for source, prefix in zip(sources, prefixes):
        source_tree = source.Root.StructTreeRoot
        source_numbers = _number_tree(source_tree.ParentTree)
        offset = next_key
        explicit_destinations(source)
        for page in source.pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annot in page.obj.get("/Annots", []):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        kids = source_tree.K if isinstance(source_tree.K, pikepdf.Array) else [source_tree.K]
        tops = []
        for top in kids:
            _prefix_ids(top, prefix)
            del top["/P"]               # else the copy would bring the source's whole tree
            if top.get("/S") == pikepdf.Name.Document:
                top.S = pikepdf.Name.Part
            language = str(source.Root.get("/Lang", ""))
            if language and language != packet_language:
                top.Lang = pikepdf.String(language)
            tops.append(top if top.is_indirect else source.make_indirect(top))
        starts.append(len(packet.pages))
        packet.pages.extend(source.pages)     # pages first: the elements' /Pg map onto them
        for top in tops:
            copied = packet.copy_foreign(top)
            copied.P = document
            document.K.append(copied)
        for key, value in zip(source_numbers[0::2], source_numbers[1::2]):
            numbers += [int(key) + offset,
                        packet.copy_foreign(value if value.is_indirect else source.make_indirect(value))]
        next_key = offset + max((int(k) for k in source_numbers[0::2]), default=-1) + 1
    tree.ParentTree = packet.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(numbers)))
    tree.ParentTreeNextKey = next_key
    return starts
