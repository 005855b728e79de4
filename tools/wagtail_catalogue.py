"""Builds Kabar's Indonesian catalogue for Wagtail's admin (kabar/core/locale_wagtail/id/).

Why it exists: Wagtail ships its Indonesian translations as `id_ID`, but Kabar speaks `id`
(settings.LANGUAGE_CODE). Django looks a language up by its own code and, for "id", never tries
"id_ID", so every Wagtail string stayed English. Wagtail's id_ID catalogues also cover only about
40 % of its msgids (Transifex keeps the translated entries only).

What it does, for each domain (django, djangojs): every msgid of every Wagtail app's English
catalogue, translated by, in order of preference,
1. the translation already in Kabar's file (the newsroom's own wording, kept across rebuilds),
2. Wagtail's id_ID translation,
and otherwise left untranslated (so a translator sees what is missing). Then it compiles the .mo,
which is committed so `make serve` works without gettext tools. settings.LOCALE_PATHS lists the
directory after kabar/locale: Kabar's own catalogue wins on a shared msgid, this one wins over the
apps' catalogues.

Usage: .venv/bin/python tools/wagtail_catalogue.py  (after a Wagtail upgrade, or after editing the .po
by hand: it recompiles the .mo).
"""

from __future__ import annotations

from pathlib import Path

import polib
import wagtail

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "kabar" / "core" / "locale_wagtail" / "id" / "LC_MESSAGES"
WAGTAIL = Path(wagtail.__file__).resolve().parent
DOMAINS = ("django", "djangojs")

Key = tuple[str | None, str]


def key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def translated(entries: list[polib.POEntry]) -> dict[Key, polib.POEntry]:
    return {key(e): e for e in entries if e.translated() and not e.obsolete and "fuzzy" not in e.flags}


def build(domain: str) -> polib.POFile:
    target = TARGET / f"{domain}.po"
    ours = translated(list(polib.pofile(str(target)))) if target.exists() else {}
    merged = polib.POFile(wrapwidth=0)
    merged.metadata = {
        "Project-Id-Version": f"Kabar's Indonesian for Wagtail {wagtail.__version__}",
        "Language": "id",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    english_catalogues = sorted(WAGTAIL.glob(f"**/locale/en/LC_MESSAGES/{domain}.po"))
    theirs: dict[Key, polib.POEntry] = {}
    for english_po in english_catalogues:
        indonesian_po = english_po.parent.parent.parent / "id_ID" / "LC_MESSAGES" / f"{domain}.po"
        if indonesian_po.exists():
            theirs = translated(list(polib.pofile(str(indonesian_po)))) | theirs
    seen: set[Key] = set()
    for english_po in english_catalogues:
        for english in polib.pofile(str(english_po)):
            if english.obsolete or key(english) in seen:
                continue
            seen.add(key(english))
            source = ours.get(key(english)) or theirs.get(key(english))
            entry = polib.POEntry(
                msgctxt=english.msgctxt,
                msgid=english.msgid,
                msgid_plural=english.msgid_plural,
                occurrences=[(str(english_po.relative_to(WAGTAIL.parent)).split("/locale/")[0], "")],
                flags=[f for f in english.flags if f.endswith("-format")],
            )
            if english.msgid_plural:
                # Indonesian has one plural form: Wagtail's id_ID files sometimes carry two.
                entry.msgstr_plural = {0: source.msgstr_plural.get(0, "") if source else ""}
                if source and not source.msgstr_plural:
                    entry.msgstr_plural = {0: source.msgstr}
            else:
                entry.msgstr = source.msgstr if source else ""
            merged.append(entry)
    # Kabar's translations of msgids this Wagtail no longer has are kept: an upgrade should not lose them.
    for k, entry in ours.items():
        if k not in seen:
            merged.append(entry)
    return merged


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for domain in DOMAINS:
        po = build(domain)
        po.save(str(TARGET / f"{domain}.po"))
        po.save_as_mofile(str(TARGET / f"{domain}.mo"))
        print(f"{domain}: {len(po.translated_entries())} of {len(po)} translated")


if __name__ == "__main__":
    main()
