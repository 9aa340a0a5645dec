"""Limits on what CivDesk reads from outside: template files (YAML, JSON), answer files, bundles'
JSON, photos and pictures. A file over a limit is refused before it can take the machine's memory
or time, with ``LimitExceeded``: one line that names the file and the limit.

Excel workbooks have their own budget in civdesk.services.exchange.xlsx_guard; how deep a template's
sections may nest is a template rule (civdesk.domain.template.MAX_SECTION_DEPTH). docs/security.md
lists every limit.
"""

from __future__ import annotations

import contextlib
import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import InputError

TEXT_MAX_BYTES = 4 * 2**20  # a template or answers file (the largest built-in template is 40 KB)
YAML_MAX_ALIASES = 100  # references to an anchor (&name … *name) in one document
DATA_MAX_VALUES = 200_000  # values in one document, every alias expanded (a 300-item template: ~10,000)
DATA_MAX_DEPTH = 40  # lists and mappings inside one another (a template needs about 25)
PHOTO_MAX_BYTES = 64 * 2**20  # one photo or picture file
IMAGE_MAX_PIXELS = 80_000_000  # width × height: 80 megapixels, e.g. 10,000 × 8,000


class LimitExceeded(InputError):
    """Input refused because it goes beyond one of CivDesk's limits; the message names the limit."""


# ------------------------------------------------------------------ structured text


def read_text(path: Path | str, kind: str = "file") -> str:
    """A UTF-8 text file of at most TEXT_MAX_BYTES; InputError names the file and the fault."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > TEXT_MAX_BYTES:
            raise LimitExceeded("limits.over_limit", name=path.name, kind=kind, mib=mib(size), mib2=mib(TEXT_MAX_BYTES))
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("limits.no_such_file", path=path) from None
    except UnicodeDecodeError:
        raise InputError("limits.utf_text", path=path) from None
    except IsADirectoryError:
        raise InputError("limits.folder_file", path=path) from None
    except OSError as e:
        raise InputError("limits.cannot_read", path=path, reason=e) from None


def load_json(raw: str | bytes, what: str) -> Any:
    """Parse JSON text no deeper than DATA_MAX_DEPTH; ValueError (json.JSONDecodeError or
    LimitExceeded) otherwise."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8")
    try:
        data = json.loads(raw)
    except RecursionError:  # deeper than the interpreter's own limit: far past ours
        raise _too_deep(what) from None
    check_depth(data, what)
    return data


def check_depth(data: Any, what: str) -> None:
    """Refuse data whose lists and mappings nest deeper than DATA_MAX_DEPTH (walked without
    recursion, so the check itself cannot overflow)."""
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        if depth > DATA_MAX_DEPTH:
            raise _too_deep(what)
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))


def _too_deep(what: str) -> LimitExceeded:
    return LimitExceeded("limits.lists_mappings_nested_more", what=what, data_max_depth=DATA_MAX_DEPTH)


def load_yaml(text: str, what: str) -> Any:
    """Parse one YAML document with CivDesk's budget: at most YAML_MAX_ALIASES aliases, nesting
    no deeper than DATA_MAX_DEPTH and at most DATA_MAX_VALUES values once aliases are expanded (a
    few kilobytes of aliases can otherwise stand for billions of values: an "alias bomb"). The
    safe subset of YAML only. Raises LimitExceeded, or yaml.YAMLError for text that is not YAML."""
    import yaml

    if len(text) > TEXT_MAX_BYTES:
        raise LimitExceeded("limits.characters_over_limit", what=what, count=len(text), mib=mib(TEXT_MAX_BYTES))
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser: same safe subset, faster
    # First the flat event stream (no nodes are built): depth and aliases, cheaply.
    depth = aliases = 0
    for event in yaml.parse(text, Loader=loader_class):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > DATA_MAX_DEPTH:
                raise _too_deep(what)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > YAML_MAX_ALIASES:
                raise LimitExceeded("limits.more_than_yaml_aliases", what=what, yaml_max_aliases=YAML_MAX_ALIASES)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _expanded_size(node, what)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _expanded_size(root, what: str) -> int:
    """How many values the node graph stands for with every alias expanded (an alias is the very
    node it names). Iterative, depth-first, each node counted once; a node that contains itself
    is refused."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        kids = _kids(node)
        if finished:
            open_nodes.discard(key)
            sizes[key] = total = 1 + sum(sizes[id(k)] for k in kids)
            if total > DATA_MAX_VALUES:
                raise LimitExceeded("limits.more_than_values_once", what=what, data_max_values=DATA_MAX_VALUES)
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise LimitExceeded("limits.yaml_alias_refers_list", what=what)
        open_nodes.add(key)
        stack.append((node, True))
        for k in kids:
            if id(k) in open_nodes:
                raise LimitExceeded("limits.yaml_alias_refers_list", what=what)
            if id(k) not in sizes:
                stack.append((k, False))
    return sizes[id(root)]


def _kids(node) -> list:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


# ------------------------------------------------------------------ pictures


@contextlib.contextmanager
def open_image(path: Path | str) -> Iterator[Any]:
    """A Pillow image, opened (header only) after its file size and pixel count are checked;
    ``with`` closes it. LimitExceeded names the limit; Pillow's own errors pass through for the
    caller to word (a file that is not a picture)."""
    from PIL import Image

    path = Path(path)
    size = path.stat().st_size
    if size > PHOTO_MAX_BYTES:
        raise LimitExceeded("limits.over_limit_picture", name=path.name, mib=mib(size), mib2=mib(PHOTO_MAX_BYTES))
    with warnings.catch_warnings():
        # Pillow warns past 89 megapixels and refuses past 179: both are over our limit anyway.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            im = Image.open(path)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as e:
            raise _too_many_pixels(path, None, str(e)) from None
    with im:
        width, height = im.size
        if width * height > IMAGE_MAX_PIXELS:
            raise _too_many_pixels(path, (width, height))
        yield im


def check_picture_bytes(data: bytes, what: str) -> None:
    """The same limits for a picture held in memory (a handwritten signature); LimitExceeded, or
    InputError when it is not a picture at all."""
    import io

    from PIL import Image, UnidentifiedImageError

    if len(data) > PHOTO_MAX_BYTES:
        raise LimitExceeded("limits.over_limit_picture2", what=what, mib=mib(len(data)), mib2=mib(PHOTO_MAX_BYTES))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as im:
                width, height = im.size
                im.verify()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as e:
            raise _too_many_pixels(Path(what), None, str(e)) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise InputError("limits.picture_civdesk_can_read", what=what) from None
    if width * height > IMAGE_MAX_PIXELS:
        raise _too_many_pixels(Path(what), (width, height))


def _too_many_pixels(path: Path, size: tuple[int, int] | None, pillow: str = "") -> LimitExceeded:
    limit = IMAGE_MAX_PIXELS // 1_000_000
    if size:
        return LimitExceeded(
            "limits.picture_too_large_size",
            name=path.name,
            width=size[0],
            height=size[1],
            megapixels=size[0] * size[1] / 1e6,
            limit=limit,
        )
    # Pillow refused it before telling the size; its own message gives the pixel count
    m = re.search(r"\((\d+) pixels\)", pillow)
    if m:
        return LimitExceeded(
            "limits.picture_too_large_pixels", name=path.name, megapixels=int(m.group(1)) / 1e6, limit=limit
        )
    return LimitExceeded("limits.picture_too_large", name=path.name, limit=limit)


def mib(n: int) -> str:
    return f"{n / 2**20:,.1f} MiB"
