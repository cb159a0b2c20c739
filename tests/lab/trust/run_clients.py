#!/usr/bin/env python3
# tests/lab/trust/run_clients.py: every (mode, case, client) handshake of
# the trust lab, a bounded number at a time (tests/e2e/trust_lab.sh).
#
# Usage: run_clients.py JOBS OUTDIR PORT WORKERS MODE=CAFILE:CASE,CASE... ...
# JOBS has one line per client, "PROFILE<TAB>MODES<TAB>COMMAND": COMMAND's
# words, with "@CA@" replaced by the mode's CAFILE ("-" is the client's
# default trust), then ADDR PORT appended. MODES is "all" or a
# comma-separated list of the modes the line is for. Each MODE=... argument
# names a mode, its CAFILE and its cases as CASE=ADDR pairs joined by ","
# ("system=-:good=127.0.1.1,aia=127.0.1.2"). Runs under the caller's
# environment (the changed-store namespace of sysstore.sh). Writes
# OUTDIR/MODE__CASE__PROFILE.json, the driver's last line or a "driver"
# failure; each run is bounded (90 s: a browser's own bound is 45 s).
# OUTDIR/times.tsv gets "SECONDS<TAB>LABEL" per run, for the test's timing
# summary.

import concurrent.futures as cf
import json
import shlex
import subprocess
import sys
import time


def main(argv):
    jobs, outdir, port, workers = argv[1:5]
    modes = []
    for spec in argv[5:]:
        mode, rest = spec.split("=", 1)
        ca, cases = rest.split(":", 1)
        modes.append((mode, ca, [c.split("=", 1) for c in cases.split(",")]))
    clients = [ln.rstrip("\n").split("\t", 2) for ln in open(jobs)
               if ln.strip()]
    pairs = []
    for mode, ca, cases in modes:
        for prof, for_modes, cmd in clients:
            if for_modes != "all" and mode not in for_modes.split(","):
                continue
            for case, addr in cases:
                argv2 = [ca if w == "@CA@" else w for w in shlex.split(cmd)]
                pairs.append(("%s__%s__%s" % (mode, case, prof),
                              argv2 + [addr, port]))

    def one(job):
        label, argv2 = job
        t0 = time.time()
        try:
            r = subprocess.run(argv2, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=90)
            lines = r.stdout.decode("utf-8", "replace").strip().splitlines()
            out = lines[-1] if lines else ""
            json.loads(out)
        except Exception as e:
            out = json.dumps({"ok": None, "error": "driver failed: %s" % e,
                              "class": "driver"})
        with open("%s/%s.json" % (outdir, label), "w") as f:
            f.write(out + "\n")
        return "%.1f\t%s\n" % (time.time() - t0, label)

    with cf.ThreadPoolExecutor(int(workers)) as ex:
        times = list(ex.map(one, pairs))
    with open("%s/times.tsv" % outdir, "w") as f:
        f.writelines(times)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
