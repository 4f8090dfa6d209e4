"""Locust users for `make load` (bench/load/run.py starts Locust with this file; not a test).

Residents (each one resident token) read the consultation and its listings, comment (a third with
an email), endorse and take endorsements back, and flag; one moderator works the flagged queue.
Every 2xx answer that matters to the checks goes into the ledger (bench/load/ledger.py), written
to $SAYSO_LOAD_LEDGER when Locust quits. Locust stops by itself after $SAYSO_LOAD_MAX_REQUESTS
requests, or at its --run-time, whichever comes first.
"""

from __future__ import annotations

import json
import os
import random
import uuid
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

from bench.load.ledger import Ledger

CID = "demo"
MAX_REQUESTS = int(os.environ.get("SAYSO_LOAD_MAX_REQUESTS", "5000"))
LEDGER = Ledger()
_requests = 0


@events.request.add_listener
def _count(**_: Any) -> None:
    global _requests
    _requests += 1
    if _requests == MAX_REQUESTS:
        import gevent

        runner = _environment.runner if _environment else None
        if runner is not None:
            gevent.spawn_later(0, runner.quit)


_environment: Any = None


@events.init.add_listener
def _keep(environment: Any, **_: Any) -> None:
    global _environment
    _environment = environment


@events.quitting.add_listener
def _write_ledger(environment: Any, **_: Any) -> None:
    path = os.environ.get("SAYSO_LOAD_LEDGER")
    if path:
        LEDGER.save(Path(path))
        Path(path).with_name("figures.json").write_text(json.dumps(_figures(environment.stats)))


def _figures(stats: Any) -> dict[str, dict[str, float]]:
    """Per request name and in total: count, failures, requests/s, p50/p95/p99 in ms."""
    entries = {f"{e.method} {e.name}".split(" ", 1)[1]: e for e in stats.entries.values()}
    return {
        name: {
            "count": entry.num_requests,
            "failures": entry.num_failures,
            "rps": entry.total_rps,
            **{f"p{q}": entry.get_response_time_percentile(q / 100) for q in (50, 95, 99)},
        }
        for name, entry in [*sorted(entries.items()), ("all", stats.total)]
    }


class Resident(HttpUser):
    wait_time = between(0.05, 0.3)
    weight = 20

    def on_start(self) -> None:
        self.endorsed: set[str] = set()
        with self.client.post("/residents", name="POST /residents", catch_response=True) as r:
            if r.status_code != 201:
                r.failure(f"no resident token: {r.status_code}")
                self.token = "none"
                return
            self.token = r.json()["token"]

    def _some_submission(self) -> str | None:
        return random.choice(list(LEDGER.submissions)) if LEDGER.submissions else None

    @task(4)
    def read_consultation(self) -> None:
        self.client.get(f"/consultations/{CID}", name="GET consultation")

    @task(4)
    def read_listing(self) -> None:
        sort = random.choice(["newest", "top"])
        self.client.get(
            f"/consultations/{CID}/submissions?option=a&sort={sort}", name="GET listing"
        )

    @task(2)
    def read_one(self) -> None:
        sid = self._some_submission()
        if sid:
            with self.client.get(
                f"/consultations/{CID}/submissions/{sid}",
                name="GET submission",
                catch_response=True,
            ) as r:
                if (
                    r.status_code == 404
                ):  # held by flags or hidden meanwhile: an answer, not a fault
                    r.success()

    @task(2)
    def comment(self) -> None:
        body: dict[str, Any] = {
            "option_id": "a",
            "kind": "comment",
            "text": f"Load test comment {uuid.uuid4().hex[:8]}: keep the trees on the east side.",
            "stance": random.choice(["support", "oppose", "neutral"]),
        }
        if random.random() < 1 / 3:
            body["email"] = f"resident-{uuid.uuid4().hex[:8]}@example.org"
        with self.client.post(
            f"/consultations/{CID}/submissions",
            json=body,
            headers={"Idempotency-Key": str(uuid.uuid4()), "X-Resident-Token": self.token},
            name="POST submission",
            catch_response=True,
        ) as r:
            if r.status_code == 201:
                answer = r.json()
                LEDGER.submissions[answer["id"]] = answer["edit_token"]

    @task(3)
    def endorse(self) -> None:
        sid = self._some_submission()
        if not sid:
            return
        with self.client.post(
            f"/consultations/{CID}/submissions/{sid}/endorsements",
            headers={"X-Resident-Token": self.token, "Idempotency-Key": str(uuid.uuid4())},
            name="POST endorsement",
            catch_response=True,
        ) as r:
            self._note(sid, "endorse", r)

    @task(1)
    def unendorse(self) -> None:
        if not self.endorsed:
            return
        sid = random.choice(sorted(self.endorsed))
        with self.client.delete(
            f"/consultations/{CID}/submissions/{sid}/endorsements",
            headers={"X-Resident-Token": self.token},
            name="DELETE endorsement",
            catch_response=True,
        ) as r:
            self._note(sid, "unendorse", r)

    def _note(self, sid: str, action: str, r: Any) -> None:
        if 200 <= r.status_code < 300:
            LEDGER.endorsements.append((sid, self.token, action))
            (self.endorsed.add if action == "endorse" else self.endorsed.discard)(sid)
        elif r.status_code == 404:  # held or hidden meanwhile: refused, nothing changed
            r.success()
        elif r.status_code == 0 or r.status_code >= 500:  # no answer: it may have happened
            LEDGER.endorsements.append((sid, self.token, "unknown"))
            r.failure(f"{r.status_code}: {r.text[:200] if r.text else ''}")
        else:
            r.failure(f"{r.status_code}: {r.text[:200] if r.text else ''}")

    @task(1)
    def flag(self) -> None:
        sid = self._some_submission()
        if not sid:
            return
        with self.client.post(
            f"/consultations/{CID}/submissions/{sid}/flags",
            json={"reason": random.choice(["spam", "off-topic", "other"])},
            headers={"X-Resident-Token": self.token, "Idempotency-Key": str(uuid.uuid4())},
            name="POST flag",
            catch_response=True,
        ) as r:
            if r.status_code == 201:
                LEDGER.flags += 1
            elif r.status_code in (200, 404):  # flagged before, or held/hidden meanwhile
                r.success()
            else:
                r.failure(f"{r.status_code}: {r.text[:200] if r.text else ''}")


class Moderator(HttpUser):
    fixed_count = 1
    wait_time = between(0.5, 1.0)

    def on_start(self) -> None:
        from chalicelib.local.staff_keys import mint

        self.auth = {"Authorization": f"Bearer {mint(['moderator'], subject='load-moderator')}"}

    @task
    def work_the_queue(self) -> None:
        queue = random.choice(["flagged", "pending", "hidden"])
        with self.client.get(
            f"/staff/consultations/{CID}/moderation?queue={queue}&limit=5",
            headers=self.auth,
            name="GET moderation queue",
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}: {r.text[:200]}")
            items = r.json().get("items", []) if r.status_code == 200 else []
        if not items:
            return
        action = {"flagged": random.choice(["approve", "hide"]), "pending": "approve"}.get(
            queue, "restore"
        )
        with self.client.post(
            f"/staff/consultations/{CID}/submissions/{items[0]['id']}/moderation",
            json={"action": action, "reason": "load test"},
            headers={**self.auth, "Idempotency-Key": str(uuid.uuid4())},
            name="POST moderation",
            catch_response=True,
        ) as r:
            if r.status_code == 200:
                LEDGER.moderated += 1
            elif r.status_code == 409:  # decided meanwhile (a flag, an author): an answer
                r.success()
