"""Reproducible training of hrgraph's German NER pipeline from open corpora.

``corpora`` converts the raw corpora into spaCy ``DocBin`` files, ``raw_text`` writes their
training text, ``vectors`` trains floret vectors on it, ``pretrain`` pretrains the tok2vec on it,
``train`` runs the steps a config asks for and ships the result, ``evaluate`` scores a
pipeline span by span.
"""
