#!/usr/bin/env python3
"""Where a fuzz run found its new coverage: in the tool's own code, or in the crates it uses.

    python3 fuzz/new_pcs.py LOG BINARY

LOG is a libFuzzer log of a run made with `-print_pcs=1` and address randomization off
(`fuzz/run.sh flat` does both), BINARY the target that made it. Each `NEW_PC` line (an instruction
reached for the first time after the kept corpus was loaded) is symbolized with `llvm-symbolizer`
and counted as the tool's own when any of its inlined frames lies in the project's `src/`. Of
those, it tells apart the ones whose innermost frame (the line the instruction was compiled from)
lies in `src/` from the ones whose innermost frame is in the standard library or a crate, inlined
into a function of the tool (a branch of `slice::sort` inside the tagger's evidence sort, say):
those are marked `[inlined from …]`. The time of each is estimated from the next status line
(`#N ... exec/s: E` is N executions in N/E seconds). Prints one line per new PC in the tool's own
code and a summary: how many new PCs, how many of them the tool's own (and of those, how many lie
in the code `#[derive(Serialize, Deserialize)]` generates, and how many were compiled from a line
of `src/` itself), and when the last of each was found.
"""
import os
import re
import shutil
import subprocess
import sys

# Where a position-independent executable is loaded when address randomization is off
# (`setarch -R`) on x86-64 Linux.
BASE = 0x555555554000


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    log, binary = sys.argv[1], sys.argv[2]
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
    src = os.path.realpath(src) + os.sep
    pending, found, end = [], [], 0.0  # found: (address, seconds)
    status = re.compile(r"^#(\d+)\s.*exec/s: (\d+)")
    with open(log, errors="replace") as lines:
        for line in lines:
            if line.startswith("\tNEW_PC: "):
                pending.append(int(line.split()[1], 16))
                continue
            m = status.match(line)
            if m and int(m.group(2)) > 0:
                seconds = int(m.group(1)) / int(m.group(2))
                end = max(end, seconds)
                found.extend((pc, seconds) for pc in pending)
                pending = []
    found.extend((pc, end) for pc in pending)
    if not found:
        print(f"{log}: no new PC after the corpus was loaded (run about {end / 60:.0f} min)")
        return
    symbolizer = shutil.which("llvm-symbolizer")
    if symbolizer is None:
        sys.exit("llvm-symbolizer is needed to tell the tool's own code from the crates it uses")
    query = "".join(f"0x{pc - BASE:x}\n" for pc, _ in found)
    out = subprocess.run(
        [symbolizer, f"--obj={binary}", "--inlining", "--functions=short", "--demangle"],
        input=query, capture_output=True, text=True, check=True,
    ).stdout
    # One block per address: pairs of lines (function, file:line), blocks separated by a blank line.
    blocks = out.strip("\n").split("\n\n")
    # every new PC of the tool's own code; those not made by serde's derive; of those, the ones
    # compiled from a line of src/ itself (innermost frame in src/)
    own, written, lines = [], [], []
    for (pc, seconds), block in zip(found, blocks):
        frames = block.splitlines()
        places = [os.path.realpath(f.rsplit(":", 2)[0]) for f in frames[1::2]]
        mine = [(fn, f) for fn, f, p in zip(frames[0::2], frames[1::2], places) if p.startswith(src)]
        if mine:
            fn, place = mine[0]
            own.append(seconds)
            # What `#[derive(Serialize, Deserialize)]` generates: the tool's by its place,
            # serde's in substance.
            if not fn.startswith(("visit_", "serialize", "deserialize")):
                written.append(seconds)
                if places and places[0].startswith(src):
                    lines.append(seconds)
            inlined = ""
            if places and not places[0].startswith(src):
                inlined = f"  [inlined from {frames[0]} {frames[1].rsplit('/', 1)[-1]}]"
            print(f"{seconds / 60:6.1f} min  {fn}  {os.path.relpath(place.rsplit(':', 2)[0], src)}:{place.rsplit(':', 2)[1]}{inlined}")
    last_any = max(s for _, s in found)
    summary = (f"{log}: run about {end / 60:.0f} min; {len(found)} new PCs after the corpus was loaded, "
               f"the last at {last_any / 60:.1f} min; {len(own)} in the tool's own code (src/)")
    if own:
        summary += f", the last at {max(own) / 60:.1f} min"
        summary += f"; {len(own) - len(written)} of them in code serde's derive wrote"
        if written:
            summary += f", the last of the others at {max(written) / 60:.1f} min"
        half = end / 2
        summary += (f"; {len(lines)} compiled from a line of src/ itself"
                    f" ({sum(s > half for s in lines)} in the second half,"
                    f" against {sum(s > half for s in written)} with inlined code counted)")
    print(summary)


if __name__ == "__main__":
    main()
