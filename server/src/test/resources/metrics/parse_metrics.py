"""Parses Prometheus text format from stdin with prometheus_client's own parser; prints the families as JSON.

Used by MetricsScrapeTest: a real Prometheus parser (Debian's python3-prometheus-client) judges the output, not ours.
Output: {"<family>": {"type": "<counter|gauge|histogram|summary|...>", "samples": [{"name", "labels", "value"}]}}.
"""
import json
import math
import sys

try:
    from prometheus_client.parser import text_string_to_metric_families
except ImportError as e:
    sys.stderr.write("python3-prometheus-client is missing (apt-get install python3-prometheus-client): %s\n" % e)
    sys.exit(3)

families = {}
for family in text_string_to_metric_families(sys.stdin.read()):
    if family.name in families:
        sys.stderr.write("family %s appears twice\n" % family.name)
        sys.exit(4)
    families[family.name] = {
        "type": family.type,
        "samples": [
            {
                "name": s.name,
                "labels": s.labels,
                "value": s.value if math.isfinite(s.value) else str(s.value),
            }
            for s in family.samples
        ],
    }
json.dump(families, sys.stdout)
