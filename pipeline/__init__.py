"""The application: the composition root (`app.py`), the processing stages after extraction and their wiring."""
