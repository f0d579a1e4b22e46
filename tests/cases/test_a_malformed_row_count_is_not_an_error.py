"""Adding a request row to the visitor form with a row count that is not a number (a page
tampered with or cut short) shows the form again with one more row, as a good count does,
and registers nothing; never a server error."""

import pytest

from cases.models import Case

from .conftest import held_activity
from .reception_day import visitor_form_url, visitor_post


@pytest.mark.parametrize("total", ["abc", "²", "9" * 5000])
def test_a_row_added_to_a_malformed_count_shows_the_form(client, personas, total):
    client.force_login(personas.beijing_clerk)
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    data = visitor_post(client, activity, {"content": "想问问长者饭堂的事"})
    data.update({"cases-TOTAL_FORMS": total, "add_row": "1"})

    response = client.post(visitor_form_url(activity), data)

    assert response.status_code == 200
    assert not Case.objects.exists()
