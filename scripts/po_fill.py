#!/usr/bin/env python
"""Fill msgstr entries of a gettext catalogue from a table (a helper for
translators): `po_fill.py FILE.po TABLE.tsv`, TABLE lines being
`msgctxt<TAB>msgid<TAB>msgstr[<TAB>msgstr_plural]` (msgctxt may be empty).
Only entries that are empty or fuzzy are changed; their fuzzy flag and
previous-msgid comments are dropped."""

import re
import sys


def unquote(lines: list[str]) -> str:
    return "".join(
        bytes(re.match(r'^(?:\S+ )?"(.*)"$', line).group(1), "utf-8")
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
        for line in lines
    )


def quote(text: str) -> str:
    return (
        '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    )


def parse(block: str) -> dict:
    fields: dict[str, list[str]] = {}
    current = None
    for line in block.split("\n"):
        m = re.match(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) ", line)
        if m:
            current = m.group(1)
            fields[current] = [line]
        elif line.startswith('"') and current:
            fields[current].append(line)
    return {k: unquote(v) for k, v in fields.items()}


def main(po: str, table: str) -> None:
    rows = {}
    for line in open(table, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.rstrip("\n").split("\t")
        rows[(parts[0], parts[1])] = parts[2:]
    text = open(po, encoding="utf-8").read()
    blocks = text.split("\n\n")
    done = set()
    for i, block in enumerate(blocks):
        data = parse(block)
        key = (data.get("msgctxt", ""), data.get("msgid"))
        if key not in rows or data.get("msgid") == "":
            continue
        fuzzy = "#, fuzzy" in block or ", fuzzy" in block
        empty = not any(v for k, v in data.items() if k.startswith("msgstr"))
        if not (fuzzy or empty):
            done.add(key)
            continue
        values = rows[key]
        out = []
        field = None
        for line in block.split("\n"):
            if line.startswith("#|"):
                continue
            if line.startswith("#,"):
                flags = [f.strip() for f in line[2:].split(",")]
                flags = [f for f in flags if f and f != "fuzzy"]
                if flags:
                    out.append("#, " + ", ".join(flags))
                continue
            m = re.match(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) ", line)
            if m:
                field = m.group(1)
            if field and field.startswith("msgstr"):
                continue
            out.append(line)
        if "msgid_plural" in data:
            out.append(f"msgstr[0] {quote(values[0])}")
            out.append(
                f"msgstr[1] {quote(values[1] if len(values) > 1 else values[0])}"
            )
        else:
            out.append(f"msgstr {quote(values[0])}")
        blocks[i] = "\n".join(out)
        done.add(key)
    open(po, "w", encoding="utf-8").write("\n\n".join(blocks))
    missing = set(rows) - done
    for key in sorted(missing):
        print(f"{po}: not found {key}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
