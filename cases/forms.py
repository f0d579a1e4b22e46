"""The clerk's forms. Drafts may be half filled; marking held asks for the rest."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import User
from accounts.once import OnceForm
from members.models import Member
from members.validators import normalize_phone, validate_phone
from receptions.models import Reception
from regions.models import Town
from scoring.choices import ActivityFormCode
from scoring.models import ActivityForm
from scoring.validators import validate_done_on

from .choices import (
    Action,
    CallbackChannel,
    DepartmentKind,
    FiledKind,
    RefusalProcedure,
    Satisfaction,
    Solved,
)
from .models import (
    Activity,
    ActivityPhoto,
    Callback,
    Case,
    CaseStep,
    Department,
    Topic,
    Visitor,
)
from .services import coauthor_choices
from .validators import validate_photo


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several photos in one input (Django's documented pattern), each checked."""

    widget = MultipleImageInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleImageField, self).clean(f, initial) for f in files]
        for photo in cleaned:
            validate_photo(photo)
        if len(cleaned) > ActivityPhoto.MAX_PER_ACTIVITY:
            raise forms.ValidationError(
                _("每次活动最多上传%(n)s张照片。"), params={"n": ActivityPhoto.MAX_PER_ACTIVITY}
            )
        return cleaned


class ActivityEditForm(OnceForm, forms.ModelForm):
    """An activity: a draft may be saved half filled; `held=True` asks for everything
    规范 第十条 and the duty records need (form, date, members present)."""

    photos = MultipleImageField(
        label=_("活动照片"), help_text=_("可多选，JPEG/PNG/WebP，每张不超过5MB。")
    )

    class Meta:
        model = Activity
        fields = ["form", "date", "reception", "members_present", "attendance", "summary"]
        widgets = {
            "date": DateInput(),
            "members_present": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, workroom, held: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.held, self.existing_activity = held, None
        if self.instance.workroom_id is None:  # a new activity: its reception is checked
            self.instance.workroom = workroom  # against this workroom (Activity.clean)
        present = self.instance.members_present.all() if self.instance.pk else Member.objects.none()
        self.fields["members_present"].queryset = (
            Member.objects.filter(workrooms=workroom).active() | present
        ).distinct().order_by("name")
        self.fields["members_present"].help_text = _("勾选实际到场的委员，计入委员进社区履职。")
        # 规范 第十条: the shared forms and the district's own, and the one already chosen.
        chosen = ActivityForm.objects.filter(code=self.instance.form_id)
        self.fields["form"].queryset = (
            ActivityForm.objects.usable_in(workroom.town.district_id) | chosen
        ).order_by("order", "pk")
        self.fields["reception"].queryset = self._receptions(workroom, timezone.localdate())
        self.fields["reception"].required = False
        self.fields["attendance"].required = False

    def _receptions(self, workroom, today: dt.date):
        """The picker: this workroom's receptions of the year before and the year after
        today, nearest first; the one the activity already records stays listed."""
        near = Q(date__range=(today - dt.timedelta(days=400), today + dt.timedelta(days=400)))
        if self.instance.reception_id:
            near |= Q(pk=self.instance.reception_id)
        return Reception.objects.filter(near, workroom=workroom).nearest_first(today)

    def preselect(self, reception: Reception) -> None:
        """A new record of this reception day: the reception, its form, its date and the
        members on duty are filled in; the clerk corrects who actually came."""
        self.initial.update({
            "reception": reception.pk, "form": ActivityFormCode.RECEPTION_DAY,
            "date": reception.date, "members_present": [m.pk for m in reception.members.all()],
        })

    def clean_attendance(self):
        return self.cleaned_data.get("attendance") or 0

    def clean_reception(self):
        """A reception is recorded once (规范 第十四条): the form points to the activity that
        already records it rather than starting a second one."""
        reception = self.cleaned_data.get("reception")
        if reception is not None:
            self.existing_activity = (
                reception.activities.exclude(pk=self.instance.pk).order_by("-status").first()
            )
            if self.existing_activity is not None:
                raise forms.ValidationError(
                    _("该接待安排已有活动记录（%(activity)s），请打开已有记录补充，不要重复登记。"),
                    params={"activity": self.existing_activity},
                )
        return reception

    def clean(self):
        data = super().clean()
        if self.held:
            self._require_for_held(data)
        return data

    def _require_for_held(self, data):
        if not data.get("form"):
            self.add_error("form", _("标记已举行须选择活动形式。"))
        if not data.get("date"):
            self.add_error("date", _("标记已举行须填写活动日期。"))
        elif data["date"] > timezone.localdate():
            self.add_error("date", _("活动日期晚于今天，尚不能标记为已举行。"))
        if not data.get("members_present"):
            self.add_error("members_present", _("请勾选到场的委员（至少一名）。"))


class VisitorForm(OnceForm, forms.ModelForm):
    """Everything optional: a visitor may stay anonymous."""

    class Meta:
        model = Visitor
        fields = ["name", "phone", "address", "consent_to_contact"]
        widgets = {
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "address": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        help_texts = {"address": _("仅在办理需要时填写。")}

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data.get("phone", ""))
        validate_phone(phone)
        return phone

    def clean(self):
        data = super().clean()
        if data.get("consent_to_contact") and not data.get("phone"):
            self.add_error("phone", _("群众同意接收办理结果通知的，请留联系电话。"))
        return data

    def visitor_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


def _limit(model, name: str) -> int:
    """The length the model's field takes: a route's texts are kept in these fields."""
    return model._meta.get_field(name).max_length


def procedure_field() -> forms.ChoiceField:
    """规范 第十一条: which procedure the person is told to use. Nothing is chosen until the
    clerk chooses (a preselected 诉讼 would be recorded whenever nobody looked)."""
    return forms.ChoiceField(
        label=_("应通过的法定程序"),
        choices=[("", _("请选择")), *RefusalProcedure.choices],
        help_text=_("规范 第十一条：诉讼、行政复议、仲裁及其他应依法办理的事项不予受理。"),
    )


def referred_body_field() -> forms.CharField:
    return forms.CharField(
        label=_("告知群众反映的机关或部门"), max_length=_limit(Case, "referred_body"),
        help_text=_("如：越秀区人民法院、区劳动人事争议仲裁委员会。"),
    )


# What the visitor form can settle while the visitor is there; every other route is
# chosen afterwards on the route page (规范 第十三条).
HANDLING_CHOICES = [
    ("", _("稍后分办")),
    (Action.ANSWER, _("当场答复并办结（规范 第十三条（一））")),
    (Action.REFUSE, _("不予受理，告知依法定途径反映（规范 第十一条）")),
]


class CaseForm(forms.ModelForm):
    """One matter a visitor raised. Someone who may route cases can settle it here: answered
    on the spot, with the answer, or not taken on, with the procedure and the body the
    person was told of. The move itself is `services.case_route`'s, as on the route page."""

    handling = forms.ChoiceField(
        label=_("办理方式"), choices=HANDLING_CHOICES, required=False, initial="",
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("当场答复的内容"), max_length=_limit(Case, "outcome"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    procedure = procedure_field()
    referred_body = referred_body_field()

    class Meta:
        model = Case
        fields = ["topic", "town", "community", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, workroom, can_route: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.filter(active=True)
        self.fields["town"].queryset = Town.objects.filter(
            district_id=workroom.town.district_id
        ).order_by("code")
        self.fields["town"].initial = workroom.town_id
        self.fields["community"].initial = workroom.community
        self.fields["procedure"].required = self.fields["referred_body"].required = False
        if not can_route:  # only those who route cases settle them (accounts.permissions)
            for name in ("handling", "answer", "procedure", "referred_body"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        handling = data.get("handling", "")
        if handling == Action.ANSWER:
            self._require(data, "answer", _("选择当场答复的，请填写答复的内容。"))
        if handling == Action.REFUSE:
            self._require(data, "procedure", _("选择不予受理的，请选择应通过的法定程序。"))
            self._require(
                data, "referred_body", _("选择不予受理的，请填写告知群众反映的机关或部门。")
            )
        return data

    def _require(self, data: dict, name: str, message) -> None:
        if name not in self.errors and not data.get(name, "").strip():  # else it says why
            self.add_error(name, message)

    def registration(self) -> dict:
        """What `services.visitor_register` takes for this matter, with its move if any."""
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        handling = self.cleaned_data.get("handling", "")
        if handling == Action.ANSWER:
            data["move"] = {"action": handling, "answer": self.cleaned_data["answer"]}
        elif handling == Action.REFUSE:
            data["move"] = {
                "action": handling, "procedure": self.cleaned_data["procedure"],
                "referred_body": self.cleaned_data["referred_body"],
            }
        return data


class BaseCaseFormSet(forms.BaseFormSet):
    # Django's own words are about "forms": the clerk fills in requests.
    default_error_messages = {
        "too_few_forms": _("请至少填写一项诉求。"),
        "too_many_forms": _("一次最多登记 %(num)d 项诉求。"),
    }


CaseFormSet = forms.formset_factory(
    CaseForm, formset=BaseCaseFormSet, extra=0, min_num=1, validate_min=True, max_num=20,
    validate_max=True,
)


# What each move asks for. `required` fields must be filled; the service checks again.
ROUTE_FIELDS: dict[str, tuple[tuple[str, bool], ...]] = {
    Action.ANSWER: (("answer", True),),
    Action.SUBMIT_TO_LEADER: (("handler", False), ("note", False)),
    Action.INSTRUCT: (("instruction", True), ("department", True), ("note", False)),
    Action.PASS_TO_DISTRICT: (("department", True), ("note", True)),
    Action.REPLY: (("reply", True), ("note", False)),
    Action.TO_PETITION: (("department", True), ("note", False)),
    Action.PETITION_OUTCOME: (("outcome", True), ("note", False)),
    Action.FEEDBACK: (("feedback", True),),
    Action.TO_MEMBER: (("members", True), ("note", False)),
    Action.FILE: (("kind", True), ("title", True), ("date", True), ("author", False),
                  ("coauthors", False), ("note", False)),
    Action.REFUSE: (("procedure", True), ("referred_body", True), ("note", False)),
    Action.MERGE: (("master", True), ("note", False)),
    Action.UNMERGE: (("note", True),),
    Action.REOPEN: (("note", True),),
}
# The text a 常用答复 fills (ReplyTemplate): the answer, reply or outcome of each move.
TEMPLATE_FIELD = {
    Action.ANSWER: "answer", Action.REPLY: "reply", Action.PETITION_OUTCOME: "outcome",
    Action.FEEDBACK: "feedback",
}
DEPARTMENT_KIND = {
    Action.INSTRUCT: DepartmentKind.TOWN_OFFICE,
    Action.PASS_TO_DISTRICT: DepartmentKind.DISTRICT_DEPARTMENT,
    Action.TO_PETITION: DepartmentKind.PETITION_OFFICE,
}
NOTE_LABELS = {
    Action.PASS_TO_DISTRICT: _("超出镇（街）职责范围的理由"),
    Action.UNMERGE: _("撤销合并的原因"),
    Action.REOPEN: _("重办理由（如群众反映问题仍未解决的情况）"),
}


class CaseNumberField(forms.ModelChoiceField):
    """A case typed by its number (#12): anything but a short number is no case."""

    def to_python(self, value):
        value = str(value or "").strip().lstrip("#＃")
        if value and not (value.isascii() and value.isdigit() and len(value) <= 10):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice",
                params={"value": value[:12]},
            )
        return super().to_python(value)


class RouteForm(forms.Form):
    """One move of a case; only the fields that move needs are kept."""

    answer = forms.CharField(
        label=_("答复内容"), max_length=_limit(Case, "outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    instruction = forms.CharField(
        label=_("负责人批示"), max_length=_limit(Case, "instruction"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    department = forms.ModelChoiceField(label=_("承办部门"), queryset=Department.objects.none())
    handler = forms.ModelChoiceField(
        label=_("经办人"), queryset=User.objects.none(),
        help_text=_("留空则由镇（街）负责人账号批示。"),
    )
    reply = forms.CharField(
        label=_("部门答复"), max_length=_limit(Case, "outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcome = forms.CharField(
        label=_("信访部门办理情况"), max_length=_limit(Case, "outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    feedback = forms.CharField(
        label=_("向委员反馈的方式和情况"), max_length=_limit(Case, "feedback_note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("规范 第十三条（三）：将办理情况向委员反馈后方可办结。"),
    )
    members = forms.ModelMultipleChoiceField(
        label=_("负责调查研究的委员"), queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.ChoiceField(label=_("提交形式"), choices=FiledKind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    date = forms.DateField(label=_("提交日期"), widget=DateInput())
    # 规范 第十三条（四）: credited to the filer and the co-authors named (services.filing_authors)
    author = forms.ModelChoiceField(
        label=_("提交委员"), queryset=Member.objects.none(),
        help_text=_("留空则为该诉求当前经办的委员。"),
    )
    coauthors = forms.ModelMultipleChoiceField(
        label=_("联名委员"), queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text=_("只计入提交委员和所选联名委员的履职记录，到场的其他委员不计入。"),
    )
    procedure = procedure_field()
    referred_body = referred_body_field()
    # 相同诉求: the master's number (the offered ones are one tap each on the case's page)
    master = CaseNumberField(
        label=_("并入的诉求编号"), queryset=Case.objects.none(),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 10}),
        help_text=_("同一区尚在办理中的诉求；本件将随其办理，办理结果同时告知本件的群众。"),
        error_messages={"invalid_choice": _(
            "没有可并入的诉求 #%(value)s：须为您可办理的、同一区尚在办理中的另一件诉求。"
        )},
    )
    note = forms.CharField(
        label=_("说明"), max_length=_limit(CaseStep, "note"),
        widget=forms.Textarea(attrs={"rows": 2}), required=False,
    )

    def __init__(self, *args, case: Case, action: str, by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case, self.action, self.by = case, action, by
        wanted = dict(ROUTE_FIELDS[action])
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
            else:
                self.fields[name].required = wanted[name]
        if action in NOTE_LABELS:
            self.fields["note"].label = NOTE_LABELS[action]
        self._set_choices()

    def _set_choices(self):
        fields, case = self.fields, self.case
        if "department" in fields:
            fields["department"].queryset = Department.objects.for_case(
                case, DEPARTMENT_KIND[self.action]
            )
        if "handler" in fields:
            fields["handler"].queryset = User.objects.filter(
                role=Role.TOWN, town_id=case.town_id, is_active=True
            )
        if "members" in fields:
            fields["members"].queryset = (
                case.activity.members_present.all() | case.activity.workroom.members.all()
            ).distinct().order_by("name")
            fields["members"].initial = list(case.activity.members_present.all())
        if "date" in fields:
            fields["date"].initial = timezone.localdate()
        if "master" in fields:  # the service checks the rest (cases.services._merge_master)
            fields["master"].queryset = (
                Case.objects.for_user(self.by).open()
                .filter(district_id=case.district_id, merged_into=None).exclude(pk=case.pk)
            )
        if "author" in fields:
            self._set_authors()

    def _set_authors(self):
        """A member filing on their own case is the filer; staff name one of the members the
        case was passed to. Co-authors: anyone but the filer (services.coauthor_choices)."""
        fields, case = self.fields, self.case
        own = self.by is not None and case.members.filter(user=self.by).exists()
        if own:
            del fields["author"]
            fields["coauthors"].queryset = coauthor_choices(case).exclude(user=self.by)
            return
        fields["author"].queryset = case.members.order_by("name", "pk")
        fields["author"].initial = (case.members.filter(user_id=case.handler_id).first()
                                    or case.members.order_by("name", "pk").first())
        fields["coauthors"].queryset = coauthor_choices(case)

    def clean_date(self):
        """A proposal or report is filed after the request it answers, and not in the future
        (规范 第十三条（四）)."""
        day = self.cleaned_data["date"]
        validate_done_on(day)
        if day < self.case.raised_on:
            raise forms.ValidationError(
                _("提交日期不能早于群众反映的日期（%(day)s）。"),
                params={"day": f"{self.case.raised_on:%Y年%-m月%-d日}"},
            )
        return day

    def route_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class LedgerFilterForm(forms.Form):
    start = forms.DateField(label=_("起始日期"), required=False, widget=DateInput())
    end = forms.DateField(label=_("截止日期"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("起始日期不能晚于截止日期。"))
        return data


class ConsultationTopicForm(OnceForm):
    """举措 四（三）: a cluster's problem put forward as a consultation topic."""

    title = forms.CharField(label=_("议题名称"), max_length=100)
    reason = forms.CharField(
        label=_("建议理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("群众反映的主要问题、涉及范围、建议协商的方向。"),
    )


# --- the callback after a closing (cases.callbacks) -------------------------------------


class CallbackAnswerForm(forms.Form):
    """The resident's two questions, asked separately, and an optional comment."""

    solved = forms.ChoiceField(
        label=_("问题是否解决？"), choices=Solved.choices, widget=forms.RadioSelect,
        error_messages={"required": _("请选择问题是否解决。")},
    )
    satisfaction = forms.ChoiceField(
        label=_("您对办理结果是否满意？"), choices=Satisfaction.choices, widget=forms.RadioSelect,
        error_messages={"required": _("请选择满意程度。")},
    )
    comment = forms.CharField(
        label=_("意见或建议（选填）"), required=False,
        max_length=_limit(Callback, "comment"), widget=forms.Textarea(attrs={"rows": 3}),
    )


class CallbackForm(CallbackAnswerForm):
    """Staff record a callback they made by phone or in person: how, and when."""

    channel = forms.ChoiceField(
        label=_("回访方式"), widget=forms.RadioSelect,
        choices=[(c, CallbackChannel(c).label)
                 for c in (CallbackChannel.PHONE, CallbackChannel.IN_PERSON)],
    )
    called_at = forms.DateTimeField(
        label=_("回访时间"), widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    field_order = ["channel", "called_at", "solved", "satisfaction", "comment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solved"].label = _("群众答复：问题是否解决")
        self.fields["satisfaction"].label = _("群众答复：满意程度")
        self.fields["comment"].label = _("群众意见（选填）")
        self.initial.setdefault("called_at", timezone.localtime().replace(second=0, microsecond=0))
