"""What the routing tells whoever listens, inside its transaction (so a receiver that fails
undoes the move): apps above cases, which cases never imports, connect in their
AppConfig.ready."""

from django.dispatch import Signal

# A case was closed or refused (`case`, its state already saved; the members and the
# resident have been told the outcome). cases.callbacks asks the resident at a closing;
# exchange sends the outcome back to the 12345 hotline.
case_closed = Signal()
