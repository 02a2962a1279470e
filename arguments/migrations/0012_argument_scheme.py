"""Arguments keep the scheme an imported map names (issue 19)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('arguments', '0011_claim_text_stored_length'),
    ]

    operations = [
        migrations.AddField(
            model_name='argument',
            name='scheme',
            field=models.CharField(blank=True, db_default='', default='', max_length=200),
        ),
    ]
