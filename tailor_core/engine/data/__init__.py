"""Versioned data shipped with the engine (lexicon.json, vocabulary.tsv); see VOCABULARY.md."""
