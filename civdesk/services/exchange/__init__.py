"""Exchange between homes: export inspections to a signed .civpack, plan and run an import, settle
conflicts, verify a bundle; Excel workbooks of results, rectifications and templates.

    bundle_format  the .civpack itself: writing, and reading it back with every check
    bundle_trust   which bundles a home accepts beyond being intact (roots, people, certificates)
    portable       an inspection in portable form, read from and written to a home
    state          this home's identity and what each exchanged inspection descends from
    export / plan / importing / verify   the use cases, re-exported here
    excel, template_xlsx, xlsx_cells, xlsx_guard   workbooks out and templates in, within a budget
"""

from .bundle_format import BundleRefused, read
from .export import ExportReport, export_bundle, record_sent, write_bundle
from .importing import ImportReport, import_bundle, import_checked
from .plan import Conflict, Plan, Step, plan_import
from .verify import Verification, verify_bundle

__all__ = [
    "BundleRefused",
    "Conflict",
    "ExportReport",
    "ImportReport",
    "Plan",
    "Step",
    "Verification",
    "export_bundle",
    "import_bundle",
    "import_checked",
    "plan_import",
    "read",
    "record_sent",
    "verify_bundle",
    "write_bundle",
]
