"""The floor every other package stands on: records, settings, sources, text, the task catalogue.

It imports nothing of the project."""
