"""Claims keep imported texts whole: the stored limit goes from 500 to 5,000 characters
(people are still held to 500 by the forms)."""

from django.db import migrations, models

from arguments.search.index import create_claim_trigger, drop_claim_trigger


class Migration(migrations.Migration):
    dependencies = [
        ("arguments", "0010_join_failure"),
    ]

    operations = [
        migrations.RunPython(drop_claim_trigger, create_claim_trigger),
        migrations.AlterField(
            model_name="claim",
            name="text",
            field=models.CharField(max_length=5000),
        ),
        migrations.AlterField(
            model_name="claimrevision",
            name="text",
            field=models.CharField(max_length=5000),
        ),
        migrations.RunPython(create_claim_trigger, drop_claim_trigger),
    ]
