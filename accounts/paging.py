"""A paginator that counts no further than it must, and reads the matches once.

An admin list of a large table with a filter and a search spent most of its time counting
every match (a district's closed cases about 路灯, bench/README.md) only to say
how many pages there are. `CappedPaginator` reads the ids of at most `cap` + 1 matches, in
the list's order, says "1000+" beyond that, and pages through the first `cap` rows; people
narrow the list with its filters, as they would with a search engine's "about 1,000
results". The count and every page within the cap come from that one read: a page is then
its fifty ids looked up by primary key, instead of the search and the sort run a second time.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    cap = 1000

    @cached_property
    def _ids(self) -> list | None:
        """The first cap + 1 matches' primary keys in order (None: not a QuerySet)."""
        if not isinstance(self.object_list, QuerySet):
            return None
        return list(self.object_list.values_list("pk", flat=True)[: self.cap + 1])

    @cached_property
    def count(self) -> int:
        counted = len(self._ids if self._ids is not None else self.object_list)
        self.capped = counted > self.cap
        return min(counted, self.cap)

    def page(self, number):
        if self._ids is None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list.filter(pk__in=self._ids[bottom:top])  # ordered as the list
        return self._get_page(rows, number, self)
