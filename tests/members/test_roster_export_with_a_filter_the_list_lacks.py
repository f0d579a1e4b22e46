"""An export address carrying a filter the list does not have (`?format=0`, a hand-made or
stale link) sends the user back to the list with a Chinese message; it was a 500. A bad
format chosen in the export form is a form error."""

import pytest

EXPORT = "/admin/members/member/export/"


@pytest.mark.parametrize("persona", ["city", "yuexiu_staff"])
@pytest.mark.parametrize("query", ["format=0", "district__id__exact=abc"])
@pytest.mark.django_db
def test_an_unknown_filter_goes_back_to_the_list_with_a_message(client, personas, persona,
                                                                 query):
    client.force_login(getattr(personas, persona))
    response = client.get(f"{EXPORT}?{query}", follow=True)
    assert response.redirect_chain == [("/admin/members/member/", 302)]
    assert "导出地址中含有名单没有的筛选条件，未导出" in response.content.decode()


@pytest.mark.django_db
def test_a_format_that_does_not_exist_is_a_form_error(client, personas):
    client.force_login(personas.city)
    response = client.post(EXPORT, {"format": "99"})
    assert response.status_code == 200
    assert "99 不在可用的选项中" in response.content.decode()
