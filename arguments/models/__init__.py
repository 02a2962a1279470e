from .argument import Argument, Premise, Stance
from .claim import Citation, Claim
from .common import Status
from .debate import Debate
from .membership import ROLE_RANK, Membership, Role
from .moderation import ClaimRevision, Decision, LoginFailure, Notification, Proposal
from .vote import IMPACT_LEVELS, MAX_IMPACT, Vote

__all__ = [
    "IMPACT_LEVELS",
    "MAX_IMPACT",
    "ROLE_RANK",
    "Argument",
    "Citation",
    "Claim",
    "ClaimRevision",
    "Debate",
    "Decision",
    "LoginFailure",
    "Membership",
    "Notification",
    "Premise",
    "Proposal",
    "Role",
    "Stance",
    "Status",
    "Vote",
]
