"""The tell stage: each story of an edition told once, from what its sources wrote.

Pure functions over texts: sentences and the extractive summary (``summary``), quotes with their
speakers (``quotes``), people, places and organisations (``entities``)."""
