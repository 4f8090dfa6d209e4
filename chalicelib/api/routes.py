"""The route table: every operation of the API, declared once, in the resource module that
also holds its handlers (chalicelib/api/resources/).

From this one list come the Chalice routes (app.py registers each entry), request validation
and staff identity (api/dispatch.py reads the models and roles named here), the OpenAPI document
(api/openapi.py assembles it from these entries and the pydantic models they name), the
README's API tables (api/readme_tables.py; a test checks the README against them) and
`schemathesis.toml` (api/schemathesis_config.py).

Importing the table costs nothing at cold start: the resource modules import their models and
services inside the handlers (pydantic and the services load with the first request that needs
them).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from chalicelib.api.operation import Operation, Reply
from chalicelib.api.resources import (
    audit,
    consultations,
    contacts,
    moderation,
    options,
    reactions,
    reports,
    residents,
    responses,
    submissions,
)

if TYPE_CHECKING:
    from chalicelib.api import schemas
    from chalicelib.api.call import Call

# The resources, in the order of the README's tables and the OpenAPI document's paths.
RESOURCES = (
    consultations,
    options,
    residents,
    submissions,
    reactions,
    reports,
    audit,
    moderation,
    responses,
    contacts,
)


# ---- the service itself: here, because the document is the table's own -------------------------


def health(call: Call) -> schemas.Health:
    from chalicelib.api import schemas

    return schemas.Health(status="ok")


@lru_cache(maxsize=1)
def document() -> dict[str, Any]:
    """The OpenAPI document of this table (built by api/openapi.py on first need)."""
    from chalicelib.api.openapi import document_of

    return document_of(OPERATIONS)


def openapi(call: Call) -> dict[str, Any]:
    return document()


HEALTH = Operation(
    method="GET",
    path="/health",
    operation_id="health",
    handler=health,
    summary="Liveness check",
    readme="liveness",
    replies={200: Reply("The API is up.", "Health")},
    errors={},
    cacheable=False,  # a monitor must reach the function, never a cached answer
)
OPENAPI = Operation(
    method="GET",
    path="/openapi.json",
    operation_id="openapi",
    handler=openapi,
    summary="This document",
    readme="this API description (OpenAPI 3.1)",
    replies={200: Reply("OpenAPI 3.1 document.", "OpenAPIDocument")},
    errors={},
)

OPERATIONS: tuple[Operation, ...] = (
    HEALTH,
    *(operation for resource in RESOURCES for operation in resource.OPERATIONS),
    OPENAPI,
)


def by_id(operation_id: str) -> Operation:
    for operation in OPERATIONS:
        if operation.operation_id == operation_id:
            return operation
    raise KeyError(operation_id)
