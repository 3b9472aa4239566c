"""Review and acceptance (审核验收): SHACL validation of power lists, with a fast default engine.

See :func:`validate`; shapes are in ``shapes/``.
"""

from .report import Report, Result
from .review import ENGINES, validate
from .selection import SelectionError
from .shapes import ShapesError

__all__ = ["ENGINES", "Report", "Result", "SelectionError", "ShapesError", "validate"]
