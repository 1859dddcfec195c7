"""The shared package of the series: every notebook imports what it needs from here.

One module per idea, in the order the lessons introduce them (see README.md).
"""
from helpers.environment import setup

__all__ = ["setup"]
