from .argument import Argument, Premise, Stance
from .claim import Citation, Claim
from .common import Status
from .debate import Debate

__all__ = ["Argument", "Citation", "Claim", "Debate", "Premise", "Stance", "Status"]
