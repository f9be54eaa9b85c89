"""Jobs, the core entity: submitting, running, finishing, exporting and counting them.

- `crud`: the original design's job operations (each call is one unit of work).
- `producer`, `batches`: submitting one job, many, or a batch; `quotas`, `fairness`: who may
  submit and who runs next.
- `processing`, `engine_choice`: running one job with the configured engine.
- `listings`, `stats`, `exporting`, `metrics`: reading, rendering and counting jobs.

The original design's job operations are importable from here as well as from `crud`
(`from tailor_core.jobs import create_job`). They load on first use: the read commands import
`tailor_core.jobs.listings` and start faster without the ORM that `crud` brings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tailor_core.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from tailor_core.jobs.crud import (
        cancel_job,
        complete_job,
        create_job,
        delete_job,
        get_all_jobs,
        get_job_by_id,
        get_job_with_relations,
        get_jobs_by_user_id,
        mark_job_as_failed,
        update_job,
    )

__all__ = [
    "cancel_job",
    "complete_job",
    "create_job",
    "delete_job",
    "get_all_jobs",
    "get_job_by_id",
    "get_job_with_relations",
    "get_jobs_by_user_id",
    "mark_job_as_failed",
    "update_job",
]


__getattr__ = lazy_exports(__name__, "crud", __all__)
