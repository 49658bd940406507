#!/usr/bin/env python3
"""Execute Jupyter notebooks headless and fail on any cell error.

Usage: run_notebooks.py [--out DIR] [--kernel rust] [--timeout S] NOTEBOOK...

Each notebook runs in its own kernel, in the notebook's folder, cell after
cell. A code cell fails when

  * the kernel's execute reply is not "ok" (e.g. a compile error),
  * the cell has an output of type "error", or
  * the cell wrote anything to stderr (evcxr reports a panic, or an `Err`
    returned through `?`, only as stderr text with an "ok" reply),

unless the cell is tagged `raises-exception` (it must then fail: a tagged
cell that succeeds is itself a failure) or `allow-stderr` (stderr text is
accepted, errors are not). A cell tagged `expect-html` or `expect-svg` also
fails without an output of that type (evcxr silently falls back to Debug
text when a value's `evcxr_display` does not compile). With
--require-no-outputs a notebook that was committed with outputs fails
before it runs (outputs are regenerated here, never stored stale). The first failing cell stops its notebook; its
source and outputs are printed. The executed notebooks are written to
--out (default: a fresh temporary folder, never the repository), with
every SVG output also written beside them as <notebook>-cell<N>-<K>.svg.
The last line is "N passed, N failed" (notebooks); the exit code is 1 when
a notebook failed.
"""

import argparse
import os
import queue
import re
import sys
import tempfile
import time

import nbformat
from jupyter_core.utils import run_sync
from nbclient import NotebookClient

# evcxr forwards the stderr of user code on its own thread, so a line (a
# panic, an `Err` from `?`) can reach the client after the cell's reply and
# idle status. After each cell the runner keeps reading for this long after
# the last message, and adds late stream output of the cell to the cell.
QUIET_SECONDS = 0.5

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def text_of(output):
    """The readable text of one output (stream, error or rich data)."""
    return ANSI.sub("", raw_text_of(output))


def raw_text_of(output):
    kind = output.get("output_type")
    if kind == "stream":
        return output.get("text", "")
    if kind == "error":
        return "%s: %s\n%s" % (
            output.get("ename", ""),
            output.get("evalue", ""),
            "\n".join(output.get("traceback", [])),
        )
    data = output.get("data", {})
    for mime in ("text/plain", "text/html", "image/svg+xml"):
        if mime in data:
            body = data[mime]
            body = "".join(body) if isinstance(body, list) else body
            if mime != "text/plain" and len(body) > 400:
                body = body[:400] + "... (%d characters)" % len(body)
            return "[%s] %s" % (mime, body)
    return str(output)


def cell_problems(cell, reply):
    """Why a code cell failed, as a list of strings (empty: it passed)."""
    problems = []
    content = (reply or {}).get("content", {})
    status = content.get("status", "ok" if reply else "no reply")
    if status != "ok":
        detail = "%s %s" % (content.get("ename", ""), content.get("evalue", ""))
        traceback = "\n".join(content.get("traceback", []))
        problems.append("execute reply %r: %s\n%s" % (status, detail.strip(), traceback))
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            problems.append("error output: " + text_of(output))
    tags = cell.get("metadata", {}).get("tags", [])
    stderr = [
        o for o in cell.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stderr"
    ]
    if stderr and "allow-stderr" not in tags:
        first = next((o.get("text", "").strip() for o in stderr if o.get("text", "").strip()), "")
        problems.append("wrote to stderr (a panic, an Err through `?`, or eprintln!): " + first)
    for tag, mime in (("expect-html", "text/html"), ("expect-svg", "image/svg+xml")):
        if tag in tags and not any(mime in o.get("data", {}) for o in cell.get("outputs", [])):
            problems.append("tagged %s but no %s output (Debug fallback?)" % (tag, mime))
    return problems


def collect_late_output(client, cell, index, reply):
    """Reads iopub until it has been quiet for QUIET_SECONDS; stream output of
    this cell's request that arrived after its idle status joins the cell."""
    msg_id = (reply or {}).get("parent_header", {}).get("msg_id")
    get = run_sync(client.kc.get_iopub_msg)
    while True:
        try:
            msg = get(timeout=QUIET_SECONDS)
        except queue.Empty:
            return
        if msg.get("msg_type") == "stream" and msg.get("parent_header", {}).get("msg_id") == msg_id:
            client.process_message(msg, cell, index)


def stored_outputs(nb):
    """Indices of code cells committed with outputs or an execution count."""
    return [
        i for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)
    ]


def run_notebook(path, out_dir, kernel, timeout, require_no_outputs):
    """Execute one notebook; returns whether it passed."""
    nb = nbformat.read(path, as_version=4)
    name = os.path.splitext(os.path.basename(path))[0]
    if require_no_outputs and stored_outputs(nb):
        print("FAIL %s: cells %s are stored with outputs; clear them before committing"
              % (path, stored_outputs(nb)))
        return False
    replies = {}

    def on_executed(cell, cell_index, execute_reply):
        replies[cell_index] = execute_reply

    client = NotebookClient(
        nb,
        kernel_name=kernel,
        timeout=timeout,
        startup_timeout=180,
        allow_errors=True,
        record_timing=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        on_cell_executed=on_executed,
    )
    passed = True
    started = time.monotonic()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            t0 = time.monotonic()
            client.execute_cell(cell, index)
            collect_late_output(client, cell, index, replies.get(index))
            problems = cell_problems(cell, replies.get(index))
            tags = cell.get("metadata", {}).get("tags", [])
            if "raises-exception" in tags:
                if problems:
                    print("  cell %d failed as its tag expects" % index)
                    continue
                problems = ["the cell is tagged raises-exception but did not fail"]
            if problems:
                passed = False
                print("FAIL %s, cell %d (%.1f s)" % (path, index, time.monotonic() - t0))
                print("---- source")
                print(cell.source)
                print("---- outputs")
                for output in cell.get("outputs", []):
                    print(text_of(output).rstrip())
                print("---- why")
                for p in problems:
                    print(p.rstrip())
                print("----")
                break
    html = svg = 0
    for index, cell in enumerate(nb.cells):
        for k, output in enumerate(cell.get("outputs", [])):
            data = output.get("data", {})
            html += "text/html" in data
            if "image/svg+xml" in data:
                svg += 1
                body = data["image/svg+xml"]
                body = "".join(body) if isinstance(body, list) else body
                target = os.path.join(out_dir, "%s-cell%d-%d.svg" % (name, index, k))
                with open(target, "w", encoding="utf-8") as f:
                    f.write(body)
    nbformat.write(nb, os.path.join(out_dir, name + ".ipynb"))
    print(
        "%s %s in %.1f s (%d HTML outputs, %d SVG figures)"
        % ("ok  " if passed else "FAIL", path, time.monotonic() - started, html, svg)
    )
    return passed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--out", help="folder for the executed notebooks")
    parser.add_argument("--kernel", default="rust")
    parser.add_argument("--timeout", type=int, default=1200, help="seconds per cell")
    parser.add_argument("--require-no-outputs", action="store_true",
                        help="fail notebooks stored with outputs")
    args = parser.parse_args()
    out_dir = args.out or tempfile.mkdtemp(prefix="executed-notebooks-")
    os.makedirs(out_dir, exist_ok=True)
    print("executed notebooks go to %s" % out_dir)
    passed = failed = 0
    for path in args.notebooks:
        try:
            ok = run_notebook(path, out_dir, args.kernel, args.timeout, args.require_no_outputs)
        except Exception as e:  # a dead kernel, a timeout, an unreadable file
            print("FAIL %s: %s: %s" % (path, type(e).__name__, e))
            ok = False
        passed += ok
        failed += not ok
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
