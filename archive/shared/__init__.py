"""The model both halves of the system share: what the indexer writes and the read side reads.

`model` (Document, Passage), `profile` (archive.toml), `visibility` (the one visibility rule), `words`
(what a word is), `dates`, `media` (which files are recordings), `names` (people's names), `normalise`
(the index's one text form), `urls` (http(s) addresses only), `timecode`, and the content caches the
build fills and the read side reads (`content_cache`, `ocr_cache`). Nothing here reads an index or
draws a page: these modules import only each other and libraries.
"""
