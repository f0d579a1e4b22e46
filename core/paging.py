"""A paginator that counts no further than it must, and searches once.

An admin list of a large table with a filter and a search spent most of its time counting
every match (a district's closed cases about 路灯 at 10 × Guangzhou's size) only to say how
many pages there are. `CappedPaginator` reads the ids of the first `cap` + 1 matches in the
list's order, says "超过 1000 条" beyond that, and pages through the first `cap`; people
narrow the list with its filters, as they would with a search engine's "about 1,000
results". A page is then its rows looked up by id, instead of the search and the sort run
a second time for it (bench/README.md). A page number beyond the cap is the admin's usual
"invalid page" (Django's own `Paginator.page`).
"""

from __future__ import annotations

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    cap = 1000

    def __init__(self, object_list, per_page, *args, **kwargs):
        self.rows = object_list
        ids = list(object_list.values_list("pk", flat=True)[: self.cap + 1])
        self.capped = len(ids) > self.cap
        super().__init__(ids[: self.cap], per_page, *args, **kwargs)

    def page(self, number):
        page = super().page(number)
        page.object_list = self.rows.filter(pk__in=page.object_list)  # ordered as the list
        return page
