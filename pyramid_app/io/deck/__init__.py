"""The steering deck: a PowerPoint file of native slides, text and charts (python-pptx).

``content.py`` gathers what the deck says from a project (Qt-free figures), ``choice.py`` names
the slides, ``writer.py`` writes them (``overview_slides.py``, ``segment_slides.py``,
``plan_slides.py``) with the look of ``style.py`` at the places of ``geometry.py``;
``text_fit.py`` and ``tables.py`` measure text so that it fits its boxes and rows.
"""
