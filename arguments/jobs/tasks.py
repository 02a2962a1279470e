"""The background tasks (django.tasks): run by `manage.py db_worker`, or at once by the
immediate backend in tests. Each takes a Job's id, marks it running, does the work and
marks it done — or, when anything goes wrong, rolls the work back whole and marks the job
failed with a message its owner can act on."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.tasks import task

from arguments.classes.services import copy_debate, split_into_groups
from arguments.interchange.formats import BY_SUFFIX, read
from arguments.interchange.graph import FormatError, too_many_claims
from arguments.jobs import services, storage
from arguments.models import Assignment, Claim, ClassMember, Classroom, Debate, Status
from arguments.permissions import Access
from arguments.selectors.exporting import graph_from_debate
from arguments.services.importing import import_graph, take_ownership

logger = logging.getLogger(__name__)


class JobFailure(Exception):
    """A failure the job's owner is told about in these words."""


OUR_ERROR = (
    "The {what} stopped on an error of ours ({kind}); nothing was written. Try again later,"
    " or tell the site's administrator if it happens again."
)


def _run(job_id, work, what):
    job = services.claim(job_id)
    if job is None:
        return
    try:
        work(job)
    except (JobFailure, FormatError) as error:
        services.fail(job_id, str(error))
        raise
    except Exception as error:
        logger.exception("Job %s failed", job_id)
        services.fail(job_id, OUR_ERROR.format(what=what, kind=type(error).__name__))
        raise
    finally:
        storage.drop_upload(job)


@task()
def run_import(job_id):
    _run(job_id, _import, "import")


@task()
def run_export(job_id):
    _run(job_id, _export, "export")


@task()
def run_copy(job_id):
    _run(job_id, _copy, "class copy")


@task()
def run_split(job_id):
    _run(job_id, _split, "split into groups")


def _import(job):
    params = job.params
    name = params.get("name", "The file")
    try:
        _, graph = read(storage.read_upload(job), params.get("format") or None)
    except FormatError as error:
        raise JobFailure(f"{name}: {error}. Nothing was written.") from error
    refusal = too_many_claims(name, graph, settings.IMPORT_MAX_CLAIMS)
    if refusal:
        raise JobFailure(refusal)
    root, problem = graph.root_worded(params.get("root", ""))
    if problem:
        raise JobFailure(problem)
    progress = storage.Progress(job)
    with transaction.atomic():  # the debate, its ownership and the job's mark: all or none
        into = None
        if params.get("into"):
            into = Debate.objects.select_related("thesis").filter(pk=params["into"]).first()
            if into is None or not Access.load(job.owner, into).may_manage:
                raise JobFailure("The debate is gone, or you no longer own it; nothing written.")
        summary = import_graph(
            graph=graph,
            into=into,
            title=params.get("title", ""),
            owner=job.owner,
            thesis=root,
            progress=progress,
        )
        if into is None:
            take_ownership(
                debate=summary.debate, user=job.owner, visibility=params.get("visibility")
            )
        report = [("success", summary.lines()[0])]
        report += [("warning", line) for line in summary.losses]
        report += [("note", line) for line in summary.reports]
        services.finish(job, debate=summary.debate, report=report)
    progress(1, 1)


def _export(job):
    fmt = BY_SUFFIX[job.params["format"]]
    debate = job.debate
    if debate is None or not Access.load(job.owner, debate).may_read:
        raise JobFailure("The debate is gone, or you may no longer read it.")
    progress = storage.Progress(job)
    progress(0, 2)
    graph = graph_from_debate(debate)
    progress(1, 2)
    storage.write_result(job, fmt.emit_chunks(graph))
    with transaction.atomic():
        services.finish(job)
    progress(2, 2)


def _copy(job):
    params, source = job.params, job.debate
    classroom = Classroom.objects.filter(pk=params["classroom"]).first()
    teaches = ClassMember.objects.filter(
        classroom=classroom, user=job.owner, role=ClassMember.Role.TEACHER
    ).exists()
    if classroom is None or not teaches:
        raise JobFailure("You no longer teach this class; nothing was copied.")
    if source is None or source.visibility != Debate.Visibility.PUBLIC:
        raise JobFailure("The debate to copy is gone or no longer public; nothing was copied.")
    root = None
    if params.get("root"):
        root = Claim.objects.filter(
            debate=source, pk=params["root"], status=Status.APPROVED
        ).first()
        if root is None:
            raise JobFailure("That claim number is no longer in the chosen debate.")
    progress = storage.Progress(job)
    with transaction.atomic():
        copy = copy_debate(
            classroom=classroom,
            teacher=job.owner,
            source=source,
            root=root,
            title=params.get("title", ""),
            progress=progress,
        )
        services.finish(
            job, debate=copy, report=[("success", f"Class debate “{copy.title}” is ready.")]
        )
    progress(1, 1)


def _split(job):
    params = job.params
    assignment = (
        Assignment.objects.select_related("classroom", "debate").filter(pk=params["assignment"])
    ).first()
    teaches = (
        assignment is not None
        and ClassMember.objects.filter(
            classroom=assignment.classroom, user=job.owner, role=ClassMember.Role.TEACHER
        ).exists()
    )
    if not teaches:
        raise JobFailure("You no longer teach this class; nothing was split.")
    progress = storage.Progress(job)
    progress(0, 1)
    with transaction.atomic():
        try:
            groups = split_into_groups(
                assignment=assignment, count=params["count"], at_random=params["at_random"]
            )
        except ValidationError as problem:
            raise JobFailure(" ".join(problem.messages)) from problem
        message = f"Split into {len(groups)} groups, each with its own copy."
        if not params["at_random"]:
            message += " Place each student in a group below."
        services.finish(job, report=[("success", message)])
    progress(1, 1)
