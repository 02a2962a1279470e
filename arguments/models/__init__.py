from .argument import Argument, Premise, Stance
from .claim import Citation, Claim
from .classroom import (
    Account,
    Assignment,
    ClassMember,
    Classroom,
    Feedback,
    Side,
    StudentSide,
)
from .common import Status
from .debate import Debate
from .membership import ROLE_RANK, Membership, Role
from .moderation import ClaimRevision, Decision, LoginFailure, Notification, Proposal
from .vote import IMPACT_LEVELS, MAX_IMPACT, Vote

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
    "Claim",
    "ClaimRevision",
    "Debate",
    "Decision",
    "Feedback",
    "LoginFailure",
    "Membership",
    "Notification",
    "Premise",
    "Proposal",
    "Role",
    "Side",
    "Stance",
    "Status",
    "StudentSide",
    "Vote",
]
