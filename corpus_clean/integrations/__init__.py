"""Bridges to other ecosystems, each behind an optional extra (``pip install "corpus-clean[hf]"``)."""
