"""A paginator that counts no further than it must.

An admin list of a large table with a filter and a search spent most of its time counting
every match (a district's closed cases about 路灯 at 10 × Guangzhou's size) only to say how
many pages there are. `CappedPaginator` counts at most `cap` + 1 matches, says "超过 1000 条"
beyond that, and pages through the first `cap` rows; people narrow the list with its
filters, as they would with a search engine's "about 1,000 results". A page number beyond
them is the admin's usual "invalid page" (Django's own `Paginator.page`).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    cap = 1000

    @cached_property
    def count(self) -> int:
        # Unordered: any cap + 1 matches tell whether there are more, without sorting them all.
        counted = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)
