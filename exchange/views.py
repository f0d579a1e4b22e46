"""Open311 GeoReport v2 in JSON (docs/open311.md): services, a service's definition,
requests submitted and read. Every call carries an API key (the `api_key` parameter, as the
specification has it, or an X-Api-Key header), is kept within the client's scope and rate,
and is one audit event. Errors are Open311's list of {code, description}, the description in
Chinese and English; bad input is a 400, never a 500.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.csrf import csrf_exempt

from audit.choices import EventKind
from audit.services import audit_record
from members.validators import normalize_phone, validate_phone
from regions.models import Town
from workrooms.models import Workroom

from .models import ApiClient, ServiceMapping, WorkOrder
from .openapi import API_VERSION, ATTRIBUTES, openapi_document
from .services import (
    SERVICE_NOTICE,
    Order,
    api_client_for_key,
    rate_wait,
    requests_of,
    work_order_receive,
)

MAX_IDS = 100  # service_request_id values in one query
MAX_CODES = 50  # service_code values in one query
MAX_RESULTS = 1000  # requests in one answer (Open311's default limit)
MAX_DAYS = 90  # the longest date range of one query, and the default one (Open311)
MAX_FIELD = 300  # any other parameter we accept and do not keep
DESCRIPTION_MAX = 2000  # a case's content (cases.Case.content)
ORDER_NO = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
DIGITS = re.compile(r"^[0-9]{1,18}$")
TOWN_CODE = re.compile(r"^[0-9]{12}$")


class ApiError(Exception):
    """An Open311 error: status, and what went wrong in Chinese and in English."""

    def __init__(self, status: int, zh: str, en: str, headers: dict | None = None):
        super().__init__(en)
        self.status, self.zh, self.en, self.headers = status, zh, en, headers or {}

    def response(self) -> JsonResponse:
        response = answer([{"code": self.status, "description": f"{self.zh} / {self.en}"}],
                          status=self.status)
        for name, value in self.headers.items():
            response[name] = value
        return response


def answer(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, safe=False,
                            json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"  # may hold what residents told the hotline
    response["X-API-Version"] = API_VERSION
    return response


def endpoint(*methods: str):
    """An Open311 method: the key, the rate, the audit event; ApiError as its answer."""

    def decorate(view):
        @csrf_exempt  # called by systems with a key, never by a browser with a session
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            client = None
            try:
                if request.method not in methods:
                    raise ApiError(405, "不支持该请求方式", "method not allowed",
                                   {"Allow": ", ".join(methods)})
                client = _client(request)
                wait = rate_wait(client)
                if wait:
                    raise ApiError(429, "调用过于频繁，请稍后再试",
                                   f"rate limit of {client.rate_per_minute} calls a minute "
                                   "exceeded", {"Retry-After": str(wait)})
                response = view(request, client, *args, **kwargs)
            except ApiError as exc:
                response = exc.response()
                _audit(request, client, response, exc.zh)
                return response
            _audit(request, client, response, "成功")
            return response

        return wrapper

    return decorate


def _client(request) -> ApiClient:
    key = request.headers.get("X-Api-Key") or _params(request).get("api_key", "")
    if not key:
        raise ApiError(403, "缺少接口密钥", "api_key missing")
    client = api_client_for_key(str(key))
    if client is None:
        raise ApiError(403, "接口密钥无效或已停用", "invalid api_key")
    return client


def _audit(request, client: ApiClient | None, response, outcome: str) -> None:
    """Every call: who, which endpoint (the path), and how it ended. Refusals (no key,
    another scope, over the rate) do not count towards the rate; answered calls do."""
    refused = response.status_code in (403, 405, 429) or client is None
    audit_record(
        kind=EventKind.API_REFUSED if refused else EventKind.API_CALL, request=request,
        obj=client, username=f"接口账号：{client.name}" if client else "",
        detail={"method": request.method, "client": client.name if client else "",
                "status": response.status_code, "outcome": outcome[:200]},
    )
    if client is not None:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())


def _params(request) -> dict:
    """The call's parameters: the query string for GET; for POST the form (as Open311 has
    it), or a JSON object."""
    if request.method != "POST":
        return request.GET
    if request.content_type == "application/json":
        try:
            body = request.body
        except RequestDataTooBig:
            raise ApiError(413, "请求内容过大", "body too large") from None
        try:
            data = json.loads(body or b"{}")
        except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: [[[[…
            raise ApiError(400, "请求内容不是有效的 JSON", "body is not valid JSON") from None
        if not isinstance(data, dict):
            raise ApiError(400, "请求内容应为 JSON 对象", "body must be a JSON object")
        params = {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}
        if any("\x00" in k + v for k, v in params.items()):  # PostgreSQL text holds no NUL
            raise ApiError(400, "请求内容含有空字符", "body holds a NUL character")
        return params
    return request.POST


def _text(params, name: str, limit: int, *, required: bool = False, zh: str = "") -> str:
    value = params.get(name, "")
    value = value.strip() if isinstance(value, str) else ""
    if required and not value:
        raise ApiError(400, f"缺少{zh or name}", f"{name} is required")
    if len(value) > limit:
        raise ApiError(400, f"{zh or name}不能超过{limit}字",
                       f"{name} is longer than {limit} characters")
    return value


# --------------------------------------------------------------------------- the methods


def discovery(request):
    """Open311 service discovery: where the endpoint is and what it speaks (no key)."""
    base = request.build_absolute_uri("/open311/v2")
    return answer({
        "changeset": API_VERSION, "contact": "广州市政协办公厅",
        "key_service": "由市政协办公厅在管理后台“接口账号”中开通",
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2", "url": base,
            "changeset": API_VERSION, "type": "production", "formats": ["application/json"],
        }],
    })


def openapi(request):
    """The OpenAPI 3 description of this API, in its version (no key)."""
    return answer(openapi_document(request.build_absolute_uri("/open311/v2")))


def _service_json(mapping: ServiceMapping) -> dict:
    return {
        "service_code": mapping.code, "service_name": mapping.name,
        "description": mapping.description or mapping.topic.name, "metadata": True,
        "type": "realtime", "keywords": mapping.topic.name, "group": mapping.topic.name,
    }


@endpoint("GET")
def services(request, client):
    mappings = ServiceMapping.objects.active().select_related("topic")
    return answer([_service_json(m) for m in mappings])


@endpoint("GET")
def service_definition(request, client, code):
    if not ServiceMapping.objects.active().filter(code=code[:20]).exists():
        raise ApiError(404, "没有该服务代码", "service_code not found")
    return answer({"service_code": code, "attributes": ATTRIBUTES})


@endpoint("GET", "POST")
def requests(request, client):
    if request.method == "POST":
        return _submit(request, client)
    return answer(requests_of(_query(request.GET, client)))


@endpoint("GET")
def request_detail(request, client, service_request_id):
    if not DIGITS.match(service_request_id):
        raise ApiError(404, "没有该诉求", "service request not found")
    orders = WorkOrder.objects.in_scope_of(client).filter(case_id=int(service_request_id))
    found = requests_of(orders)
    if not found:  # none, not from the hotline, or outside the scope: all alike
        raise ApiError(404, "没有该诉求", "service request not found")
    return answer(found)


# ------------------------------------------------------------------ submitting a request


def _submit(request, client: ApiClient):
    params = _params(request)
    external_id = _attribute(params, "external_id", 64, required=True, zh="热线工单编号")
    if not ORDER_NO.match(external_id):
        raise ApiError(400, "热线工单编号只能由字母、数字、-和_组成",
                       "external_id may hold only letters, digits, - and _")
    order, _created = work_order_receive(client=client, order=_order(params, client,
                                                                       external_id))
    return answer([{"service_request_id": str(order.case_id),
                    "service_notice": SERVICE_NOTICE, "account_id": None}])


def _attribute(params, name: str, limit: int, **kwargs) -> str:
    """A field of the service's definition: attribute[name] as Open311 sends it, or name."""
    key = f"attribute[{name}]"
    return _text(params, key if params.get(key) else name, limit, **kwargs)


def _order(params, client: ApiClient, external_id: str) -> Order:
    code = _text(params, "service_code", 20, required=True, zh="服务代码")
    service = ServiceMapping.objects.active().select_related("topic").filter(code=code).first()
    if service is None:
        raise ApiError(400, "服务代码不存在或已停用", "service_code not found")
    description = _text(params, "description", DESCRIPTION_MAX, required=True, zh="诉求内容")
    for name in ("jurisdiction_id", "email", "device_id", "account_id", "media_url",
                 "address_id"):
        _text(params, name, MAX_FIELD)  # accepted, bounded, not kept (个人信息保护法)
    address = _text(params, "address_string", 200, zh="地点")
    lat, long = _coordinates(params)
    if not address and lat is None and not params.get("address_id"):
        raise ApiError(400, "请提供地点（address_string）或经纬度（lat、long）",
                       "lat and long, address_string or address_id is required")
    workroom, town = _place(params, client)
    name = (_text(params, "last_name", 25) + _text(params, "first_name", 25)).strip()
    return Order(external_id=external_id, service=service, description=description,
                 workroom=workroom, town=town, address=address, lat=lat, long=long,
                 name=name, phone=_phone(params))


def _coordinates(params):
    lat, long = _text(params, "lat", 20), _text(params, "long", 20)
    if not lat and not long:
        return None, None
    try:
        values = Decimal(lat), Decimal(long)
    except InvalidOperation:
        raise ApiError(400, "经纬度应为数字", "lat and long must be numbers") from None
    lat_, long_ = values
    if not (lat_.is_finite() and long_.is_finite() and -90 <= lat_ <= 90
            and -180 <= long_ <= 180):
        raise ApiError(400, "经纬度超出范围", "lat or long out of range")
    six = Decimal("0.000001")
    return lat_.quantize(six), long_.quantize(six)


def _phone(params) -> str:
    phone = normalize_phone(_text(params, "phone", 30, zh="电话"))
    try:
        validate_phone(phone)
    except ValidationError:
        raise ApiError(400, "电话号码格式不正确", "phone is not a valid number") from None
    return phone


def _place(params, client: ApiClient) -> tuple[Workroom, Town]:
    """The workroom the hotline assigned the order to, and the town/street concerned: by
    the workroom's number, or by the town/street's 12-digit division code (its first active
    workroom). Outside the client's district: 403 (workrooms and towns are public)."""
    workroom_id = _attribute(params, "workroom_id", 18)
    town_code = _attribute(params, "town_code", 12)
    if not workroom_id and not town_code:
        raise ApiError(400, "请提供工作室编号（workroom_id）或镇（街）区划代码（town_code）",
                       "attribute[workroom_id] or attribute[town_code] is required")
    town = None
    if town_code:
        if not TOWN_CODE.match(town_code):
            raise ApiError(400, "镇（街）区划代码应为12位数字", "town_code must be 12 digits")
        town = Town.objects.filter(code=town_code).first()
        if town is None:
            raise ApiError(400, "没有该镇（街）", "town_code not found")
    if workroom_id:
        if not DIGITS.match(workroom_id):
            raise ApiError(400, "工作室编号应为数字", "workroom_id must be a number")
        workroom = Workroom.objects.active().select_related("town", "clerk").filter(
            pk=int(workroom_id)).first()
    else:
        workroom = Workroom.objects.active().select_related("town", "clerk").filter(
            town=town).order_by("pk").first()
    if workroom is None:
        raise ApiError(400, "没有该工作室，或该镇（街）尚无启用的工作室",
                       "no active workroom found")
    town = town or workroom.town
    outside = {workroom.town.district_id, town.district_id} - {client.district_id}
    if client.district_id and outside:
        raise ApiError(403, "工作室或镇（街）不在本接口账号的范围内",
                       "workroom or town outside this client's scope")
    return workroom, town


# ------------------------------------------------------------------- querying requests


def _query(params, client: ApiClient):
    orders = WorkOrder.objects.in_scope_of(client)
    ids = _list(params, "service_request_id", MAX_IDS)
    if ids:  # Open311: with ids, every other parameter is ignored
        if not all(DIGITS.match(i) for i in ids):
            raise ApiError(400, "诉求编号应为数字", "service_request_id must be numbers")
        return orders.filter(case_id__in=[int(i) for i in ids]).order_by("-received_at")
    start, end = _dates(params)
    orders = orders.filter(received_at__gte=start, received_at__lte=end)
    codes = _list(params, "service_code", MAX_CODES)
    if codes:
        orders = orders.filter(service__code__in=codes)
    statuses = _list(params, "status", 2)
    if set(statuses) - {"open", "closed"}:
        raise ApiError(400, "状态只能是 open 或 closed", "status must be open or closed")
    if set(statuses) == {"open"}:
        orders = orders.filter(case__closed_at=None, case__voided_at=None)
    elif set(statuses) == {"closed"}:
        orders = orders.exclude(case__closed_at=None, case__voided_at=None)
    return orders.order_by("-received_at")[:MAX_RESULTS]


def _list(params, name: str, limit: int) -> list[str]:
    raw = _text(params, name, limit * 25)
    values = [v.strip() for v in raw.split(",") if v.strip()]
    if len(values) > limit:
        raise ApiError(400, f"{name} 一次至多{limit}个", f"at most {limit} values of {name}")
    return values


def _dates(params) -> tuple[dt.datetime, dt.datetime]:
    """start_date and end_date (ISO 8601), by default the last 90 days; at most 90 days."""
    end = _moment(params, "end_date") or timezone.now()
    start = _moment(params, "start_date") or end - dt.timedelta(days=MAX_DAYS)
    if start > end:
        raise ApiError(400, "开始时间晚于结束时间", "start_date is after end_date")
    if end - start > dt.timedelta(days=MAX_DAYS):
        raise ApiError(400, f"查询时间范围不能超过{MAX_DAYS}天",
                       f"the date range may not exceed {MAX_DAYS} days")
    return start, end


def _moment(params, name: str) -> dt.datetime | None:
    raw = _text(params, name, 40)
    if not raw:
        return None
    try:
        moment = parse_datetime(raw)
        if moment is None and (day := parse_date(raw)):
            moment = dt.datetime.combine(day, dt.time())
    except ValueError:
        moment = None
    if moment is None or not 2000 <= moment.year <= 2100:
        raise ApiError(400, f"{name} 应为 ISO 8601 时间，如 2026-12-01T00:00:00+08:00",
                       f"{name} must be an ISO 8601 date/time")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
