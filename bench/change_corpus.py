#!/usr/bin/env python3
"""Copy a generated corpus and change about 1 % of it, as a new edition would.

    python3 bench/change_corpus.py SRC DST [--rate 0.01] [--seed 1]

Of the practices picked (rate × count, deterministic for a seed), a fifth of each kind:
a summary reworded, a recommendation added, the status set to `retired`, the file renamed to a
new id (content kept), and a practice removed; as many new practices are added (the text of
other practices under a new id and title). Prints the counts. Used by bench/editions.sh to
measure `compendium diff` on two real editions.
"""

import argparse
import json
import os
import random
import shutil


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--rate", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if os.path.exists(a.dst):
        shutil.rmtree(a.dst)
    shutil.copytree(a.src, a.dst)
    files = sorted(
        os.path.join(d, f)
        for d, _, fs in os.walk(a.dst)
        for f in fs
        if f.endswith(".json") and f != "dedup-decisions.json"
    )
    # Practices that another one names in `supersedes` are not removed or renamed (the new edition
    # would not validate).
    named = set()
    for path in files:
        with open(path, encoding="utf-8") as f:
            named.update(json.load(f).get("supersedes", []))
    files = [p for p in files if os.path.basename(p)[: -len(".json")] not in named]
    rng = random.Random(a.seed)
    picked = rng.sample(files, max(6, int(len(files) * a.rate)))
    counts = dict.fromkeys(["reworded", "recommendation", "retired", "renamed", "removed", "added"], 0)
    for i, path in enumerate(picked):
        with open(path, encoding="utf-8") as f:
            entry = json.load(f)
        kind = i % 5
        if kind == 0:
            words = entry["summary"].split()
            words[len(words) // 2] = "notably"
            entry["summary"] = " ".join(words)
            counts["reworded"] += 1
        elif kind == 1:
            entry["recommendations"].append("Publish a yearly report on how the system is used.")
            counts["recommendation"] += 1
        elif kind == 2:
            entry["status"] = "retired"
            counts["retired"] += 1
        elif kind == 3:
            os.remove(path)
            entry["id"] = entry["id"] + "-r"
            path = os.path.join(os.path.dirname(path), entry["id"] + ".json")
            counts["renamed"] += 1
        else:
            os.remove(path)
            counts["removed"] += 1
            # A new practice: another practice's text under a new id and title (a near duplicate
            # of that one, which `build` only warns about), so that it is added, not renamed.
            with open(os.path.join(a.src, os.path.relpath(rng.choice(files), a.dst)), encoding="utf-8") as f:
                other = json.load(f)
            new = dict(other, id=entry["id"] + "-n", title="Revised: " + other["title"])
            new["summary"] = "A later edition of this practice. " + other["summary"]
            with open(os.path.join(os.path.dirname(path), new["id"] + ".json"), "w", encoding="utf-8") as f:
                json.dump(new, f, ensure_ascii=False, indent=2)
                f.write("\n")
            counts["added"] += 1
            continue
        with open(path, "w", encoding="utf-8") as f:
            json.dump(entry, f, ensure_ascii=False, indent=2)
            f.write("\n")
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
