"""ValidationStatus and acceptance (审核验收): SHACL validation of power lists, with a fast default engine.

See :func:`validate`; shapes are in ``shapes/``.
"""

from quanze.service.validation.report import Report, Result
from quanze.service.validation.run import ENGINES, validate
from quanze.service.validation.selection import SelectionError
from quanze.service.validation.shapes import ShapesError

__all__ = ["ENGINES", "Report", "Result", "SelectionError", "ShapesError", "validate"]
