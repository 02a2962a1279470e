"""Every model of the app, importable from one place.

The debate graph's models live here; the class and account models live in their feature
folders (`arguments/classes/models.py`, `arguments/accounts/models.py`) and are re-exported
so that Django, migrations and `from arguments.models import …` find them all.
"""

from arguments.accounts.models import Account, LoginFailure
from arguments.classes.editing.models import Extension
from arguments.classes.manage.models import RemovedStudent
from arguments.classes.models import (
    Assignment,
    ClassMember,
    Classroom,
    Feedback,
    Grade,
    JoinFailure,
    Side,
    StudentSide,
)
from arguments.classes.teaching.models import TeachingRequest
from arguments.jobs.models import Job
from arguments.models.argument import Argument, Premise, Stance
from arguments.models.claim import Citation, Claim
from arguments.models.common import Status
from arguments.models.debate import Debate
from arguments.models.membership import ROLE_RANK, Membership, Role
from arguments.models.moderation import ClaimRevision, Decision, Notification, Proposal
from arguments.models.vote import IMPACT_LEVELS, MAX_IMPACT, Vote

__all__ = [
    "IMPACT_LEVELS",
    "MAX_IMPACT",
    "ROLE_RANK",
    "Account",
    "Argument",
    "Assignment",
    "Citation",
    "ClassMember",
    "Classroom",
    "Job",
    "JoinFailure",
    "Claim",
    "ClaimRevision",
    "Debate",
    "Decision",
    "Extension",
    "Feedback",
    "Grade",
    "LoginFailure",
    "Membership",
    "Notification",
    "Premise",
    "Proposal",
    "RemovedStudent",
    "Role",
    "Side",
    "Stance",
    "Status",
    "TeachingRequest",
    "StudentSide",
    "Vote",
]
