"""The monitoring desk: a FastAPI app with server-rendered pages and a JSON API over the application object
(`satark serve`). Pages and API share one query model (`params.py`); one router per resource (`routers/`)."""
