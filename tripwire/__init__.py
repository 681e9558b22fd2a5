"""Tripwire: news in, sourced events out.

    >>> from tripwire import Pipeline
    >>> doc = Pipeline().process({"text": "...", "published": "2022-12-07"})
    >>> for event in doc.events: ...
"""

import logging

from .document import Document, EventMention
from .errors import TripwireError
from .pipeline import Pipeline
from .settings import Settings, load_settings

__version__ = "0.1.0"
__all__ = ["Document", "EventMention", "Pipeline", "Settings", "TripwireError", "load_settings",
           "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
