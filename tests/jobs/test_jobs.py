"""Background jobs: big imports and exports run as tasks, their page follows them, a failed
one says why and leaves nothing, and `db_worker` itself runs them."""

import signal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from arguments.jobs import services, storage
from arguments.jobs.models import Job
from arguments.models import Argument, Claim, Debate, Membership, Role
from arguments.services import importing
from tests.factories import UserFactory, debate_with_thesis, member, signed_in_client

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def kialo(claims, title="A big map"):
    """A Kialo text export of a thesis and `claims` reasons under it, alternately pro and con."""
    lines = [f"Discussion Title: {title}", "", "1. The thesis of the big map."]
    for i in range(1, claims + 1):
        lines.append(f"1.{i}. {'Pro' if i % 2 else 'Con'}: Reason number {i} of the map.")
    return ("\n".join(lines) + "\n").encode()


def upload(data, name="big.kialo.txt"):
    return SimpleUploadedFile(name, data, content_type="text/plain")


def post_new(client, data, **fields):
    form = {"title": "", "thesis": "", "visibility": "public", "format": "", "root": ""}
    return client.post(reverse("arguments:new_debate"), {**form, **fields, "file": upload(data)})


@pytest.fixture
def small_thresholds(settings):
    settings.BACKGROUND_IMPORT_BYTES = 400
    settings.BACKGROUND_CLAIMS = 5


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


def run_worker():
    """One real `db_worker` run: every waiting task, then it exits (--batch)."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


# The immediate path (every test but the worker's): the upload's answer is the debate.


def test_an_upload_over_the_size_threshold_is_imported_by_a_job(client, small_thresholds):
    user = UserFactory()
    client.force_login(user)

    response = post_new(client, kialo(30))

    job = Job.objects.get()
    debate = Debate.objects.get(title="A big map")
    assert (job.kind, job.state, job.owner, job.debate) == ("import", "done", user, debate)
    assert response.status_code == 302 and response["Location"] == debate.get_absolute_url()
    assert Claim.objects.filter(debate=debate).count() == 31
    assert debate.owner == user
    assert Membership.objects.get(debate=debate, user=user).role == Role.OWNER
    page = client.get(response["Location"])
    assert "Imported into “A big map”" in page.text
    assert not (storage.folder(job) / storage.UPLOAD).exists()  # the upload is not kept


def test_a_small_upload_is_still_imported_in_the_request(client):
    client.force_login(UserFactory())

    response = post_new(client, kialo(3))

    assert response.status_code == 302
    assert not Job.objects.exists() and Debate.objects.filter(title="A big map").exists()


def test_an_upload_with_many_claims_but_few_bytes_goes_to_a_job(client, settings):
    settings.BACKGROUND_CLAIMS = 5
    client.force_login(UserFactory())

    post_new(client, kialo(8))

    assert Job.objects.get().state == "done"


def test_importing_into_a_debate_in_the_background(client, small_thresholds):
    debate = debate_with_thesis(title="Target")
    owner = member(debate, Role.OWNER)
    debate.owner = owner
    debate.save(update_fields=["owner"])
    client.force_login(owner)

    response = client.post(
        reverse("arguments:import", args=[debate.slug]), {"file": upload(kialo(20)), "format": ""}
    )

    assert response["Location"] == debate.get_absolute_url()
    assert Job.objects.get().debate == debate
    assert Claim.objects.filter(debate=debate).count() >= 21


# A failure says why and leaves nothing.


def test_a_bad_big_file_fails_with_its_reason_and_writes_nothing(client, small_thresholds):
    client.force_login(UserFactory())
    bad = kialo(30) + b"\x00 a NUL byte\n"

    response = post_new(client, bad)

    job = Job.objects.get()
    assert job.state == "failed" and job.finished is not None
    assert response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200
    assert job.message and job.message in page.text
    assert "Try another file" in page.text
    assert not Debate.objects.filter(title="A big map").exists()
    assert not Claim.objects.exists()


def test_a_job_failing_after_batches_were_written_leaves_nothing(
    client, small_thresholds, monkeypatch
):
    monkeypatch.setattr(importing, "BATCH", 3)
    real_insert = importing.insert_rows
    calls = []

    def failing_insert(model, rows):
        calls.append(model)
        if len(calls) == 6:
            raise RuntimeError("the disk is full")
        return real_insert(model, rows)

    monkeypatch.setattr(importing, "insert_rows", failing_insert)
    client.force_login(UserFactory())

    post_new(client, kialo(30))

    job = Job.objects.get()
    assert len(calls) == 6  # five batches had gone out
    assert job.state == "failed"
    assert "an error of ours (RuntimeError); nothing was written" in job.message
    assert "disk" not in job.message  # the server's own words stay in its log
    assert not Debate.objects.filter(title="A big map").exists()
    assert not Claim.objects.exists() and not Argument.objects.exists()


def test_a_wrong_thesis_wording_fails_the_job_with_the_choices(client, small_thresholds):
    client.force_login(UserFactory())

    post_new(client, kialo(30), root="No such claim")

    job = Job.objects.get()
    assert job.state == "failed"
    assert "No top-level claim of the file is worded so" in job.message
    assert "The thesis of the big map." in job.message


# The worker itself: committed rows, as the worker checks its connection between tasks
# (Django's close_old_connections closes one left inside a test's transaction).


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_waiting_import(client, small_thresholds, database_tasks):
    user = UserFactory()
    client.force_login(user)

    response = post_new(client, kialo(30))

    job = Job.objects.get()
    assert job.state == "queued" and response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url())
    assert "Waiting for the worker" in page.text and 'hx-trigger="every 1s"' in page.text
    assert not Debate.objects.filter(title="A big map").exists()

    run_worker()

    job.refresh_from_db()
    debate = Debate.objects.get(title="A big map")
    assert (job.state, job.debate) == ("done", debate)
    assert Claim.objects.filter(debate=debate).count() == 31
    poll = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert poll["HX-Redirect"] == debate.get_absolute_url()
    assert "Imported into" in client.get(debate.get_absolute_url()).text
    # Shown once: the job's page now sends its owner straight to the debate.
    again = client.get(job.get_absolute_url())
    assert again["Location"] == debate.get_absolute_url()


@pytest.mark.django_db(transaction=True)
def test_the_worker_marks_a_failing_job_failed_and_writes_nothing(
    client, small_thresholds, database_tasks
):
    from django_tasks_db.models import DBTaskResult

    client.force_login(UserFactory())
    post_new(client, kialo(30) + b"\x00\n")

    run_worker()

    job = Job.objects.get()
    assert job.state == "failed" and "a null character" in job.message
    assert job.message.startswith("big.kialo.txt: line 34:")
    assert DBTaskResult.objects.get().status == "FAILED"
    assert not Claim.objects.exists()
    assert job.message in client.get(job.get_absolute_url()).text


def test_the_page_shows_the_progress_the_worker_wrote(client, database_tasks, small_thresholds):
    user = UserFactory()
    client.force_login(user)
    post_new(client, kialo(30))
    job = Job.objects.get()
    services.claim(job.pk)
    storage.Progress(job)(12, 48)

    poll = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")

    assert "<html" not in poll.text and 'id="job-status"' in poll.text
    assert "12 of 48 claims and links written (25%)" in poll.text and 'value="25"' in poll.text


# Exports of big debates.


def test_a_big_debate_is_exported_by_a_job_to_a_file_its_owner_downloads(client, settings):
    settings.BACKGROUND_CLAIMS = 1
    debate = debate_with_thesis(title="Exported")
    debate.claim_count = 2
    debate.save(update_fields=["claim_count"])
    user = UserFactory()
    client.force_login(user)
    url = reverse("arguments:export", args=[debate.slug, "argdown"])

    offer = client.get(url)
    assert offer.status_code == 200 and "Prepare the file" in offer.text
    response = client.post(reverse("arguments:export_job", args=[debate.slug, "argdown"]))

    job = Job.objects.get()
    assert job.state == "done" and response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url())
    download = reverse("arguments:job_download", args=[job.uuid])
    assert download in page.text
    got = client.get(download)
    body = b"".join(got.streaming_content).decode()
    assert got["Content-Disposition"] == f'attachment; filename="{debate.slug}.argdown"'
    assert debate.thesis.text in body
    # Nobody else downloads it, nor sees the job.
    stranger = signed_in_client(UserFactory())
    assert stranger.get(download).status_code == 404
    assert stranger.get(job.get_absolute_url()).status_code == 404


def test_an_export_file_is_removed_after_the_keeping_time(client, settings):
    settings.BACKGROUND_CLAIMS = 0
    settings.JOB_KEEP_HOURS = 1
    debate = debate_with_thesis(title="Kept a while")
    debate.claim_count = 1
    debate.save(update_fields=["claim_count"])
    client.force_login(UserFactory())
    client.post(reverse("arguments:export_job", args=[debate.slug, "argdown"]))
    job = Job.objects.get()
    assert storage.result_path(job).exists()

    Job.objects.filter(pk=job.pk).update(finished=job.finished.replace(year=2000))
    services.prune()

    assert not storage.result_path(job).exists()
    assert client.get(reverse("arguments:job_download", args=[job.uuid])).status_code == 404
    assert "The file has been removed" in client.get(job.get_absolute_url()).text


def test_one_person_may_have_only_a_few_jobs_waiting(client, settings, database_tasks):
    settings.BACKGROUND_IMPORT_BYTES = 400
    settings.JOBS_PER_USER = 2
    client.force_login(UserFactory())
    for _ in range(2):
        post_new(client, kialo(30))

    refused = post_new(client, kialo(30), title="Kept title")

    assert Job.objects.count() == 2
    assert refused.status_code == 200
    assert "the most one person may have at once" in refused.text
    assert 'value="Kept title"' in refused.text


def test_a_job_left_running_for_long_stops_counting_against_the_cap(client, settings):
    settings.BACKGROUND_IMPORT_BYTES = 400
    settings.JOBS_PER_USER = 1
    settings.TASKS = DATABASE_TASKS
    client.force_login(UserFactory())
    post_new(client, kialo(30))
    stuck = Job.objects.get()
    Job.objects.filter(pk=stuck.pk).update(state="running")
    assert "the most one person may have at once" in post_new(client, kialo(30)).text

    Job.objects.filter(pk=stuck.pk).update(created=stuck.created.replace(year=2000))
    post_new(client, kialo(30))

    assert Job.objects.count() == 2


def test_the_summary_shows_every_loss_and_the_first_notes_once(client):
    user = UserFactory()
    debate = debate_with_thesis(title="Noted")
    report = [("success", "Imported into “Noted”."), ("warning", "2 tags left out.")]
    report += [("note", f"Note {n}.") for n in range(10)]
    job = Job.objects.create(
        owner=user, kind="import", state="done", debate=debate, label="Import", report=report
    )
    client.force_login(user)

    page = client.get(client.get(job.get_absolute_url())["Location"]).text

    assert "Imported into “Noted”." in page and "2 tags left out." in page
    assert "Note 6." in page and "Note 7." not in page
    assert "…and 3 more notes." in page
    assert "Note 0." not in client.get(client.get(job.get_absolute_url())["Location"]).text
