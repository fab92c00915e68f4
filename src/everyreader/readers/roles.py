"""Least privilege for reader data (see docs/readers.md).

- librarian: reader records (no needs), registration, records consent and latent observations
  (write-only: a librarian cannot read needs back), sees segments and their anonymous sizes.
- department_head: everything a librarian does, plus reading and editing needs profiles,
  resolving latent needs, import, export, the population report, and erasure.
- programme_manager: reader records (read), segments (define, sizes), the anonymous population
  report, export of non-sensitive segments. Never individual needs data.
- administrator: processes erasure requests, configures the needs taxonomy and the reader
  categories (staff pages under /staff/readers/categories/); reads reader
  records only to do so. Never individual needs data.
"""

READER_BASE = ["readers.view_reader", "readers.view_segment"]

ROLE_PERMISSIONS = {
    "librarian": [*READER_BASE, "readers.add_reader", "readers.change_reader", "readers.add_consent",
                  "readers.add_latentneed"],
    "department_head": [*READER_BASE, "readers.add_reader", "readers.change_reader", "readers.add_consent",
                        "readers.add_latentneed", "readers.change_latentneed", "readers.view_sensitive_needs",
                        "readers.change_needsprofile", "readers.add_segment", "readers.change_segment",
                        "readers.export_readers", "readers.import_readers", "readers.view_needs_report",
                        "readers.erase_reader"],
    "programme_manager": [*READER_BASE, "readers.add_segment", "readers.change_segment",
                          "readers.export_readers", "readers.view_needs_report"],
    "administrator": ["readers.view_reader", "readers.erase_reader", "readers.view_needtype",
                      "readers.add_needtype", "readers.change_needtype", "readers.view_needcategory",
                      "readers.add_needcategory", "readers.change_needcategory",
                      "readers.view_readercategorydefinition", "readers.add_readercategorydefinition",
                      "readers.change_readercategorydefinition"],
}
