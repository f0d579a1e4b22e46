"""`LimitedTextField`: free text with a length limit that every way in enforces.

Django's own `TextField(max_length=...)` hands the limit to the form's Textarea only: the
model's `full_clean` (the admin, imports, services) lets any length through, and a
50,000-character request once kept a core busy for over half an hour rendering the ledger
PDF. This one checks the limit in `full_clean` too, as a CharField does. The column stays
`text` (PostgreSQL and SQLite store text of any length alike), so changing the limit is
a change of the model's state only: no table is rebuilt or rewritten, and rows written
before a limit existed stay as they are (documents cut long texts when they print them).
"""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.db import models


class LimitedTextField(models.TextField):
    # max_length changes no column (Field.non_db_attrs): without this, SQLite would
    # rebuild the whole table on every change of a limit, and lose its triggers.
    non_db_attrs = (*models.TextField.non_db_attrs, "max_length")

    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))
