"""Import of legacy Excel workbooks (xlsx, xlsm, xls, ods, csv) into sgtui.

The API the CLI and the TUI Import screen share::

    from sgtui.importers.pipeline import run_import
    from sgtui.importers.mapping import load_mapping, save_mapping
    from sgtui.importers.report import mapping_document

    report = run_import(svc, [path], mapping=load_mapping(toml_path), dry_run=True,
                        progress=lambda done, total: ...)
    report.sheets   # kind or skip reason, header row, column mapping, counts per sheet
    report.errors   # RowError: sheet, Excel row, column letter, header, value, message
    report.warnings # same shape: kept-as-written values, formulas without values, ...
    report.unmapped # UnmappedColumn per coded column: {text as written: rows}; map each
                    # once in Mapping.values[field][text] = code (codes.choices(kind, field))
    save_mapping(mapping_document(report), toml_path)   # start a mapping file from it

Layers: reader (safety checks, calamine/csv) -> detect (kinds, header rows) -> records
(cell normalisation, validation) -> links (cross-sheet) -> writer (one transaction via
:mod:`sgtui.services.bulk`). Nothing here imports Textual.
"""
