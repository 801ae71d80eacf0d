"""Number the lessons 00, 01, 02, ... again after a lesson was split or added.

A lesson split in two keeps its number for the first half and names the second half with a
``b`` (``05_gradient_descent.ipynb`` and ``05b_stochastic_gradient_descent.ipynb``). This script
sorts the notebooks by number and letter, gives them consecutive numbers, and rewrites every
reference in the tracked text files at once:

- notebook and picture names (``05b_stochastic_gradient_descent``),
- exercise modules (``lesson05b`` -> ``lesson06``; the files in ``nnlib/exercises/`` are renamed),
- prose: ``lesson 05``, ``lessons 03 to 06``, ``05 ·`` in link texts and tables.

A bare number refers to the first half of a split lesson. Ranges ("lessons 03 to 06") are listed
for a human to read again, since the story behind them may have moved to a second half.

    python scripts/renumber_lessons.py           # show the new numbers and what would change
    python scripts/renumber_lessons.py --write   # rename and rewrite (commit first)
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEM = re.compile(r"^(\d\d)([a-z]?)_(\w+)$")
TEXT_SUFFIXES = {".py", ".md", ".ipynb", ".toml", ".cfg", ".yml", ".yaml", ".txt", ".html", ""}


def numbering(notebooks: Path) -> dict[str, str]:
    """Old lesson key (``"05"``, ``"05b"``) -> new two-digit number, in reading order."""
    keys = []
    for path in notebooks.glob("*.ipynb"):
        found = STEM.match(path.stem)
        if found:
            keys.append((int(found.group(1)), found.group(2), found.group(1) + found.group(2)))
    return {key: f"{i:02d}" for i, (_, _, key) in enumerate(sorted(keys))}


def stems(notebooks: Path, numbers: dict[str, str]) -> dict[str, str]:
    """Old notebook stem -> new stem."""
    out = {}
    for path in notebooks.glob("*.ipynb"):
        found = STEM.match(path.stem)
        if found:
            out[path.stem] = f"{numbers[found.group(1) + found.group(2)]}_{found.group(3)}"
    return out


def rewrite(text: str, numbers: dict[str, str], stem_map: dict[str, str]) -> tuple[str, list[str]]:
    """Every reference in ``text`` renumbered at once (no chains), and the ranges to re-read."""
    ranges: list[str] = []

    def key(number: str) -> str | None:
        return numbers.get(number)

    def stem(m: re.Match[str]) -> str:
        return stem_map.get(m.group(0), m.group(0))

    def module(m: re.Match[str]) -> str:
        new = key(m.group(1))
        return f"lesson{new}" if new else m.group(0)

    def prose(m: re.Match[str]) -> str:
        word, rest = m.group(1), m.group(2)
        if re.search(r"\d\d[a-z]?\s*(?:to|-|–)\s*\d\d", rest):
            ranges.append(m.group(0))
        return word + re.sub(r"\b(\d\d[a-z]?)\b", lambda n: key(n.group(1)) or n.group(1), rest)

    def label(m: re.Match[str]) -> str:
        new = key(m.group(1))
        return f"{new}{m.group(2)}" if new else m.group(0)

    if stem_map:
        names = "|".join(sorted(map(re.escape, stem_map), key=len, reverse=True))
        text = re.sub(rf"(?<![\w-])(?:{names})(?![\w-])", stem, text)
    text = re.sub(r"\blesson(\d\d[a-z]?)\b", module, text)
    text = re.sub(
        r"\b([Ll]essons? )(\d\d[a-z]?(?:(?:,\s*| and | or | to |\s*-\s*|\s*–\s*)\d\d[a-z]?)*)\b",
        prose,
        text,
    )
    text = re.sub(r"(?<![\w.])(\d\d[a-z]?)( ·)", label, text)
    text = re.sub(r"(?<=!\[)(\d\d[a-z]?)(\])", label, text)
    return text, ranges


def tracked_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    this = Path(__file__).resolve()
    return [
        ROOT / p for p in listed if (ROOT / p).suffix in TEXT_SUFFIXES and (ROOT / p).is_file() and (ROOT / p) != this
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rename and rewrite the files")
    args = parser.parse_args(argv)
    notebooks = ROOT / "notebooks"
    numbers = numbering(notebooks)
    stem_map = {old: new for old, new in stems(notebooks, numbers).items() if old != new}
    for old, new in sorted(stem_map.items()):
        print(f"{old} -> {new}")
    if not stem_map:
        print("the lessons are numbered 00, 01, ... already")
        return 0
    changed = []
    for path in tracked_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        new, ranges = rewrite(text, numbers, stem_map)
        for r in ranges:
            print(f"re-read: {path.relative_to(ROOT)}: {r!r}")
        if new != text:
            changed.append(path.relative_to(ROOT))
            if args.write:
                path.write_text(new, encoding="utf-8")
    renames = []
    for old, new in stem_map.items():
        renames.append((notebooks / f"{old}.ipynb", notebooks / f"{new}.ipynb"))
        for folder in (ROOT / "docs" / "img",):
            if (folder / f"{old}.png").exists():
                renames.append((folder / f"{old}.png", folder / f"{new}.png"))
    exercises = ROOT / "nnlib" / "exercises"
    for old_key, new_key in numbers.items():
        if old_key != new_key and (exercises / f"lesson{old_key}.py").exists():
            renames.append((exercises / f"lesson{old_key}.py", exercises / f"lesson{new_key}.py"))
    print(f"{len(changed)} files rewritten, {len(renames)} renamed")
    if args.write:
        # two steps, so a new name can be an old name of another file
        temporary = [(src, src.with_name(src.name + ".renumbering")) for src, _ in renames]
        for src, tmp in temporary:
            subprocess.run(["git", "mv", str(src), str(tmp)], cwd=ROOT, check=True)
        for (_, dst), (_, tmp) in zip(renames, temporary):
            subprocess.run(["git", "mv", str(tmp), str(dst)], cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
