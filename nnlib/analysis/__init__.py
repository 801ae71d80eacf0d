"""The numbers behind the lessons' figures: numpy and the nnlib core only, no matplotlib, no widgets.

One module per lesson topic, named like the widget module that draws its numbers
(``nnlib.analysis.mnist`` computes, ``nnlib.widgets.mnist`` draws), plus ``grid`` (a regular grid
over the input plane). A learner or teacher can import these without the GUI stack, and the
tests check them here, apart from the pictures.
"""
