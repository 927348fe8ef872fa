#!/usr/bin/env python3
"""Mutation fuzzer for the extractors: mutates real PDF/DOCX/HTML/TXT reports and parses each mutant alone
with `ingest parse`, the way a crawler's file would be parsed.

usage: tools/fuzz/fuzz.py [--minutes M] [--seed S] [--ingest PATH] [--out DIR] [--max-rss-mb N] [--timeout S]

A finding is any mutant whose parse
  * ends by a signal or with an exit code other than 0 (a report) or 2 (a stated rejection),
  * takes longer than --timeout seconds (default 60), or
  * peaks above --max-rss-mb MiB of resident memory (default 1024).
Findings are copied to --out (default fuzz-findings/) with a .txt describing them; turn each into a test.
Seeds: the committed corpus (corpus/generated/{pdf,docx,html,txt}) and the extractor fixtures.
"""
import argparse, glob, io, os, random, re, resource, shutil, signal, subprocess, sys, time, zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def seeds():
    files = []
    for pattern in ("corpus/generated/pdf/*.pdf", "corpus/generated/docx/*.docx", "corpus/generated/html/*.html",
                    "corpus/generated/txt/*.txt", "tests/IngestionPipeline.Core.Tests/Fixtures/*/*"):
        files += [f for f in glob.glob(os.path.join(ROOT, pattern)) if not f.endswith((".py", ".md", ".json"))]
    return sorted(files)


# ---- generic byte mutations -------------------------------------------------------------------------------

def flip(data, rnd):
    b = bytearray(data)
    for _ in range(rnd.randint(1, 16)):
        if b:
            b[rnd.randrange(len(b))] = rnd.randrange(256)
    return bytes(b)


def splice(data, rnd):
    if len(data) < 4:
        return data + data
    i, j = sorted(rnd.sample(range(len(data)), 2))
    chunk = data[i:j][:65536]
    k = rnd.randrange(len(data))
    return data[:k] + chunk * rnd.randint(1, 64) + data[k:]


def truncate(data, rnd):
    return data[: rnd.randrange(max(1, len(data)))]


def delete(data, rnd):
    if len(data) < 4:
        return data
    i, j = sorted(rnd.sample(range(len(data)), 2))
    return data[:i] + data[j:]


# ---- format-aware mutations ---------------------------------------------------------------------------------

def pdf_refs(data, rnd):
    """Re-point indirect references (N G R) at other objects: reference cycles, self-references, missing objects."""
    refs = [m for m in re.finditer(rb"(\d+) (\d+) R", data)]
    objs = [int(m.group(1)) for m in re.finditer(rb"(\d+) 0 obj", data)] or [1]
    if not refs:
        return flip(data, rnd)
    out = bytearray(data)
    for m in rnd.sample(refs, min(len(refs), rnd.randint(1, 8)))[::-1]:
        target = rnd.choice(objs + [int(m.group(1)), 99999])
        out[m.start():m.end()] = b"%d 0 R" % target
    return bytes(out)


def pdf_numbers(data, rnd):
    """Extreme numbers in operators and dictionaries (/Length, /Count, widths, coordinates)."""
    nums = list(re.finditer(rb"(?<![\w.])\d{1,6}(?![\w.])", data))
    if not nums:
        return flip(data, rnd)
    out = bytearray(data)
    for m in sorted(rnd.sample(nums, min(len(nums), rnd.randint(1, 20))), key=lambda x: -x.start()):
        out[m.start():m.end()] = rnd.choice([b"0", b"-1", b"2147483647", b"99999999999", b"1e308", b"65535"])
    return bytes(out)


def zip_mutate(data, rnd):
    """DOCX: mutate one part's XML (deep nesting, huge spans, repeated cells, broken markup) and re-zip."""
    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
        parts = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    except Exception:
        return flip(data, rnd)
    xml_parts = [n for n in parts if n.endswith(".xml")] or list(parts)
    name = rnd.choice(xml_parts)
    xml = parts[name]
    kind = rnd.randrange(6)
    if kind == 0:
        xml = xml.replace(b"<w:tc>", b"<w:tc>" + b"<w:tbl><w:tr><w:tc>" * 200, 1)
    elif kind == 1:
        xml = re.sub(rb'w:val="\d+"', lambda m: b'w:val="%d"' % rnd.choice([0, 65535, 2147483647, 63]), xml, count=50)
    elif kind == 2:
        m = re.search(rb"<w:tr[ >].*?</w:tr>", xml, re.S)
        if m:
            xml = xml[:m.end()] + m.group(0) * rnd.randint(100, 3000) + xml[m.end():]
    elif kind == 3:
        xml = truncate(xml, rnd)
    elif kind == 4:
        xml = xml.replace(b"<w:vMerge/>", b'<w:vMerge w:val="restart"/>').replace(b"<w:gridSpan", b"<w:gridSpan w:x=\"1\"", 3)
    else:
        xml = flip(xml, rnd)
    parts[name] = xml
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for n, content in parts.items():
            zout.writestr(n, content)
    return buf.getvalue()


def html_mutate(data, rnd):
    kind = rnd.randrange(5)
    if kind == 0:
        return data.replace(b"<td", b"<td colspan=\"%d\" rowspan=\"%d\"" % (rnd.choice([0, 1000, 65534, 2**31 - 1]), rnd.choice([0, 1000, 65534])), rnd.randint(1, 50))
    if kind == 1:
        i = rnd.randrange(max(1, len(data)))
        return data[:i] + b"<div><table><tr><td>" * rnd.randint(1000, 20000) + data[i:]
    if kind == 2:
        m = re.search(rb"<tr.*?</tr>", data, re.S)
        return data[:m.end()] + m.group(0) * rnd.randint(100, 5000) + data[m.end():] if m else data
    if kind == 3:
        return data.replace(b"charset=", b"charset=" + rnd.choice([b"utf-16", b"gb18030", b"x-unknown", b"utf-7"]), 1)
    return flip(data, rnd)


def txt_mutate(data, rnd):
    kind = rnd.randrange(4)
    if kind == 0:
        return data.replace(b"\t", b"|", rnd.randint(1, 500))
    if kind == 1:
        return b"<table>" * rnd.randint(1, 3000) + data
    if kind == 2:
        lines = data.split(b"\n")
        rnd.shuffle(lines)
        return b"\n".join(lines)
    return flip(data, rnd)


def mutate(path, data, rnd):
    ext = os.path.splitext(path)[1].lower()
    generic = [flip, splice, truncate, delete]
    special = {".pdf": [pdf_refs, pdf_numbers], ".docx": [zip_mutate, zip_mutate], ".html": [html_mutate, html_mutate],
               ".txt": [txt_mutate]}.get(ext, [])
    out = data
    for _ in range(rnd.randint(1, 3)):
        out = rnd.choice(generic + special * 2)(out, rnd)
    return out[: 64 * 1024 * 1024]


# ---- running ------------------------------------------------------------------------------------------------

def run_one(ingest, path, timeout):
    start = time.monotonic()
    proc = subprocess.Popen([ingest, "parse", path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    timed_out = False
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
    elapsed = time.monotonic() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return proc.returncode, timed_out, elapsed, err.decode("utf-8", "replace")[-2000:], usage.ru_maxrss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ingest", default=os.path.join(ROOT, "src/IngestionPipeline.Cli/bin/Release/net10.0/ingest"))
    ap.add_argument("--out", default=os.path.join(ROOT, "fuzz-findings"))
    ap.add_argument("--max-rss-mb", type=int, default=1024)
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args()
    if not os.path.exists(args.ingest):
        sys.exit(f"{args.ingest} not found: build it first (dotnet build -c Release src/IngestionPipeline.Cli)")
    rnd = random.Random(args.seed)
    corpus = seeds()
    work = os.path.join(args.out, "work")
    os.makedirs(work, exist_ok=True)
    deadline = time.monotonic() + args.minutes * 60
    runs = findings = 0
    outcomes = {}
    peak_rss = 0
    # RUSAGE_CHILDREN's ru_maxrss is the largest of all waited-for children, so a new peak is this child's.
    while time.monotonic() < deadline:
        seed_path = rnd.choice(corpus)
        data = mutate(seed_path, open(seed_path, "rb").read(), rnd)
        mutant = os.path.join(work, f"m{runs}{os.path.splitext(seed_path)[1]}")
        with open(mutant, "wb") as f:
            f.write(data)
        code, timed_out, elapsed, err, maxrss_kb = run_one(args.ingest, mutant, args.timeout)
        runs += 1
        new_peak = maxrss_kb > peak_rss
        peak_rss = max(peak_rss, maxrss_kb)
        reason = None
        if timed_out:
            reason = f"timeout after {elapsed:.1f}s"
        elif code not in (0, 2):
            reason = f"exit {code}" + (f" (signal {-code})" if code < 0 else "")
        elif new_peak and maxrss_kb > args.max_rss_mb * 1024:
            reason = f"peak RSS {maxrss_kb // 1024} MiB"
        reason_code = re.search(r"rejected: ([A-Z_]+)", err)
        key = "ok" if code == 0 else (reason_code.group(1) if code == 2 and reason_code else f"exit {code}")
        outcomes[key] = outcomes.get(key, 0) + 1
        if reason:
            findings += 1
            kept = os.path.join(args.out, f"finding-{findings}{os.path.splitext(seed_path)[1]}")
            shutil.copy(mutant, kept)
            with open(kept + ".txt", "w") as f:
                f.write(f"{reason}\nseed file: {os.path.relpath(seed_path, ROOT)}\nelapsed: {elapsed:.1f}s\nstderr:\n{err}\n")
            print(f"FINDING {kept}: {reason}", flush=True)
        os.remove(mutant)
        if runs % 100 == 0:
            print(f"{runs} runs, {findings} findings, peak RSS {peak_rss // 1024} MiB", flush=True)
    print(f"done: {runs} runs in {args.minutes} min, {findings} findings, peak RSS of any parse {peak_rss // 1024} MiB")
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items(), key=lambda kv: -kv[1])))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
