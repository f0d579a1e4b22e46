"""The OpenAPI 3 description of the exchange, served at /open311/v2/openapi.json.

Built from this dict, so the description and the code change in one commit. API_VERSION
follows semantic versioning: a field added is a minor version, a field removed or changed
in meaning a new major version under a new path (/open311/v3/).
"""

from __future__ import annotations

API_VERSION = "2.0.0"

# The fields of every service's definition (Open311 "attributes"): what the product needs
# beyond the standard fields to file a hotline order in the right workroom, once.
ATTRIBUTES = [
    {
        "variable": True, "code": "external_id", "datatype": "string", "required": True,
        "datatype_description": "字母、数字、-、_，至多64位 / up to 64 letters, digits, - or _",
        "order": 1,
        "description": "12345热线工单编号；同一编号重复提交返回同一诉求，不重复登记 / the "
                       "hotline's own order number; a repeat returns the same request",
    },
    {
        "variable": True, "code": "workroom_id", "datatype": "string", "required": False,
        "datatype_description": "数字 / digits", "order": 2,
        "description": "承办的委员工作室编号（与 town_code 至少填一项） / the workroom the order "
                       "is assigned to (this or town_code)",
    },
    {
        "variable": True, "code": "town_code", "datatype": "string", "required": False,
        "datatype_description": "12位统计用区划代码 / 12-digit division code", "order": 3,
        "description": "所涉镇（街）；未填工作室编号时交该镇（街）第一个启用的工作室 / the town "
                       "or street concerned; without workroom_id, its first active workroom",
    },
]

ERROR = {
    "type": "array",
    "items": {
        "type": "object", "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
    },
}


def _error(text: str) -> dict:
    return {"description": text,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}}


ERRORS = {
    "400": _error("参数有误 / bad parameter"),
    "403": _error("缺少或无效的接口密钥，或超出账号范围 / no or bad api_key, or out of scope"),
    "429": {**_error("超出每分钟调用上限 / rate limit exceeded"),
            "headers": {"Retry-After": {"schema": {"type": "integer"},
                                        "description": "秒 / seconds"}}},
}

SERVICE = {
    "type": "object",
    "properties": {
        "service_code": {"type": "string", "description": "热线分类代码 / classification code"},
        "service_name": {"type": "string"}, "description": {"type": "string"},
        "metadata": {"type": "boolean"}, "type": {"type": "string", "enum": ["realtime"]},
        "keywords": {"type": "string"},
        "group": {"type": "string", "description": "本系统诉求类别 / the product's topic"},
    },
}

REQUEST = {
    "type": "object",
    "properties": {
        "service_request_id": {"type": "string", "description": "诉求编号 / case number"},
        "external_id": {"type": "string", "description": "热线工单编号 / hotline order no."},
        "status": {"type": "string", "enum": ["open", "closed"]},
        "status_notes": {
            "type": "string",
            "description": "办理中：当前环节；办结：办理结果 / current step, or outcome",
        },
        "service_name": {"type": "string"}, "service_code": {"type": "string"},
        "description": {"type": "string"},
        "agency_responsible": {"type": "string", "description": "当前承办单位 / who has it now"},
        "service_notice": {"type": "string"},
        "requested_datetime": {"type": "string", "format": "date-time"},
        "updated_datetime": {"type": "string", "format": "date-time"},
        "expected_datetime": {"type": ["string", "null"], "format": "date-time",
                              "description": "当前环节办理期限 / current step's due time"},
        "address": {"type": ["string", "null"]}, "address_id": {"type": "null"},
        "zipcode": {"type": "null"}, "lat": {"type": ["number", "null"]},
        "long": {"type": ["number", "null"]}, "media_url": {"type": "null"},
    },
}

KEY = [{"ApiKeyQuery": []}, {"ApiKeyHeader": []}]


def _json(schema: dict, text: str = "成功 / OK") -> dict:
    return {"description": text, "content": {"application/json": {"schema": schema}}}


def _query(name: str, text: str) -> dict:
    return {"name": name, "in": "query", "required": False, "description": text,
            "schema": {"type": "string"}}


def _submit_schema() -> dict:
    fields = {
        "api_key": {"type": "string"},
        "service_code": {"type": "string", "maxLength": 20},
        "description": {"type": "string", "maxLength": 2000},
        "address_string": {"type": "string", "maxLength": 200},
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "long": {"type": "number", "minimum": -180, "maximum": 180},
        "first_name": {"type": "string", "maxLength": 25},
        "last_name": {"type": "string", "maxLength": 25},
        "phone": {"type": "string", "maxLength": 30},
    }
    for attribute in ATTRIBUTES:
        fields[f"attribute[{attribute['code']}]"] = {"type": "string",
                                                      "description": attribute["description"]}
    return {"type": "object", "required": ["service_code", "description",
                                           "attribute[external_id]"], "properties": fields}


def openapi_document(base_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "广州政协委员工作室 12345 工单交换接口（Open311 GeoReport v2）",
            "version": API_VERSION,
            "description": "按 Open311 GeoReport v2 交换 12345 热线工单：分类、提交、查询。"
                           "说明见 docs/open311.md。 / Open311 GeoReport v2, JSON only.",
        },
        "servers": [{"url": base_url}],
        "components": {
            "securitySchemes": {
                "ApiKeyQuery": {"type": "apiKey", "in": "query", "name": "api_key"},
                "ApiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
            },
            "schemas": {"Errors": ERROR, "Service": SERVICE, "Request": REQUEST},
        },
        "security": KEY,
        "paths": {
            "/services.json": {"get": {
                "summary": "热线分类（服务）列表 / list services",
                "responses": {"200": _json({"type": "array", "items": {
                    "$ref": "#/components/schemas/Service"}}), **ERRORS},
            }},
            "/services/{service_code}.json": {"get": {
                "summary": "服务定义 / service definition",
                "parameters": [{"name": "service_code", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "responses": {"200": _json({"type": "object"}),
                              "404": _error("没有该服务代码 / not found"), **ERRORS},
            }},
            "/requests.json": {
                "get": {
                    "summary": "查询诉求 / query requests",
                    "parameters": [
                        _query("service_request_id", "逗号分隔，至多100个 / up to 100, comma"),
                        _query("service_code", "逗号分隔，至多50个 / up to 50, comma"),
                        _query("start_date", "ISO 8601；默认结束时间前90天"),
                        _query("end_date", "ISO 8601；默认现在；范围至多90天"),
                        _query("status", "open 或 closed / open or closed"),
                    ],
                    "responses": {"200": _json({"type": "array", "items": {
                        "$ref": "#/components/schemas/Request"}}), **ERRORS},
                },
                "post": {
                    "summary": "提交工单（按工单编号幂等） / submit a work order (idempotent)",
                    "requestBody": {"required": True, "content": {
                        "application/x-www-form-urlencoded": {"schema": _submit_schema()},
                        "application/json": {"schema": _submit_schema()},
                    }},
                    "responses": {"200": _json({"type": "array", "items": {
                        "type": "object", "properties": {
                            "service_request_id": {"type": "string"},
                            "service_notice": {"type": "string"},
                            "account_id": {"type": "null"},
                        }}}), **ERRORS},
                },
            },
            "/requests/{service_request_id}.json": {"get": {
                "summary": "查询一件诉求 / one request",
                "parameters": [{"name": "service_request_id", "in": "path",
                                "required": True, "schema": {"type": "string"}}],
                "responses": {"200": _json({"type": "array", "items": {
                    "$ref": "#/components/schemas/Request"}}),
                    "404": _error("没有该诉求或不在范围内 / not found or out of scope"),
                    **ERRORS},
            }},
        },
        "webhooks": {
            "outcome": {"post": {
                "summary": "办结后回传办理结果 / the outcome, pushed when the case closes",
                "description": "发往接口账号的回传地址；请求头 X-Request-ID 标识一次回传（重试时"
                               "不变），X-Open311-Signature 为 sha256=HMAC-SHA256(回传签名密钥, "
                               "请求体)。返回2xx即视为送达。",
                "requestBody": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Request"}}}},
                "responses": {"200": {"description": "已接收 / received"}},
            }},
        },
    }
