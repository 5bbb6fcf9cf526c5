"""Case check for a single liver metastasis from hormone receptor-positive breast cancer.

Public interface (../shared/spec/case-check-rules.md, section 1):

- ``evaluate(case) -> dict``: verdict, criteria, advice and citations for one case;
- ``CaseError``: a ``ValueError`` whose ``.errors`` lists every input problem at once;
- ``schema() -> dict``: JSON Schema (draft 2020-12) of the input;
- ``describe() -> dict``: the rules as data, for the "How the case check decides" page;
- ``what_would_change(case) -> list``: the inputs that, changed alone, change the verdict;
- ``examples() -> list``: named example cases (the form's menu; the build's trace inputs).

Standard library only, no I/O: runs unchanged in CPython 3.11+ and in Pyodide.
"""

from calc.describe import describe
from calc.engine import GUIDELINE_REVIEWED, VERSION, evaluate
from calc.example_cases import examples
from calc.schema import schema
from calc.validation import CaseError
from calc.whatif import what_would_change

__version__ = VERSION

__all__ = [
    "GUIDELINE_REVIEWED",
    "CaseError",
    "__version__",
    "describe",
    "evaluate",
    "examples",
    "schema",
    "what_would_change",
]
