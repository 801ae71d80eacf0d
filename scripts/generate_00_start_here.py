"""Write notebooks/00_start_here.ipynb (without outputs) from the cells below.

    python scripts/generate_00_start_here.py
    python scripts/execute_notebooks.py notebooks/00_start_here.ipynb

The stored, executed notebook is the product; this script only keeps its source readable and
re-creatable. The table of lessons links every lesson notebook that exists in notebooks/ and
lists the others by title, so re-run both commands when a lesson is added.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TARGET = NOTEBOOKS / "00_start_here.ipynb"

LESSONS = [
    ("00_start_here", "Start here",
     "how to use the lessons, a check that live figures work, this table"),
    ("01_neuron", "A single neuron",
     "weights, bias and activation of a 2-input neuron; its decision line moving with sliders"),
    ("02_xor", "XOR and the hidden layer",
     "why one neuron cannot compute XOR, how two hidden neurons bend the plane until it can"),
    ("03_dense_layers", "Dense layers",
     "a layer as one matrix product; counting the 13,002 parameters of a 784-16-16-10 network"),
    ("04_cost_function", "The cost function",
     "squared error, absolute error and cross-entropy; dragging an outlier; the cost surface"),
    ("05_gradient_descent", "Gradient descent",
     "the slope, the learning rate from crawling to diverging, mini-batches and epochs"),
    ("06_backpropagation", "Backpropagation",
     "the chain rule step by step, and checking gradients against a numerical estimate"),
    ("07_mnist", "MNIST and its weight grids",
     "training a digit recogniser from scratch and looking inside it; drawing your own digit"),
    ("08_training_well", "Training well",
     "over- and underfitting, early stopping, dropout, batch normalisation"),
]


def lesson_link(stem: str, title: str) -> str:
    number = stem[:2]
    if (NOTEBOOKS / f"{stem}.ipynb").exists() or stem == "00_start_here":
        return f"[{number} · {title}]({stem}.ipynb)"
    return f"{number} · {title} (coming soon)"


def lesson_table() -> str:
    rows = ["| lesson | what you will see and move |", "|---|---|"]
    rows += [f"| {lesson_link(stem, title)} | {what} |" for stem, title, what in LESSONS]
    return "\n".join(rows)


CELLS: list[tuple[str, str]] = [
    ("md", """# 00 · Start here

This series builds a neural network from a single neuron up to a recogniser of handwritten digits,
with nothing but numpy, and lets you move every idea with sliders and watch what it does.
The lessons are Jupyter notebooks: text, code you run, and live figures.

**You will learn**
- how to run the cells of a lesson, and how to start a lesson afresh;
- how the interactive figures (widgets) work, and what to do if they do not appear;
- what the self-check exercises at the end of each lesson look like;
- which lessons there are, and in what order."""),
    ("md", """## The lessons

Take them in order: each builds on the one before.

{table}"""),
    ("md", """## Setup

Every lesson starts with one setup cell like the next one. `%matplotlib widget` turns figures into
live figures that can change while you watch; the imports bring in the small `nnlib` package
that comes with the lessons; `rng` is the one random number generator of the lesson, seeded so
that you get the same numbers as the text.

**Run it:** click into the cell and press **Shift+Enter**."""),
    ("code", """%matplotlib widget
import time

import ipywidgets
import matplotlib
import numpy as np

from nnlib.exercises import ____, lesson00
from nnlib.widgets import SineWave, TrainingBoard

rng = np.random.default_rng(seed=0)
print("setup done: the random number generator is seeded with 0")"""),
    ("md", """## Running cells

- **Shift+Enter** runs the current cell and moves to the next one; **Ctrl+Enter** runs it and stays.
- While a cell runs its label shows `[*]`; when it is done, a number `[3]` tells the order in which
  cells ran. A lesson is meant to run from top to bottom.
- You can change any code cell and run it again. Try it on the next cell: run it twice."""),
    ("code", """numbers = rng.normal(size=3)
print("three random numbers:", np.array2string(numbers, precision=3))"""),
    ("md", """The second run printed three *different* numbers: the generator moved on. To start a lesson
afresh use the menu **Kernel → Restart Kernel and Run All Cells…** (or the toolbar button with
two triangles, "Restart the kernel and run all cells"): the notebook forgets everything and runs from the top, and the first run's numbers
come back. Do that whenever a lesson gets into a muddle, for example after running cells out of order."""),
    ("md", """## Check that live figures work

The next cell shows a widget: two sliders, a sine curve and, on the right, readouts with the
numbers behind the picture. **Drag the `frequency` slider**: the curve, the dot at x = 1 and the
readouts follow at once. Sliders also work from the keyboard: click one (or reach it with **Tab**)
and press the arrow keys."""),
    ("code", """sine = SineWave()
sine"""),
    ("md", """**If the figure does not respond**, find what you see:

| what you see | why | what to do |
|---|---|---|
| a picture, but no sliders, or sliders that change nothing | the cell has not run in this session: the picture is a copy saved with the lesson | run the cell (Shift+Enter) |
| an error box saying the widget cannot be displayed, *Loading widget...* that never ends, or a line of text that starts with `VBox` or `Canvas` in place of the figure | the browser half of the widgets is missing or does not match the Python half | install both into the environment that runs JupyterLab: `pip install ipympl ipywidgets` (in this repository `make lab` does it), then **stop JupyterLab completely and start it again**, and reload the browser tab; restarting only the kernel is not enough |
| `ModuleNotFoundError: No module named 'ipympl'` or an error about `widget` in the setup cell | ipympl is missing where the kernel runs | run `%pip install ipympl` in a cell, then Kernel → Restart Kernel |
| the figure appears but freezes | another cell is still running (`[*]`) | wait, or press ■ (interrupt) |

In Google Colab, run `from google.colab import output; output.enable_custom_widget_manager()` once
before the setup cell. In VS Code, the Jupyter extension shows these widgets too.
The next cell checks the Python half for you:"""),
    ("code", """backend = matplotlib.get_backend()
live = "ipympl" in backend or backend == "widget"
print("live figures (ipympl backend):", "yes" if live else f"NO, the backend is {backend!r}")
print("ipywidgets 8 or newer:", "yes" if int(ipywidgets.__version__.split(".")[0]) >= 8 else "NO")"""),
    ("md", """## Widgets can be driven from code too

Every widget in the series has an `update(...)` method that does what moving its sliders does.
Run the next cell, then scroll up: the sliders have moved and the curve has changed."""),
    ("code", """sine.update(frequency=2.0, phase=0.5)
print(sine.readout_text())"""),
    ("md", """The lessons check their claims in code. An `assert` stays silent when its claim is true and
stops with an error when it is false. Here: the curve on the screen is exactly the formula in the
widget's title."""),
    ("code", """assert np.allclose(sine.line.get_ydata(), np.sin(2.0 * sine.x + 0.5))
print("the widget draws y = sin(2.0 * x + 0.5): checked")"""),
    ("md", """## Figures that move while a cell runs

Training a network is a loop that runs for a while. The lessons show a *board* in one cell and run
the loop in the next, and the board's curves grow while the loop runs. Try it: run the next two
cells. The loop lets a number `w` walk downhill on the curve loss(w) = (w − 3)², each step going
against the slope 2(w − 3). Lesson 05 explains why this finds the bottom."""),
    ("code", """board = TrainingBoard(epochs=30, accuracy=False, xlabel="step")
board"""),
    ("code", """w, lr = -1.0, 0.1
for step in range(1, 31):
    w = w - lr * 2 * (w - 3)
    board.log(step, loss=(w - 3) ** 2)
    time.sleep(0.05)  # only so that you can watch; real training does not wait
board.finish()
print(f"w = {w:.4f}")"""),
    ("md", """## Self-check exercises

Each lesson ends with a few exercises. Each one is a small object with three methods:

- `.check(your_answer)` says **Correct**, **Not yet** (with what is wrong, without the answer), or
  **Not attempted yet** while the blank `____` is still in your answer;
- `.hint()` gives a first hint, `.hint(2)` a stronger one;
- `.solution()` shows code that solves it. Try for yourself first!

Nothing is graded or recorded: the checks are there for you. Here is what a wrong answer looks
like (the value of the wave *before* the sliders were moved):"""),
    ("code", """lesson00.read_readout.check(0.841)"""),
    ("md", """## Exercises

### Exercise 1: read a number off a widget"""),
    ("code", """lesson00.read_readout"""),
    ("code", """y1 = ____
lesson00.read_readout.check(y1)"""),
    ("code", """lesson00.read_readout.hint()"""),
    ("md", """### Exercise 2: write the widget's formula

Replace the `____` by the formula, run the cell, and let the check call your function on a few
arrays."""),
    ("code", """lesson00.wave_function"""),
    ("code", """def wave(x, frequency, phase):
    return ____


lesson00.wave_function.check(wave)"""),
    ("md", """## Summary

- **Shift+Enter** runs a cell; **Kernel → Restart Kernel and Run All Cells…** runs a lesson afresh,
  with the same numbers as the text because every lesson seeds its random generator.
- A widget is a live figure with controls and readouts: drag a slider (or use the arrow keys),
  or call `update(...)` from code. Before a cell runs you see a saved picture of it.
- If a widget does not appear: install `ipympl` and `ipywidgets` where JupyterLab runs and
  restart JupyterLab itself, not only the kernel.
- Long loops draw on a board shown in the cell above them.
- Exercises answer `.check(...)` with Correct, Not yet or Not attempted yet, and offer
  `.hint()` and `.solution()`."""),
    ("md", """---
Next: [01 · A single neuron](01_neuron.ipynb) →, where one neuron weighs two inputs and you move
its decision line."""),
]


def build() -> nbformat.NotebookNode:
    nb = new_notebook()
    table = lesson_table()
    for i, (kind, source) in enumerate(CELLS):
        source = source.replace("{table}", table)
        cell = new_markdown_cell(source) if kind == "md" else new_code_cell(source)
        cell["id"] = f"cell-{i:02d}"
        nb.cells.append(cell)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


if __name__ == "__main__":
    NOTEBOOKS.mkdir(exist_ok=True)
    nbformat.write(build(), TARGET)
    print(f"wrote {TARGET.relative_to(ROOT)} (run scripts/execute_notebooks.py on it next)")
