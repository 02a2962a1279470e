"""Forms of the assignment editing page, and the warnings a change asks the teacher to
confirm. Date fields are read in the teacher's time zone (the one the middleware activated:
Django's DateTimeField reads a naive value in the current zone)."""

from django import forms
from django.utils import timezone

from arguments.templatetags.dates import when

DATE_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

KEEP, BALANCED, FREE = "keep", "balanced", "free"
SIDES_CHOICES = [
    (KEEP, "Keep each student's side as it is"),
    (BALANCED, "Deal pro and con again, balanced at random"),
    (FREE, "Free for everyone"),
]


def _zone_hint():
    return f"In your time zone, {timezone.get_current_timezone_name()}."


class EditAssignmentForm(forms.Form):
    title = forms.CharField(max_length=200)
    instructions = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)
    opens = forms.DateTimeField(widget=DATE_INPUT)
    due = forms.DateTimeField(widget=DATE_INPUT)
    sides = forms.ChoiceField(
        choices=SIDES_CHOICES,
        widget=forms.RadioSelect,
        initial=KEEP,
        help_text="Claims already written stay as they are; sides govern only what students add.",
    )

    def __init__(self, *args, assignment, split=False, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "title": assignment.title,
                "instructions": assignment.instructions,
                "opens": assignment.opens,
                "due": assignment.due,
                "sides": KEEP,
            },
        )
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        for name in ("opens", "due"):
            self.fields[name].help_text = _zone_hint()
        if split:  # a split assignment's sides are each group's (set on the group's page)
            del self.fields["sides"]

    def clean(self):
        data = super().clean()
        if data.get("opens") and data.get("due") and data["due"] <= data["opens"]:
            self.add_error("due", "The due date must come after the opening.")
        return data

    def warnings(self, *, work, now=None):
        """What saving would do that the teacher should confirm first (a list of sentences;
        empty: nothing to confirm). `work` is how many claims students have written."""
        now = now or timezone.now()
        data, assignment, said = self.cleaned_data, self.assignment, []
        due = data["due"]
        if due != assignment.due and due < now:
            said.append(
                f"The due date you chose, {when(due)}, is already past: once you save, "
                "students without a later extension can no longer write."
            )
        if data["opens"] != assignment.opens and data["opens"] > now >= assignment.opens:
            said.append(
                f"The assignment is open now and would open again only on {when(data['opens'])}:"
                " until then students cannot write."
            )
        if data.get("sides", KEEP) != KEEP and work:
            said.append(
                f"Students have already written {work} claim{'s' if work != 1 else ''} here."
                " Those stay in the map as they are, and in the report; the new sides apply"
                " only to what students add from now on."
            )
        return said


class ExtensionForm(forms.Form):
    """A student's own due date: given, or changed (the same form for a student who has one)."""

    student = forms.TypedChoiceField(coerce=int, label="Student")
    due = forms.DateTimeField(widget=DATE_INPUT, label="Their due date")

    prefix = "extension"  # its fields' ids differ from the assignment form's (`due`)

    def __init__(self, *args, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].choices = [("", "— choose a student —")] + [
            (user.pk, _name(user)) for user in students
        ]
        self.fields["due"].help_text = _zone_hint()


def _name(user):
    full = user.get_full_name()
    return f"{full} ({user.get_username()})" if full else user.get_username()
