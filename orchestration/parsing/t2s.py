"""Traditional to simplified script (OpenCC t2s), converting only the lines that need it.

t2s changes a text only where one of its dictionaries' keys matches with a value other than
the key itself, and every such key holds a character the change touches (or, when key and
value differ in length, any of its characters): those characters are t2s's triggers. A line
holding none comes out of t2s as it went in, and no key spans a line break, so converting only
the lines that hold a trigger gives exactly what converting the whole text gives. Most gazettes
are simplified already: a line in fifty holds a trigger (覆 of 覆盖 is one: t2s reads 答覆 as
答复), and t2s was a twentieth of the parse.

The triggers are derived from the installed dictionaries (`triggers`, with OpenCC's own
opencc_dict to read them: `python -m orchestration.parsing.t2s` rewrites the list) and kept in
t2s_triggers.txt under a digest of the files they came from; with other dictionaries installed,
every line is converted, as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

TRIGGERS_FILE = Path(__file__).with_name("t2s_triggers.txt")
CONFIG = "t2s.json"


def share_dir() -> Path:
    """Where the installed OpenCC keeps its configurations and dictionaries."""
    import opencc

    return Path(opencc.__file__).resolve().parent / "clib" / "share" / "opencc"


def dictionaries(share: Path) -> list[Path]:
    """The dictionary files t2s reads, in the configuration's order (normalisation first)."""
    config = json.loads((share / CONFIG).read_text(encoding="utf-8"))
    found: list[Path] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "ocd2" and "file" in node:
                found.append(share / str(node["file"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(config)
    return found


def digest(share: Path) -> str:
    """The configuration and its dictionaries, hashed: what a trigger list is valid for."""
    hashed = hashlib.sha256((share / CONFIG).read_bytes())
    for path in dictionaries(share):
        hashed.update(path.name.encode())
        hashed.update(path.read_bytes())
    return hashed.hexdigest()


def triggers(entries: Iterable[tuple[str, str]]) -> set[str]:
    """The trigger characters of dictionary entries (key, value as OpenCC lists it: the first of
    space-separated candidates is the one t2s writes)."""
    found: set[str] = set()
    for key, values in entries:
        value = values.split(" ")[0]
        if value == key:
            continue
        if len(value) == len(key):
            found.update(a for a, b in zip(key, value, strict=True) if a != b)
        else:
            found.update(key)
    return found


def write_triggers(share: Path, read_entries: Callable[[Path], list[tuple[str, str]]]) -> None:
    """Derive the trigger list from the dictionaries t2s reads (`read_entries` lists a
    dictionary file's entries) and write it with their digest."""
    chars = triggers(entry for path in dictionaries(share) for entry in read_entries(path))
    TRIGGERS_FILE.write_text(f"{digest(share)}\n{''.join(sorted(chars))}\n", encoding="utf-8")


def read_with_opencc_dict(path: Path) -> list[tuple[str, str]]:
    """A dictionary file's entries, as OpenCC's opencc_dict (shipped with the wheel) lists them."""
    clib = share_dir().parent.parent
    with tempfile.TemporaryDirectory() as folder:
        listed = Path(folder) / "entries.txt"
        subprocess.run(
            [str(clib / "bin" / "opencc_dict"), "-i", str(path), "-o", str(listed), "-f", "ocd2", "-t", "text"],
            check=True,
            capture_output=True,
            env={**os.environ, "LD_LIBRARY_PATH": str(clib / "lib64")},
            timeout=120,
        )
        lines = listed.read_text(encoding="utf-8").splitlines()
    return [(key, values) for key, _, values in (line.partition("\t") for line in lines if line)]


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _trigger() -> re.Pattern[str] | None:
    """A character class of the triggers, or None when the installed dictionaries are not the
    ones the list was derived from."""
    try:
        stored, chars = TRIGGERS_FILE.read_text(encoding="utf-8").split("\n", 1)
        if stored != digest(share_dir()):
            return None
    except (OSError, ValueError):
        return None
    bmp = "".join(char for char in chars.strip() if char <= "\uffff")
    # one class: a bitmap of the BMP triggers and every character beyond the BMP (rare in a
    # gazette, and converted with its line), which the regex engine tests at once; listing
    # the 900 triggers beyond the BMP one by one made the search slower than t2s itself
    return re.compile(f"[{re.escape(bmp)}\U00010000-\U0010ffff]")


def to_simplified(text: str) -> str:
    """OpenCC t2s of `text`, converting runs of lines that hold a trigger and copying the rest."""
    convert = _converter().convert
    trigger = _trigger()
    if trigger is None:
        return convert(text)
    pieces: list[str] = []
    copied = 0  # text[:copied] is in pieces
    match = trigger.search(text)
    while match:
        start = text.rfind("\n", 0, match.start()) + 1
        end = _line_end(text, match.end())
        following = trigger.search(text, end)
        while following and text.rfind("\n", 0, following.start()) == end:  # the next line holds one too
            end = _line_end(text, following.end())
            following = trigger.search(text, end)
        pieces += [text[copied:start], convert(text[start:end])]
        copied, match = end, following
    if not pieces:
        return text
    pieces.append(text[copied:])
    return "".join(pieces)


def _line_end(text: str, position: int) -> int:
    """Where the line holding `position` ends (its line break, or the text's end)."""
    end = text.find("\n", position)
    return len(text) if end < 0 else end


if __name__ == "__main__":
    write_triggers(share_dir(), read_with_opencc_dict)
    print(f"wrote {TRIGGERS_FILE}")
