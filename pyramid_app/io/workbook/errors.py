"""The one error the action-plan workbook raises: a file that cannot be written or read."""


class ActionPlanError(Exception):
    """The action plan could not be written or read; ``str(error)`` is one paragraph for the
    user, saying what is wrong, where, and what to do."""
