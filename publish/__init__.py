"""The series without a kernel: an offline static site and slides built from the lessons'
stored outputs.

Handles: `python -m publish site` (HTML pages of every lesson, the glossary and an index,
with MathJax and every other script served from the site folder itself, never a CDN) and
`python -m publish slides` (one slide deck per lesson, from each cell's slideshow metadata,
shown by a small presenter script in the page). Stored widgets become their stored output
beside a still picture of their controls (publish.static_widgets).
Leaves out: executing notebooks (the stored outputs are what `make test` checks), and
hosting: open site/index.html from disk or serve the folder with any web server.
"""
