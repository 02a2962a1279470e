"""After 0003's data: every actor has a debate and a camp, and its slug is unique in its
debate only (a copy in another debate keeps the slug)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("corpus", "0004_debate_camps"),
    ]

    operations = [
        migrations.RemoveField(model_name="actor", name="camp_key"),
        migrations.AlterField(
            model_name="actor",
            name="debate",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="speakers",
                to="arguments.debate",
            ),
        ),
        migrations.AlterField(
            model_name="actor",
            name="camp",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="speakers",
                to="corpus.camp",
            ),
        ),
        migrations.AddConstraint(
            model_name="actor",
            constraint=models.UniqueConstraint(fields=("debate", "slug"), name="actor_unique_slug"),
        ),
    ]
