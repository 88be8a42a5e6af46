"""The one error type extraction raises."""


class ExtractionError(Exception):
    """A document could not be turned into text; ``status`` is 'failed', 'needs_ocr' or 'skipped'."""

    def __init__(self, reason: str, status: str = "failed"):
        super().__init__(reason)
        self.reason = reason
        self.status = status
