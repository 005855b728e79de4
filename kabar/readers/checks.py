from __future__ import annotations

from typing import Any

from django.core.checks import Error


def reader_data_hooks(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """KABAR_READER_DATA_EXPORTERS and KABAR_READER_DELETION_HANDLERS name functions that exist."""
    from kabar.readers import services

    return [
        Error(problem, hint="Fix the dotted path in the setting, or remove it.", id="readers.E001")
        for problem in services.configuration_problems()
    ]
