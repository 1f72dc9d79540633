#!/usr/bin/env python3
"""Precision and recall of duplicate pairs: compendium dedup's clusters against the pairs the
corpus generator planted (examples/gen_corpus.rs --truth).

usage: dedup_accuracy.py TRUTH.json DEDUP.json
Both sides are turned into groups (union of their pairs), and every pair inside a group counts:
so a practice planted twice is one group of three, with three pairs."""
import itertools, json, sys


def groups_to_pairs(groups):
    pairs = set()
    for g in groups:
        for a, b in itertools.combinations(sorted(set(g)), 2):
            pairs.add((a, b))
    return pairs


def union(pairs):
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
    groups = {}
    for x in parent:
        groups.setdefault(find(x), []).append(x)
    return list(groups.values())


def main():
    truth = json.load(open(sys.argv[1]))
    found = json.load(open(sys.argv[2]))
    truth_pairs = groups_to_pairs(union((t["original"], t["duplicate"]) for t in truth))
    found_groups = union(
        (a, b)
        for c in found["clusters"]
        # Planted duplicates are copies: exact and near groups (compendium also reports
        # same-practice and related pairs, another finding; datasketch's output has no kind).
        if c.get("kind", "near") in ("exact", "near")
        for a, b in itertools.combinations(c["members"], 2)
    )
    found_pairs = groups_to_pairs(found_groups)
    tp = len(truth_pairs & found_pairs)
    precision = tp / len(found_pairs) if found_pairs else 1.0
    recall = tp / len(truth_pairs) if truth_pairs else 1.0
    by_kind = {}
    for t in truth:
        key = tuple(sorted((t["original"], t["duplicate"])))
        hit = key in found_pairs
        k = by_kind.setdefault(t["kind"], [0, 0])
        k[0] += hit
        k[1] += 1
    print(json.dumps({
        "truth_pairs": len(truth_pairs), "found_pairs": len(found_pairs), "true_positives": tp,
        "precision": round(precision, 4), "recall": round(recall, 4),
        "recall_by_kind": {k: round(v[0] / v[1], 4) for k, v in sorted(by_kind.items())},
    }))


if __name__ == "__main__":
    main()
