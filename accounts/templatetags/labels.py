"""`{{ case|label:"state" }}`: a choice's label in a list (accounts/display.py)."""

from django import template

from accounts.display import label

register = template.Library()
register.filter("label", label)
