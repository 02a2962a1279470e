from django import forms

from arguments.classes.grading import rubrics


class GradingForm(forms.Form):
    """How an assignment is graded: points out of a maximum, or a rubric written as text."""

    mode = forms.ChoiceField(
        choices=[("points", "Points out of a maximum"), ("rubric", "A rubric")],
        widget=forms.RadioSelect,
        label="Grade with",
    )
    max_points = forms.IntegerField(
        required=False, min_value=1, max_value=1000, label="Most points a student can get"
    )
    rubric = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 7, "spellcheck": "true"}),
        label="Criteria and levels",
        help_text=(
            "One criterion per line: its name, a colon, then its levels from the weakest to "
            "the strongest, separated by “|”, each with its points in brackets — "
            "for example “Claims: Unclear (0) | Clear (1) | Clear and single (2)”."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") == "points":
            if not cleaned.get("max_points"):
                self.add_error("max_points", "Give the most points a student can get.")
            cleaned["rubric_text"] = ""
        elif cleaned.get("mode") == "rubric":
            text = cleaned.get("rubric", "")
            if not text.strip():
                self.add_error("rubric", "Write the rubric, or start from one of the two below.")
            else:
                try:
                    rubrics.parse(text)
                except rubrics.RubricError as error:
                    self.add_error("rubric", str(error))
            cleaned["rubric_text"] = text
            cleaned["max_points"] = None
        return cleaned


class GradeForm(forms.Form):
    """One student's grade: a level per criterion of the rubric, or points; a comment."""

    comment = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "true"}),
        label="Comment to the student",
        help_text="The student reads it with the grade, once you release the grades.",
    )

    def __init__(self, *args, criteria=(), max_points=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        fields = {}
        for index, criterion in enumerate(self.criteria):
            fields[f"level_{index}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=[
                    (place, f"{level.label} ({level.points})")
                    for place, level in enumerate(criterion.levels)
                ],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        if not self.criteria and max_points:
            fields["points"] = forms.IntegerField(
                required=False, min_value=0, max_value=max_points, label=f"Points (of {max_points})"
            )
        self.fields = {**fields, **self.fields}

    def levels(self):
        return [self.cleaned_data.get(f"level_{index}") for index in range(len(self.criteria))]
