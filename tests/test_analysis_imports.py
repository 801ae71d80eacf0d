"""nnlib.analysis is numpy and the core only: importing it loads no matplotlib and no ipywidgets."""

import subprocess
import sys


def test_analysis_imports_no_gui_stack():
    code = (
        "import sys, pkgutil, importlib, nnlib.analysis as a\n"
        "for m in pkgutil.iter_modules(a.__path__): importlib.import_module(f'nnlib.analysis.{m.name}')\n"
        "print(sorted({n.split('.')[0] for n in sys.modules} & {'matplotlib', 'ipywidgets', 'ipympl'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
