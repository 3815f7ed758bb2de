"""The query plans of the public pages on PostgreSQL, from EXPLAIN ANALYZE.

Each path is requested once in process, on a fresh app (so it is built, not served from
the cache), and every SELECT it ran is explained with the same parameters. The table
shows the SQL time of the page and the plan of its slowest statement in a few words:
a sequential scan of a big table, or a nested loop over many rows, is what to look for.
"""

import sqlalchemy as sa

from app.extensions import db

SCANS = ("Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan")


def explain_paths(app, paths: list[str]) -> list[str]:
    """Return Markdown rows: path, statements, SQL ms, slowest ms, the slowest plan's scans."""
    rows = []
    with app.app_context():
        client = app.test_client()
        for path in paths:
            captured = []

            def note(_conn, _cursor, statement, parameters, _context, many, captured=captured):
                """Keep each single SELECT and its parameters."""
                if not many and statement.lstrip().upper().startswith(("SELECT", "WITH")):
                    captured.append((statement, parameters))

            sa.event.listen(db.engine, "before_cursor_execute", note)
            client.get(path)
            sa.event.remove(db.engine, "before_cursor_execute", note)
            plans = []
            with db.engine.connect() as connection:
                for statement, parameters in captured:
                    result = connection.exec_driver_sql(
                        "EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters
                    ).scalar()[0]
                    plans.append((result["Execution Time"], result["Plan"]))
            slowest = max(plans, key=lambda plan: plan[0])
            rows.append(
                f"| `{path}` | {len(plans)} | {sum(p[0] for p in plans):.1f} | "
                f"{slowest[0]:.1f} | {describe(slowest[1])} |"
            )
        db.session.remove()
        db.engine.dispose()
    return rows


def describe(plan: dict) -> str:
    """Name the scans and joins of a plan, with the rows each produced."""
    parts = []
    stack = [plan]
    while stack:
        node = stack.pop()
        kind = node["Node Type"]
        if kind in SCANS:
            index = f" ({node['Index Name']})" if node.get("Index Name") else ""
            parts.append(f"{kind} on {node['Relation Name']}{index}: {node['Actual Rows']:,}")
        elif kind in ("Nested Loop", "Hash Join", "Merge Join"):
            parts.append(f"{kind}: {node['Actual Rows']:,}")
        stack.extend(reversed(node.get("Plans", [])))
    return "; ".join(parts[:6]) + ("; …" if len(parts) > 6 else "")
