"""The parts of bench/build_vocabulary.py, which rebuilds the engine's skill vocabulary:
where the sources are and how they are read (sources), the engine's tokenizer and word
frequencies (text), hand-reviewed word lists (word_lists), what makes a name junk, and its
case (rules), which ESCO words are verbs (verbs), the names each source gives (esco, onet),
and the merge of all of them into sorted entries (build)."""
