from django import forms

from arguments.classes import rules


class TargetsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in rules.TARGETS:
            self.fields[key] = forms.IntegerField(
                label=label.capitalize(),
                required=False,
                min_value=0,
                max_value=rules.MAX_TARGET,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 3}),
            )


def targets_form(assignment, data=None):
    return TargetsForm(data, initial=assignment.targets, prefix="targets")
