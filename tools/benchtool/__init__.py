"""tools/benchtool: what tools/bench and tools/copydiagram are made of.

    programs.py   the benchmark programs and the kernels they run on (the lists to extend)
    runner.py     building them once with musl, running them in turns, progress
    figures.py    reading "figure:" lines, medians and spreads
    report.py     build/bench/report.md and report.json
    plots.py      the plots, drawn with gnuplot
    copies.py     the copy diagrams of a run (from copycount --trace on pagelab)
    copytrace.py  reading copycount's copy traces
    diagram.py    drawing a mechanism's copies as SVG
"""
