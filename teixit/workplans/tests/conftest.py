"""Fixtures of the work-plan tests: the network's bodies as the demo network
names them, and the shipped seed plan."""

import pytest

from teixit.network.tests.factories import BodyFactory
from teixit.workplans.services import SEED_FILE, plan_import


@pytest.fixture
def bodies(db, secretariat_body, technical_commission):
    secretariat_body.aliases = "secretaria\nsecretaria tècnica o proveïdora"
    secretariat_body.save(update_fields=["aliases"])
    return {
        "secretariat": secretariat_body,
        "technical": technical_commission,
        "executive": BodyFactory(
            kind="executive_commission",
            name="Comissió executiva",
            slug="comissio-executiva",
        ),
        "promoter": BodyFactory(
            kind="promoter_commission",
            name="Comissió promotora",
            slug="comissio-promotora",
        ),
    }


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED_FILE.read_bytes()


@pytest.fixture
def seed_plan(bodies, seed_bytes):
    """The seed imported, approved and public."""
    plan = plan_import(data=seed_bytes).plan
    plan.status = plan.Status.APPROVED
    plan.visibility = plan.Visibility.PUBLIC
    plan.save()
    return plan
