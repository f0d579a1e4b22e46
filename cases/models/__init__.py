"""The workroom ledger (台账, 规范 第十四条) and the cases raised at it
(规范 第十条, 规范 第十一条, 规范 第十三条).

An Activity is one reception day or other community activity of a workroom; the
visitors who came and each opinion or request they raised (a Case) hang off it. A
case moves through the states of 规范 第十三条 only by `cases.services.case_route`;
every move is a CaseStep.
"""

from .access import PersonalDataAccess
from .activities import (
    Activity,
    ActivityPhoto,
    ActivityPhotoQuerySet,
    ActivityQuerySet,
    Visitor,
    VisitorQuerySet,
)
from .cases import (
    OPEN_STATES,
    Case,
    CaseQuerySet,
    CaseStep,
    CaseStepQuerySet,
    Cluster,
    ClusterQuerySet,
    ConsultationTopic,
    ConsultationTopicQuerySet,
)
from .directory import (
    ROUTING_DEFAULTS,
    Department,
    DepartmentQuerySet,
    RoutingSetting,
    RoutingSettingQuerySet,
    Topic,
)
from .loop import Callback, ReplyTemplate, StatusCode
from .retention import RetentionRun

__all__ = [
    "OPEN_STATES", "ROUTING_DEFAULTS", "Activity", "ActivityPhoto", "ActivityPhotoQuerySet",
    "ActivityQuerySet", "Callback", "Case", "CaseQuerySet", "CaseStep", "CaseStepQuerySet",
    "Cluster",
    "ClusterQuerySet", "ConsultationTopic", "ConsultationTopicQuerySet", "Department",
    "DepartmentQuerySet", "PersonalDataAccess",
    "ReplyTemplate", "RetentionRun", "RoutingSetting",
    "RoutingSettingQuerySet", "StatusCode", "Topic", "Visitor", "VisitorQuerySet",
]
