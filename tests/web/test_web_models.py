"""The models page: an analyst sees every stored version with its figures and card, and promotes or rolls back
by the registry's own rule; other roles cannot. Runs on a copy of the registry, never the repository's."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from classifiers import registry
from core.settings import load_settings
from pipeline.app import SatarkApp
from store.accounts import ROLES
from tests.conftest import REPO
from tests.web.conftest import PASSWORD, Desk, csrf_of
from web.app import create_app


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    tmp_path = tmp_path_factory.mktemp("models-desk")
    models = tmp_path / "models"
    shutil.copytree(REPO / "models", models)
    satark = SatarkApp(load_settings(home=tmp_path / "home", classify={"models_dir": models}))
    for role in ROLES:
        satark.store.accounts.add_user(role, PASSWORD, role)
    yield Desk(tmp_path / "home", satark, create_app(satark))
    satark.close()


def _models(desk: Desk) -> Path:
    return Path(desk.satark.settings.classify.models_dir)


def test_an_analyst_sees_each_task_with_its_versions_and_cards(desk: Desk) -> None:
    client = desk.logged_in("analyst")
    page = client.get("/models")
    assert page.status_code == 200
    for task, model_id in registry.read_registry(_models(desk)).items():
        assert f'data-task="{task}"' in page.text and f'data-model="{model_id}"' in page.text
    active = registry.active("misinformation", _models(desk))
    card = client.get(f"/models/misinformation/{active}")
    assert card.status_code == 200 and "validation" in card.text
    assert client.get("/models/misinformation/e5-mt/1999.01.01-1").status_code == 404


@pytest.mark.parametrize("role", ["viewer", "reviewer"])
def test_other_roles_cannot_see_or_change_models(desk: Desk, role: str) -> None:
    client = desk.logged_in(role)
    assert client.get("/models").status_code == 403
    assert client.post("/models/misinformation/rollback", data={"csrf": csrf_of(client)}).status_code == 403


def test_promote_and_rollback_follow_the_registry_rule(desk: Desk) -> None:
    root = _models(desk)
    task = next(t for t in ("misinformation", "sentiment", "hostility") if len(registry.list_versions(t, root)) > 1)
    versions = registry.list_versions(task, root)
    active = registry.active(task, root)
    older = versions[versions.index(active) - 1] if versions.index(active) else versions[-1]
    client = desk.logged_in("analyst")
    csrf = csrf_of(client, "/models")
    assert client.post(f"/models/{task}/promote", data={"model": older}).status_code == 403  # no CSRF token
    done = client.post(f"/models/{task}/promote", data={"model": older, "csrf": csrf})
    assert done.status_code == 303 and registry.active(task, root) == older
    assert older in client.get(done.headers["location"]).text
    assert client.post(f"/models/{task}/promote", data={"model": "nope/1", "csrf": csrf}).status_code == 422
    registry.promote(task, active, root)
    back = client.post(f"/models/{task}/rollback", data={"csrf": csrf})
    assert back.status_code == 303 and registry.active(task, root) == versions[versions.index(active) - 1]
    assert json.loads((REPO / "models" / "registry.json").read_text())[task] == active  # the repository's is untouched


def test_the_card_is_shown_escaped(desk: Desk) -> None:
    client = desk.logged_in("admin")
    active = registry.active("sentiment", _models(desk))
    text = client.get(f"/models/sentiment/{active}").text
    assert re.search(r'<pre id="card">\{', text)
    assert "&#34;task&#34;" in text and '"task":' not in text  # the card's quotes come out as entities
