"""The client report as one self-contained HTML file: inline CSS, charts as data: URIs.

Rendered by Jinja2 with autoescaping on, so whatever the manager typed (client name,
brief, topics) is shown as text and never runs as markup. No external URL is referenced:
the file opens offline and can be mailed as it is.
"""

from __future__ import annotations

import base64

from jinja2 import Environment

from workbench.report.content import Report

__all__ = ["render_html"]

_TEMPLATE = """<!doctype html>
<html lang="{{ r.lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ r.title }} – {{ r.client }}</title>
<style>
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; color: #111827;
  max-width: 60rem; margin: 0 auto; padding: 2rem; line-height: 1.45; }
header.cover { border-bottom: 4px solid #4C78A8; padding: 4rem 0 2rem; margin-bottom: 2rem; }
header.cover h1 { font-size: 2.4rem; margin: 0 0 .5rem; }
header.cover .kind { text-transform: uppercase; letter-spacing: .08em; color: #4C78A8; }
header.cover p { margin: .25rem 0; font-size: 1.1rem; }
h2 { color: #4C78A8; border-bottom: 1px solid #d1d5db; padding-bottom: .25rem; margin-top: 2.5rem; }
table { border-collapse: collapse; width: 100%; margin: .75rem 0; font-size: .95rem; }
th, td { border-bottom: 1px solid #e5e7eb; padding: .35rem .5rem; text-align: left;
  vertical-align: top; }
th { background: #f3f4f6; }
td.num { text-align: right; white-space: nowrap; }
.note, .empty { color: #6b7280; font-size: .9rem; }
figure { margin: 1rem 0 2rem; }
figure img { max-width: 100%; height: auto; }
figcaption { font-weight: bold; margin-bottom: .5rem; }
@media print { section { break-inside: avoid-page; } header.cover { break-after: page; } }
</style>
</head>
<body>
{%- macro table(tb, numeric=()) %}
<table>
{%- if tb.headings %}
<thead><tr>{% for h in tb.headings %}<th>{{ h }}</th>{% endfor %}</tr></thead>
{%- endif %}
<tbody>
{%- for row in tb.rows %}
<tr>{% for cell in row -%}
<td{% if loop.index0 in numeric %} class="num"{% endif %}>{{ cell }}</td>
{%- endfor %}</tr>
{%- endfor %}
</tbody>
</table>
{%- if tb.note %}<p class="note">{{ tb.note }}</p>{% endif %}
{%- endmacro %}
<header class="cover">
<p class="kind">{{ r.title }}</p>
<h1>{{ r.client }}</h1>
<p>{{ r.period }}</p>
<p class="note">{{ r.prepared_on }}</p>
</header>
<section id="summary">
<h2>{{ r.headings.summary }}</h2>
{%- for p in r.summary %}
<p>{{ p }}</p>
{%- endfor %}
</section>
<section id="audience">
<h2>{{ r.headings.audience }}</h2>
{%- for p in r.audience %}
<p>{{ p }}</p>
{%- endfor %}
{%- if r.personas.rows %}{{ table(r.personas) }}{% endif %}
</section>
<section id="platforms">
<h2>{{ r.headings.platforms }}</h2>
{%- if r.platforms.rows %}{{ table(r.platforms, (3,)) }}
{%- else %}<p class="empty">{{ r.empty.platforms }}</p>{% endif %}
</section>
<section id="kpis">
<h2>{{ r.headings.kpis }}</h2>
{{ table(r.kpis, (2, 4)) }}
{%- if r.insights %}
<ul class="insights">
{%- for line in r.insights %}
<li>{{ line }}</li>
{%- endfor %}
</ul>
{%- endif %}
</section>
<section id="charts">
<h2>{{ r.headings.charts }}</h2>
{%- for c in r.charts %}
<figure>
<figcaption>{{ c.title }}</figcaption>
<img src="data:image/png;base64,{{ png(c) }}" width="{{ c.width // 2 }}" alt="{{ c.title }}">
</figure>
{%- else %}<p class="empty">{{ r.empty.charts }}</p>
{%- endfor %}
</section>
<section id="plan">
<h2>{{ r.headings.plan }}</h2>
{%- if r.plan.rows %}{{ table(r.plan) }}
{%- else %}<p class="empty">{{ r.empty.plan }}</p>{% endif %}
</section>
<section id="budget">
<h2>{{ r.headings.budget }}</h2>
{%- if r.budget.rows %}{{ table(r.budget, (1,)) }}
{%- else %}<p class="empty">{{ r.empty.budget }}</p>{% endif %}
</section>
</body>
</html>
"""

_ENVIRONMENT = Environment(autoescape=True, trim_blocks=False, keep_trailing_newline=True)
_COMPILED = _ENVIRONMENT.from_string(_TEMPLATE)


def render_html(report: Report) -> str:
    """The report as an HTML document (every text escaped, images inline)."""
    return _COMPILED.render(r=report, png=lambda c: base64.b64encode(c.png).decode("ascii"))
