"""/classes/… and /assignments/…: everything a teacher and a class do (names in the
"arguments" namespace)."""

from django.urls import include, path

from arguments.classes import views
from arguments.classes.editing import views as editing
from arguments.classes.grading import views as grading
from arguments.classes.manage import views as manage
from arguments.classes.targets import views as progress
from arguments.classes.teaching import views as teaching

# /classes/<pk>/
class_urls = [
    path("", views.classroom, name="classroom"),
    path("settings/", manage.classroom_settings, name="classroom_settings"),
    path("teachers/", views.add_teacher, name="add_teacher"),
    path("students/<int:user_id>/remove/", manage.remove_student, name="remove_student"),
    path("confirm/<str:action>/", manage.confirm_change, name="confirm_class_change"),
    path(
        "students/<int:user_id>/remove/confirm/",
        manage.confirm_remove,
        name="confirm_remove_student",
    ),
    path("students/<int:user_id>/add-back/", manage.add_back, name="add_back_student"),
    path("students/new/", views.bulk_students, name="bulk_students"),
    path("debates/new/", views.new_class_debate, name="new_class_debate"),
    path("assignments/new/", views.new_assignment, name="new_assignment"),
]

# /assignments/<pk>/
assignment_urls = [
    path("", views.assignment, name="assignment"),
    path("edit/", editing.edit_assignment, name="assignment_edit"),
    path("extensions/", editing.extension, name="assignment_extension"),
    path("extensions/<int:user_id>/remove/", editing.remove_extension, name="remove_extension"),
    path("sides/", views.assignment_sides, name="assignment_sides"),
    path("groups/", views.assignment_groups, name="assignment_groups"),
    path("groups/place/", views.assignment_place, name="assignment_place"),
    path("report/", views.report, name="report"),
    path("report.csv", views.report_csv, name="report_csv"),
    path("feedback/<int:claim_id>/", views.feedback, name="feedback"),
    path("targets/", progress.assignment_targets, name="assignment_targets"),
    path("progress/", progress.assignment_progress, name="assignment_progress"),
    path("grading/", grading.grading, name="grading"),
    path("grades/", grading.grades, name="grades"),
    path("grades/release/", grading.release, name="release_grades"),
    path("grades/<int:user_id>/", grading.grade, name="grade"),
]

urlpatterns = [
    path("classes/", views.classes, name="classes"),
    path("classes/join/", views.join, name="join"),
    path("classes/teaching/ask/", teaching.ask, name="ask_to_teach"),
    path("classes/teaching/requests/", teaching.requests, name="teaching_requests"),
    path("classes/teaching/requests/<int:pk>/", teaching.decide, name="decide_teaching"),
    path("classes/join/<str:code>/", views.join, name="join_link"),
    path("classes/<int:pk>/", include(class_urls)),
    path("assignments/<int:pk>/", include(assignment_urls)),
]
