"""The parts of bench/engine_eval.py, the engine's quality benchmark: the TF-IDF and BM25
baselines (baselines), pairwise ranking figures (ranking), fitting the score's weights
(calibration), tailoring checks over the corpus (tailoring), time and memory (cost)."""

from __future__ import annotations

from datetime import date

from tests.eval.corpus import CORPUS_TODAY

TODAY = date(*CORPUS_TODAY, 1)
