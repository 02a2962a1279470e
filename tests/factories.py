import factory
from django.db.models import Model
from django.test import Client

from arguments.models import Argument, Claim, Debate, Premise, Stance, Status
from arguments.services.structure import add_argument
from corpus.models import Actor, Camp, DebateSource, Source


class CampFactory(factory.django.DjangoModelFactory):
    """A camp of a debate (a new one unless `debate` is given)."""

    class Meta:
        model = Camp

    debate = factory.SubFactory("tests.factories.DebateFactory")
    key = factory.Sequence(lambda n: f"camp-{n}")
    name = factory.Sequence(lambda n: f"Camp {n}")
    order = factory.Sequence(lambda n: n)
    style = "green"


class ActorFactory(factory.django.DjangoModelFactory):
    """A speaker of a debate, in a camp of that debate: pass `debate` (and `camp`, one of
    its camps; else a new camp of the debate is made)."""

    class Meta:
        model = Actor

    debate = factory.SubFactory("tests.factories.DebateFactory")
    camp = factory.SubFactory(CampFactory, debate=factory.SelfAttribute("..debate"))
    slug = factory.Sequence(lambda n: f"actor-{n}")
    name = factory.Sequence(lambda n: f"Actor {n}")
    kind = Actor.Kind.ORGANISATION


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Source {n}")
    published = "2013-04-10"
    genre = Source.Genre.JOINT_LETTER
    text = "First paragraph of the letter.\n\nSecond paragraph: pressure works.\n"

    @factory.post_generation
    def debates(self, create, extracted, **kwargs):
        """`SourceFactory(debates=[debate, …])`: the debates that use it, approved. A source
        belongs to no debate otherwise, and then nobody but staff may read it."""
        for debate in extracted or ():
            DebateSource.objects.create(debate=debate, source=self)


class DebateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Debate

    slug = factory.Sequence(lambda n: f"debate-{n}")
    title = factory.Sequence(lambda n: f"Debate {n}")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    debate = factory.SubFactory(DebateFactory)
    text = factory.Sequence(lambda n: f"Claim number {n}.")
    status = Status.APPROVED


def debate_with_thesis(**kwargs):
    debate = DebateFactory(**kwargs)
    debate.thesis = ClaimFactory(debate=debate, text="The thesis of the debate.")
    debate.save()
    return debate


def pro(premise, target, **kwargs):
    return argue([premise], Stance.SUPPORT, target, **kwargs)


def con(premise, target, **kwargs):
    return argue([premise], Stance.ATTACK, target, **kwargs)


def argue(premises, stance, target, status=Status.APPROVED):
    """An argument through the service, so every graph rule applies."""
    target_claim = target if isinstance(target, Claim) else None
    return add_argument(
        debate=premises[0].debate,
        premises=premises,
        stance=stance,
        target_claim=target_claim,
        target_argument=None if target_claim else target,
        status=status,
    )


def mutual_attack(left, right):
    """Two claims attacking each other, written past the service as an importer of a cyclic
    AIF map may write them (people cannot make cycles; imported maps can hold them)."""
    for premise, target in ((left, right), (right, left)):
        argument = Argument.objects.create(
            debate=premise.debate,
            stance=Stance.ATTACK,
            target_claim=target,
            status=Status.APPROVED,
            signature=f"imported {premise.pk}>{target.pk}",
        )
        Premise.objects.create(argument=argument, claim=premise)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a-good-password-123")


def member(debate, role, **kwargs):
    """A user with `role` on `debate`."""
    from arguments.models import Membership

    user = UserFactory(**kwargs)
    Membership.objects.create(debate=debate, user=user, role=role)
    return user


def debate_with_proposals(*, reason_text, pending_text, rejected_text):
    """A public debate ("open") with one approved pro, a pending and a rejected con of it by
    "author", and a "moderator" and a "stranger"; the approved claim and both proposals cite
    passages of one source ("letter")."""
    from arguments.models import Citation, Role
    from arguments.permissions import Access
    from arguments.services import moderate, propose
    from corpus.models import Excerpt

    def passage(source, quote):
        found = Excerpt.locate(source, quote)
        found.save()
        return found

    debate = debate_with_thesis(slug="open", title="Open debate")
    reason = ClaimFactory(debate=debate, text=reason_text)
    pro(reason, debate.thesis)
    source = SourceFactory(
        slug="letter", text="Quiet words. Loud words.\n\nPressure works.", debates=[debate]
    )
    Citation.objects.create(claim=reason, excerpt=passage(source, "Pressure works."))
    users = {
        "stranger": UserFactory(username="stranger"),
        "author": UserFactory(username="author"),
        "moderator": member(debate, Role.MODERATOR, username="moderator"),
    }
    access = Access(users["author"], debate)
    proposals = {
        text: propose.propose_claim(
            access=access,
            target=reason,
            stance=Stance.ATTACK,
            text=text,
            excerpts=[passage(source, quote)],
        )
        for text, quote in ((pending_text, "Quiet words."), (rejected_text, "Loud words."))
    }
    moderate.reject(
        access=Access(users["moderator"], debate, Role.MODERATOR),
        proposal=proposals[rejected_text],
        reason="Not one proposition.",
    )
    return World(
        debate=debate,
        reason=reason,
        pending=proposals[pending_text].claim,
        pending_proposal=proposals[pending_text],
        rejected=proposals[rejected_text].claim,
        # stranger: signed in, no role in the debate: sees approved claims only
        # author: wrote the pending and the rejected claim: sees both, as theirs
        # moderator: moderates the debate: sees its pending claim, not the rejected one's
        **users,
    )


class World:
    """Debates and people by name (`world.student`, `world.debate`), each person's role said
    where the world is built. `person(role)` reads a role held in a variable ("anonymous"
    is nobody). Built once per module where the tests only read it: `fresh()` gives each
    test its own copies of the rows, read again, so a test that changes one in memory
    does not change it for the next (the database side is rolled back for every test)."""

    def __init__(self, **things):
        self.__dict__.update(things)

    def add(self, **things):
        self.__dict__.update(things)

    def person(self, role):
        return None if role == "anonymous" else getattr(self, role)

    def fresh(self):
        return World(**{name: _read_again(value) for name, value in vars(self).items()})


def _read_again(value):
    if isinstance(value, Model) and value.pk is not None:
        return type(value)._default_manager.get(pk=value.pk)
    return value


def signed_in_client(user):
    """A test client signed in as `user` (None: nobody)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
