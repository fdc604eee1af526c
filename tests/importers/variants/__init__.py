"""A seeded generator of legacy-workbook variants, to prove the importer generalises.

One small logical dataset (:mod:`.dataset`) is written out in many ways (:mod:`.writer`):
other sheet names, header wordings, value spellings, layouts and file formats
(:mod:`.formats`). Every variant must import to exactly the same records (:mod:`.expect`);
:mod:`.reference` writes the dataset without the importer, to test that checker, and
:mod:`.diagnose` narrows a failing run down to single header words and dimensions.

The word lists in :mod:`.words` were written from how SE London borough safeguarding
officers title columns and write values (``shared/DOMAIN.md``, ``USER-STORIES.md``, the
ICB annual report), *not* from the importer's own synonym tables: feeding the importer
its own table would prove nothing.
"""
