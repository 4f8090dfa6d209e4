"""The API by resource: each module declares its resource's operations (`OPERATIONS`, gathered
by api/routes.py into the route table) next to their handlers.

Each handler takes the validated call (api/call.py), makes one service call and returns a
response model (api/views.py builds them), or (status, model[, headers]). A resource module
imports only the table's types at module level; schemas, views and services are imported inside
the handlers, so importing it costs nothing at cold start (bench/cold_start.py).
"""
