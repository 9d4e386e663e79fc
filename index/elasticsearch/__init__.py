"""The Elasticsearch 9.x backend: a shared server for several users (`ElasticsearchIndex`).

Needs the `elasticsearch` client package, which only this subpackage imports (index.factory loads it on
first use). Modules: mapping (names, template, mapping version and migrations), migrate, aliases (versioned
indices behind one alias), records, query, bulk, retry, errors, backend.
"""

from index.elasticsearch.backend import ElasticsearchIndex

__all__ = ["ElasticsearchIndex"]
