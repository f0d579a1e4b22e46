"""`{{ case|label:"state" }}`: a choice's label in a list (core/display.py)."""

from django import template

from core.display import label

register = template.Library()
register.filter("label", label)
