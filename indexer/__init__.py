"""Turns source files (statements, PDFs, webinar transcripts) into the archive's Whoosh index.

Stages, one module each: discover -> extract (html, pdf, transcript, text) -> enrich -> write,
orchestrated by `indexer.build` and driven by `python -m indexer` (indexer.cli).
"""
