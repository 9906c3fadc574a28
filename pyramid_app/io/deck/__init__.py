"""The steering deck: a PowerPoint file of native slides, text and charts (python-pptx).

``content.py`` gathers what the deck says from a project, ``writer.py`` writes the slides
(``overview_slides.py``, ``segment_slides.py``, ``plan_slides.py``) with the look of
``style.py``, and ``text_fit.py`` measures text so that it fits its boxes.
"""
