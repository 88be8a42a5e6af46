"""Reproducible training of hrgraph's German NER pipeline from open corpora.

``corpora`` converts the raw corpora into spaCy ``DocBin`` files, ``train`` runs
spaCy training with ``training/ner.cfg`` and ships the result, ``evaluate``
scores a pipeline span by span.
"""
