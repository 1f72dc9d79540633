#!/usr/bin/env python3
"""The reference the dedup benchmark compares with: datasketch's MinHashLSH (PyPI) on the same
corpus, word 3-shingles, 128 permutations. Writes clusters in compendium dedup's JSON shape, so
bench/dedup_accuracy.py scores both the same way.

usage: datasketch_dedup.py CORPUS_DIR THRESHOLD > clusters.json"""
import glob, json, os, re, sys

from datasketch import MinHash, MinHashLSH

# Beside this script: the same grouping of pairs as the accuracy script uses.
from dedup_accuracy import union

WORD = re.compile(r"\w+", re.UNICODE)


def shingles(entry):
    text = " ".join([entry["title"], entry["summary"], entry["body"], *entry["recommendations"]])
    words = WORD.findall(text.casefold())
    return {" ".join(words[i:i + 3]).encode() for i in range(max(1, len(words) - 2))}


def main():
    folder, threshold = sys.argv[1], float(sys.argv[2])
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    sketches = {}
    for path in sorted(glob.glob(os.path.join(folder, "**", "*.json"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            entry = json.load(f)
        m = MinHash(num_perm=128, seed=1)
        m.update_batch(list(shingles(entry)))
        sketches[entry["id"]] = m
        lsh.insert(entry["id"], m)
    pairs = []
    for key, m in sketches.items():
        for other in lsh.query(m):
            # Keep a candidate only if its estimated Jaccard similarity reaches the threshold
            # (LSH candidates alone include many pairs below it).
            if other != key and m.jaccard(sketches[other]) >= threshold:
                pairs.append((key, other))
    clusters = [{"kind": "near", "members": sorted(g)} for g in union(pairs) if len(g) > 1]
    json.dump({"clusters": sorted(clusters, key=lambda c: c["members"][0])}, sys.stdout)


if __name__ == "__main__":
    main()
