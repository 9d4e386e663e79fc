"""Models (analysts): every stored version per task with its validation figures and card; promote and roll back
from the page, by the same registry rule as `satark models promote|rollback`."""

from __future__ import annotations

import json
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from classifiers import registry
from classifiers.card import CARD_FILE
from classifiers.errors import RegistryError
from classifiers.inventory import ModelVersion, inventory
from web.deps import Analyst, Satark, check_csrf
from web.security import CSRF_FIELD
from web.templating import render

router = APIRouter()


def _done(message: str) -> Response:
    return RedirectResponse(f"/models?done={quote(message)}", status_code=303)


@router.get("/models", include_in_schema=False)
def models_page(request: Request, satark: Satark, principal: Analyst, done: str | None = None) -> Response:
    stored = inventory(registry.resolve_models_dir(satark.settings.classify.models_dir))
    tasks: dict[str, list[ModelVersion]] = {}
    for version in stored.versions:
        tasks.setdefault(version.task, []).append(version)
    return render(request, "models.html", principal, tasks=tasks, missing=stored.missing, done=done)


@router.get("/models/{task}/{name}/{version}", include_in_schema=False)
def model_card(request: Request, satark: Satark, principal: Analyst, task: str, name: str, version: str) -> Response:
    root = registry.resolve_models_dir(satark.settings.classify.models_dir)
    try:
        folder = registry.model_dir(task, f"{name}/{version}", root)
        card = json.loads((folder / CARD_FILE).read_text(encoding="utf-8"))
    except (RegistryError, OSError, ValueError):
        raise HTTPException(404, f"no card for {task} {name}/{version}") from None
    text = json.dumps(card, indent=2, ensure_ascii=False)
    return render(request, "model_card.html", principal, task=task, model_id=f"{name}/{version}", card=text)


@router.post("/models/{task}/promote", include_in_schema=False)
def promote(request: Request, satark: Satark, principal: Analyst, task: str, model: Annotated[str, Form()],
            csrf: Annotated[str, Form(alias=CSRF_FIELD)] = "") -> Response:
    check_csrf(request, principal, csrf)
    root = registry.resolve_models_dir(satark.settings.classify.models_dir)
    try:
        previous = registry.promote(task, model, root)
    except RegistryError as exc:
        raise HTTPException(422, str(exc)) from None
    return _done(f"{task}: {previous or '-'} -> {model}")


@router.post("/models/{task}/rollback", include_in_schema=False)
def rollback(request: Request, satark: Satark, principal: Analyst, task: str,
             csrf: Annotated[str, Form(alias=CSRF_FIELD)] = "") -> Response:
    check_csrf(request, principal, csrf)
    root = registry.resolve_models_dir(satark.settings.classify.models_dir)
    previous = registry.active(task, root)
    try:
        current = registry.rollback(task, root)
    except RegistryError as exc:
        raise HTTPException(422, str(exc)) from None
    return _done(f"{task}: {previous} -> {current}")
