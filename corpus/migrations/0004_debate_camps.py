"""Camps become rows of a debate, and speakers (actors) belong to one debate.

Schema first (new columns nullable), then the data: an actor goes to the seed debate
(`us-china-human-rights`) in its old camp, made a row there (the seed always gets the four
camps it had; "Other" only when an actor there uses it), when the seed's claims name it or
no claim does (the corpus's actors). An actor that claims of another debate name (imports)
gets a copy in each such debate, in a camp of that debate of the same name, and those
claims are pointed at the copy; one that only other debates name moves to the first of
them, so an import's made-up speakers never join the seed. Without a seed debate, an actor
no claim names is dropped (the seed loader makes the corpus's again). 0004 then makes the
new columns required and the slug unique per debate.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SEED = "us-china-human-rights"
# The camps as they were: key -> (name, palette style), in their old order.
OLD_CAMPS = {
    "rights_groups": ("Rights groups", "green"),
    "us_government": ("US government", "blue"),
    "prc_government": ("PRC government", "red"),
    "analysts_press": ("Analysts and press", "ochre"),
    "other": ("Other", "slate"),
}
ORDER = list(OLD_CAMPS)
COPIED = ("slug", "name", "kind", "url", "description")


def to_debates(apps, schema_editor):
    Actor = apps.get_model("corpus", "Actor")
    Camp = apps.get_model("corpus", "Camp")
    Claim = apps.get_model("arguments", "Claim")
    Debate = apps.get_model("arguments", "Debate")
    seed = Debate.objects.filter(slug=SEED).values_list("pk", flat=True).first()
    camps = {}

    def camp_in(debate_id, key):
        if (debate_id, key) not in camps:
            name, style = OLD_CAMPS.get(key, (key.replace("_", " ").capitalize(), "slate"))
            camps[(debate_id, key)], _ = Camp.objects.get_or_create(
                debate_id=debate_id,
                key=key,
                defaults={"name": name, "style": style, "order": ORDER.index(key)},
            )
        return camps[(debate_id, key)]

    if seed is not None:
        for key in ORDER[:4]:
            camp_in(seed, key)
    used = {}
    for actor_id, debate_id in (
        Claim.objects.filter(speaker__isnull=False)
        .values_list("speaker_id", "debate_id")
        .distinct()
        .order_by("speaker_id", "debate_id")
    ):
        used.setdefault(actor_id, []).append(debate_id)
    for actor in Actor.objects.order_by("pk"):
        debates = used.get(actor.pk, [])
        home = seed if seed in debates or not debates else debates[0]
        if home is None:
            actor.delete()
            continue
        actor.debate_id, actor.camp = home, camp_in(home, actor.camp_key)
        actor.save(update_fields=["debate", "camp"])
        for debate_id in debates:
            if debate_id == home:
                continue
            copy = Actor.objects.create(
                debate_id=debate_id,
                camp=camp_in(debate_id, actor.camp_key),
                status="approved",
                camp_key=actor.camp_key,
                **{name: getattr(actor, name) for name in COPIED},
            )
            Claim.objects.filter(speaker_id=actor.pk, debate_id=debate_id).update(speaker=copy)
    _check_now(schema_editor)


def _check_now(schema_editor):
    """On PostgreSQL, check the deferred foreign keys of the rows just written now: the
    indexes this migration defers to its end cannot be made while those checks wait."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def to_site(apps, schema_editor):
    """Back to one actor per slug: copies are folded into the oldest, claims repointed."""
    Actor = apps.get_model("corpus", "Actor")
    Claim = apps.get_model("arguments", "Claim")
    kept = {}
    for actor in Actor.objects.select_related("camp").order_by("pk"):
        if actor.slug in kept:
            Claim.objects.filter(speaker_id=actor.pk).update(speaker_id=kept[actor.slug])
            actor.delete()
            continue
        kept[actor.slug] = actor.pk
        key = actor.camp.key if actor.camp_id else "other"
        actor.camp_key = key if key in OLD_CAMPS else "other"
        actor.save(update_fields=["camp_key"])
    _check_now(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("corpus", "0003_debate_sources"),
        ("arguments", "0017_assignment_targets"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="actor", old_name="camp", new_name="camp_key"),
        migrations.AlterField(
            model_name="actor", name="slug", field=models.SlugField(max_length=80)
        ),
        migrations.CreateModel(
            name="Camp",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.SlugField(max_length=40)),
                ("name", models.CharField(max_length=60)),
                ("order", models.PositiveSmallIntegerField(default=0)),
                (
                    "style",
                    models.CharField(
                        choices=[
                            ("green", "Green, solid border"),
                            ("blue", "Blue, dashed border"),
                            ("red", "Red, dotted border"),
                            ("ochre", "Ochre, double border"),
                            ("purple", "Purple, striped"),
                            ("teal", "Teal, thick left bar"),
                            ("brown", "Brown, square corners"),
                            ("slate", "Slate, underlined"),
                        ],
                        default="green",
                        max_length=20,
                    ),
                ),
                (
                    "debate",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="camps",
                        to="arguments.debate",
                    ),
                ),
            ],
            options={
                "ordering": ["debate", "order", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("debate", "key"), name="camp_unique_key"),
                    models.UniqueConstraint(fields=("debate", "name"), name="camp_unique_name"),
                ],
            },
        ),
        migrations.AddField(
            model_name="actor",
            name="debate",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="speakers",
                to="arguments.debate",
            ),
        ),
        migrations.AddField(
            model_name="actor",
            name="camp",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="speakers",
                to="corpus.camp",
            ),
        ),
        migrations.AddField(
            model_name="actor",
            name="status",
            field=models.CharField(
                choices=[("approved", "Approved"), ("pending", "Pending"), ("rejected", "Rejected")],
                default="approved",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="actor",
            name="proposed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="proposed_speakers",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(to_debates, to_site),
    ]
