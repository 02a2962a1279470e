from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models

from arguments.models.claim import split_tags
from arguments.models.common import Status

MAX_PREMISES = 12

# Claims that the starting claims bear on, directly or through others, following premise ->
# target edges (an undercutter bears on the claim its undercut argument targets). UNION,
# not UNION ALL, so the walk ends on cycles in imported maps. `{edges}` is a fixed
# condition on the argument's status, never user input.
_REACHABLE_SQL = """
WITH RECURSIVE reach(claim_id) AS (
    SELECT id FROM arguments_claim WHERE id IN ({starts})
    UNION
    SELECT COALESCE(a.target_claim_id, undercut.target_claim_id)
    FROM reach
    JOIN arguments_premise p ON p.claim_id = reach.claim_id
    JOIN arguments_argument a ON a.id = p.argument_id
    LEFT JOIN arguments_argument undercut ON undercut.id = a.target_argument_id
    WHERE {edges}
      AND COALESCE(a.target_claim_id, undercut.target_claim_id) IS NOT NULL
)
SELECT claim_id FROM reach
"""


class Stance(models.TextChoices):
    SUPPORT = "support", "Pro"
    ATTACK = "attack", "Con"


class Argument(models.Model):
    """A reason bearing on a target: premises (ordered, usually one), a stance and a target.

    The target is a claim, or another argument (an undercutter: "this reason does not
    bear on that conclusion"); exactly one of the two is set.
    """

    # The foreign keys below lead the composite indexes and constraints in Meta, which serve
    # their lookups: no column index of their own (each would slow every insert).
    debate = models.ForeignKey(
        "arguments.Debate", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    stance = models.CharField(max_length=10, choices=Stance)
    premises = models.ManyToManyField(
        "arguments.Claim", through="arguments.Premise", related_name="premise_of"
    )
    target_claim = models.ForeignKey(
        "arguments.Claim",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="arguments",
        db_index=False,
    )
    target_argument = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="undercutters",
        db_index=False,
    )
    # Sorted premise ids, stance and target: the database refuses a second identical argument.
    signature = models.CharField(max_length=255, editable=False)
    # The argumentation scheme an imported map names (AIF's "Argument From Expert Opinion",
    # Argdown's inference rule); exported back as it came. Empty for arguments made here.
    scheme = models.CharField(max_length=200, blank=True, default="", db_default="")
    # An imported argument's own labels (Argdown's `<Title>: description #tag`): shown in
    # the focus view and exported back; tags one a line, as on claims.
    title = models.CharField(max_length=200, blank=True, default="", db_default="")
    description = models.TextField(blank=True, default="", db_default="")
    tags = models.TextField(blank=True, default="", db_default="")
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="arguments",
    )
    created = models.DateTimeField(auto_now_add=True)
    # The crowd's impact votes, kept in step by services.vote: their number and mean (0–4).
    vote_count = models.PositiveIntegerField(db_default=0, editable=False)
    impact = models.FloatField(null=True, blank=True, editable=False)
    # Cached evaluation (services.evaluate): the link's grounded label, its weight after
    # votes and undercutters, and what it contributes to its target's strength.
    label = models.CharField(max_length=10, blank=True, db_default="", editable=False)
    weight = models.FloatField(null=True, blank=True, editable=False)
    contribution = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(target_claim__isnull=False, target_argument__isnull=True)
                    | models.Q(target_claim__isnull=True, target_argument__isnull=False)
                ),
                name="argument_exactly_one_target",
            ),
            models.UniqueConstraint(fields=["debate", "signature"], name="argument_unique"),
        ]
        indexes = [
            models.Index(fields=["target_claim", "status"]),
            models.Index(fields=["target_argument", "status"]),
        ]

    def __str__(self):
        return f"{self.get_stance_display()} argument #{self.pk}"

    @property
    def tag_list(self):
        return split_tags(self.tags)

    @property
    def is_undercutter(self):
        return self.target_argument_id is not None

    @staticmethod
    def make_signature(*, premise_ids, stance, target_claim_id=None, target_argument_id=None):
        ids = ",".join(str(pk) for pk in sorted(set(premise_ids)))
        target = f"c{target_claim_id}" if target_claim_id else f"a{target_argument_id}"
        return f"{stance}:{ids}>{target}"

    @classmethod
    def validate_new(cls, *, debate, premises, stance, target_claim=None, target_argument=None):
        """Raise ValidationError unless this argument may join the debate's graph.

        Guarantees, when it returns: one target; one to MAX_PREMISES distinct premises;
        premises and target all in `debate`; no claim bears on itself; no identical
        argument exists; and the new edges close no cycle.
        """
        if (target_claim is None) == (target_argument is None):
            raise ValidationError("An argument targets exactly one claim or one argument.")
        if stance not in Stance.values:
            raise ValidationError(f"Unknown stance {stance!r}.")
        premise_ids = [claim.pk for claim in premises]
        if not premise_ids:
            raise ValidationError("An argument needs at least one premise.")
        if len(set(premise_ids)) != len(premise_ids):
            raise ValidationError("A claim is listed twice among the premises.")
        if len(premise_ids) > MAX_PREMISES:
            raise ValidationError(f"An argument has at most {MAX_PREMISES} premises.")
        target = target_claim or target_argument
        if any(claim.debate_id != debate.pk for claim in premises) or (
            target.debate_id != debate.pk
        ):
            raise ValidationError("Premises and target must belong to the same debate.")

        if target_argument is not None:
            concluded = target_argument.target_claim_id
            bearing_on = {concluded, *target_argument.premises.values_list("id", flat=True)}
        else:
            concluded = target_claim.pk
            bearing_on = {concluded}
        if bearing_on & set(premise_ids):
            raise ValidationError("A claim cannot bear on itself.")

        signature = cls.make_signature(
            premise_ids=premise_ids,
            stance=stance,
            target_claim_id=target_claim and target_claim.pk,
            target_argument_id=target_argument and target_argument.pk,
        )
        if cls.objects.filter(debate=debate, signature=signature).exists():
            raise ValidationError("This argument is already in the map.")
        if concluded is not None and reachable_from(concluded) & set(premise_ids):
            raise ValidationError(
                "This would make a cycle: the target already bears, through other claims, "
                "on one of the premises."
            )
        return signature


def reachable_from(*claim_ids, approved_only=False):
    """Ids of the claims given and of every claim they bear on, transitively (one recursive
    query). Edges are the arguments not rejected (pending ones count, so that two pending
    links can never close a cycle), or with `approved_only` the approved ones."""
    ids = [int(pk) for pk in claim_ids]
    if not ids:
        return set()
    edges = "a.status = 'approved'" if approved_only else "a.status <> 'rejected'"
    statement = _REACHABLE_SQL.format(starts=", ".join(["%s"] * len(ids)), edges=edges)
    with connection.cursor() as cursor:
        cursor.execute(statement, ids)
        return {row[0] for row in cursor.fetchall()}


class Premise(models.Model):
    """A claim's place among an argument's premises (co-premises work only together)."""

    # Indexed by the (argument, claim) constraint below.
    argument = models.ForeignKey(
        Argument, on_delete=models.CASCADE, related_name="premise_links", db_index=False
    )
    claim = models.ForeignKey(
        "arguments.Claim", on_delete=models.CASCADE, related_name="premise_links"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["argument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["argument", "claim"], name="premise_unique"),
        ]

    def __str__(self):
        return f"premise {self.position} of argument #{self.argument_id}"
