#!/usr/bin/env python3
"""Make src/normalize/glossary-fr.tsv and glossary-es.tsv from the word lists beside this file.

The word lists (words-fr.tsv, words-es.tsv: `word<TAB>english word`) were written by two readers
from their knowledge of the languages, without reading the repository. The duplicate finder
and the tagger compare words by a light stem (accents removed, a plural `s` dropped, cut to five
letters; src/normalize/stem.rs), so a line is kept only if its stem adds something and cannot
mislead:

- its stem differs from its English word's (a cognate, `protección` and `protection`, needs no
  line);
- neither word is a grammar word (the tagger's lists, src/tag/mod.rs `GRAMMAR_WORDS`: `tiene`
  as *have*, `luego` as *then* would teach the tagger grammar);
- no other line of the list gives its stem another English stem, at five letters or at the
  tagger's six (`conservation` and `conseil` would both be `conse`);
- its stem is not the hand-made glossary's (src/normalize/glossary.rs), which has the last word,
  and its English word's five-letter stem is not one the hand-made glossary maps to (`leve` as
  *minor* would meet `mineur`, a child; `afirmar` as *state* would meet `État`);
- its stem is not also an English word's: at most 2 of the English practices of the tagger's
  training split (tests/tagging/labels/train.json, their texts in practices/ and
  tests/tagging/entries/) use it (French `agent` and `application` are English words too).

Run from the repository's root: python3 tests/glossary/filter.py
The output is byte-identical for the same inputs. A unit test checks the rules that need no
corpus on the shipped files (src/normalize/glossary.rs, `word_lists_keep_the_rules`).
"""
import collections, glob, json, os, re, sys, unicodedata

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
ENGLISH_PRACTICES_AT_MOST = 2


def fold(word):
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def stem(word):
    """The five-letter stem of src/normalize/stem.rs, before the glossary; None for what is not
    one word of four letters or more (a hyphenated phrase never meets a word of a text)."""
    word = fold(word)
    if len(word) < 4 or not word.isalpha():
        return None
    if word.endswith("s") and len(word) >= 5:
        word = word[:-1]
    return word[:5]


def hand_made():
    src = open(os.path.join(ROOT, "src/normalize/glossary.rs"), encoding="utf-8").read()
    tables = {}
    for lang, name in (("fr", "FRENCH"), ("es", "SPANISH")):
        body = re.search(r"const " + name + r": &\[\(&str, &str\)\] = &\[(.*?)\n\];", src, re.S)
        tables[lang] = dict(re.findall(r'\("([^"]+)", "([^"]+)"\)', body.group(1)))
    return tables


def stem6(word):
    """The tagger's six-letter stem of an English word (src/normalize/stem.rs `stem_to`)."""
    s = stem(word)
    if s is None:
        return None
    folded = fold(word)
    if folded.endswith("s") and len(folded) >= 5:
        folded = folded[:-1]
    return folded[:6]


def grammar_stems():
    """Five-letter stems of the tagger's grammar words, per language (en, fr, es)."""
    src = open(os.path.join(ROOT, "src/tag/mod.rs"), encoding="utf-8").read()
    body = src[src.index("const GRAMMAR_WORDS"):]
    body = body[body.index("= [") + 3:]
    lists = re.findall(r"&\[(.*?)\]", body[: body.index("\n];")], re.S)
    return {lang: {stem(w) for w in re.findall(r'"([^"]+)"', words) if stem(w)}
            for lang, words in zip(("en", "fr", "es"), lists)}


def english_stems_in_use():
    train = set(json.load(open(os.path.join(ROOT, "tests/tagging/labels/train.json"))))
    seen, count = set(), collections.Counter()
    paths = sorted(glob.glob(os.path.join(ROOT, "practices/*/*.json"))) + sorted(
        glob.glob(os.path.join(ROOT, "tests/tagging/entries/*.json")))
    for path in paths:
        entry = json.load(open(path, encoding="utf-8"))
        i = entry["id"]
        if i not in train or i in seen or not entry.get("language", "en").startswith("en"):
            continue
        seen.add(i)
        text = " ".join([entry.get("title", ""), entry.get("summary", ""), entry.get("body", "")]
                        + list(entry.get("recommendations") or []))
        count.update({s for s in map(stem, re.findall(r"[^\W\d_]+", text.lower())) if s})
    return count


def main():
    core = hand_made()
    core_targets = {e for table in core.values() for e in table.values()}
    grammar = grammar_stems()
    in_use = english_stems_in_use()
    for lang in ("fr", "es"):
        lines = []
        for raw in open(os.path.join(ROOT, f"tests/glossary/words-{lang}.tsv"), encoding="utf-8"):
            if "\t" in raw:
                word, english = raw.rstrip("\n").split("\t")[:2]
                lines.append((word.strip().lower(), english.strip().lower()))
        targets = collections.defaultdict(set)
        for word, english in lines:
            s, e = stem(word), stem(english)
            if s and e and s != e:
                targets[s].add((e, stem6(english)))
        kept, seen = [], set()
        for word, english in lines:
            s, e = stem(word), stem(english)
            if not s or not e or s == e or s in core[lang]:
                continue
            if len({t[0] for t in targets[s]}) > 1 or len({t[1] for t in targets[s]}) > 1:
                continue
            if e in grammar["en"] or s in grammar[lang] or e in core_targets:
                continue
            if in_use[s] > ENGLISH_PRACTICES_AT_MOST or (word, english) in seen:
                continue
            seen.add((word, english))
            kept.append(f"{word}\t{english}\n")
        out = os.path.join(ROOT, f"src/normalize/glossary-{lang}.tsv")
        open(out, "w", encoding="utf-8").write("".join(kept))
        print(f"{lang}: {len(kept)} of {len(lines)} lines kept, "
              f"{len({stem(l.split(chr(9))[0]) for l in kept})} stems", file=sys.stderr)


if __name__ == "__main__":
    main()
