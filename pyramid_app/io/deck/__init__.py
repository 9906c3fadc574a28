"""The steering deck: a PowerPoint file of native slides, text and charts (python-pptx)."""
