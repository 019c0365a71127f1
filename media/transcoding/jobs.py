"""A rendition is made by a job: one or a few ffmpeg commands writing into a private folder,
published into the output folder when they all succeeded.

Jobs are independent (each reads the source itself), so they can run side by side, one per
core, and each rendition can be published the moment its job ends. `run_jobs` runs them on a
few threads in the given order (the first ones start first): the preview before the stream,
the stream before the downloads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from media.transcoding.outputs import ProgressCallback, RenditionFile, TranscodeFailed
from media.transcoding.runner import Deadline, Progress, StdoutSink, run_ffmpeg
from media.transcoding.workspace import Workspace

# Two cores on the machines Lakou runs on; more processes only share the same cores.
DEFAULT_SLOTS = 2


@dataclass(frozen=True)
class Step:
    argv: list[str]
    weight: float  # relative cost, for progress
    duration_s: float | None  # media time covered, for ffmpeg's own progress
    stdout_sink: StdoutSink | None = None
    # Runs after the command succeeded, in the job's folder (writes a derived file).
    after: Callable[[Path], None] | None = None


@dataclass(frozen=True)
class Job:
    name: str  # the rendition it makes (`media.assets.renditions.Rendition`)
    steps: Callable[[Path], list[Step]]  # the commands, writing into the given folder
    weight: float  # relative cost among the jobs, for progress
    replaces: Sequence[str] = field(default=())  # what an earlier run published and this redoes
    # A job whose output this one builds on (published into the same folder first): it starts
    # once that one succeeded, and fails with it.
    needs: str | None = None
    # A job this one starts after, whatever its outcome (the downloads after the stream: on two
    # cores a download encoding beside the stream slows the one a listener waits for).
    waits_for: str | None = None
    # > 0: made behind the others for the CPU (downloads: nobody is waiting to play them).
    niceness: int = 0


def run_job(
    job: Job, out: Path, deadline: Deadline, on_progress: ProgressCallback | None = None
) -> list[RenditionFile]:
    """Make one rendition into `out`; returns its files in publishing order (master last).

    Raises TranscodeFailed; `out` then holds nothing new from this job.
    """
    progress = Progress(on_progress)
    try:
        with Workspace(out) as workspace:
            steps = job.steps(workspace.path)
            total = sum(step.weight for step in steps) or 1.0
            done = 0.0
            for step in steps:
                run_ffmpeg(
                    step.argv,
                    timeout_s=deadline.remaining(),
                    duration_s=step.duration_s,
                    on_progress=progress.stage(
                        100 * done / total, 100 * (done + step.weight) / total
                    ),
                    stdout_sink=step.stdout_sink,
                    niceness=job.niceness,
                )
                if step.after is not None:
                    step.after(workspace.path)
                done += step.weight
            deadline.remaining()
            files = workspace.publish(replaces=job.replaces)
    except OSError as exc:
        raise TranscodeFailed.from_os_error(exc, f"writing the {job.name} rendition") from exc
    progress.report(100.0)
    return files


JobOutcome = list[RenditionFile] | TranscodeFailed


def run_jobs(
    jobs: Sequence[Job],
    out: Path,
    deadline: Deadline,
    *,
    slots: int = DEFAULT_SLOTS,
    on_progress: ProgressCallback | None = None,
    on_done: Callable[[Job, JobOutcome], None] | None = None,
) -> dict[str, JobOutcome]:
    """Run the jobs `slots` at a time, in order; each one's files or its failure, by name.

    `on_done` is called (in this thread) as each job ends, so its rendition can be published
    while the others run.
    """
    progress = Progress(on_progress)
    total = sum(job.weight for job in jobs) or 1.0
    shares = {job.name: 0.0 for job in jobs}

    def job_progress(job: Job) -> ProgressCallback:
        def report(percent: float) -> None:
            shares[job.name] = job.weight * percent / 100
            progress.report(100 * sum(shares.values()) / total)

        return report

    def attempt(job: Job) -> JobOutcome:
        try:
            return run_job(job, out, deadline, job_progress(job))
        except TranscodeFailed as failure:
            return failure

    outcomes: dict[str, JobOutcome] = {}
    with ThreadPoolExecutor(max_workers=max(1, slots), thread_name_prefix="ffmpeg") as pool:
        names = {job.name for job in jobs}
        waiting = [job for job in jobs if job.needs in names or job.waits_for in names]
        running: dict[Future[JobOutcome], Job] = {
            pool.submit(attempt, job): job for job in jobs if job not in waiting
        }

        def settle(job: Job, outcome: JobOutcome) -> None:
            outcomes[job.name] = outcome
            followers = [other for other in waiting if other.needs == job.name]
            for follower in followers:
                waiting.remove(follower)
                if not isinstance(outcome, TranscodeFailed):  # started before publishing
                    running[pool.submit(attempt, follower)] = follower
            for later in [other for other in waiting if other.waits_for == job.name]:
                waiting.remove(later)
                running[pool.submit(attempt, later)] = later
            if on_done is not None:
                on_done(job, outcome)
            if isinstance(outcome, TranscodeFailed):
                for follower in followers:
                    reason = f"{job.name} failed: {outcome.reason}"
                    settle(follower, TranscodeFailed(reason, transient=outcome.transient))

        try:
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    settle(running.pop(future), future.result())
        except BaseException:
            # Publishing failed (storage down...): start nothing more; the retry redoes it.
            for future in running:
                future.cancel()
            raise
    return outcomes
